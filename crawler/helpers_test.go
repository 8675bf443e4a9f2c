package crawler

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/depeche-archiver/depeche/crawler/clean"
	"github.com/depeche-archiver/depeche/crawler/fetch"
	"github.com/depeche-archiver/depeche/store"
)

// fixture returns the bytes of testdata/crawler/name.
func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "crawler", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// localOptions are defaults that may reach httptest servers on 127.0.0.1.
func localOptions(o Options) Options {
	o.AllowPrivateNetworks = true
	return o.withDefaults()
}

// wantFetchError asserts that err is a *fetch.Error of kind and, when
// status is not 0, of that HTTP status.
func wantFetchError(t *testing.T, err error, kind fetch.Kind, status int) *fetch.Error {
	t.Helper()
	var fe *fetch.Error
	if !errors.As(err, &fe) {
		t.Fatalf("err = %v (%T), want a *fetch.Error of kind %s", err, err, kind)
	}
	if fe.Kind != kind {
		t.Fatalf("kind = %q, want %q (err: %v)", fe.Kind, kind, err)
	}
	if status != 0 && fe.Status != status {
		t.Fatalf("status = %d, want %d (err: %v)", fe.Status, status, err)
	}
	return fe
}

// feedCrawler is a Crawler without an archive, enough to fetch feeds.
func feedCrawler(t *testing.T, o Options) *Crawler {
	t.Helper()
	c, err := New(nil, nil, o)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// archivingCrawler opens a real archive in a temporary directory (closed
// when the test ends) and a crawler over it with generic cleaning.
func archivingCrawler(t testing.TB, o Options) (*Crawler, *store.DB) {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "archive.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return crawlerOver(t, o, db), db
}

// crawlerOver is a crawler over the open archive db, cleaning with the
// site rules given.
func crawlerOver(t testing.TB, o Options, db *store.DB, rules ...clean.Rule) *Crawler {
	t.Helper()
	cl, err := clean.New(rules)
	if err != nil {
		t.Fatal(err)
	}
	c, err := New(db, cl, o)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
