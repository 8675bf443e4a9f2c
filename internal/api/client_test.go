package api

import (
	"archive/tar"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/depeche-archiver/depeche/store"
)

// archiveOf opens an archive holding n articles.
func archiveOf(t *testing.T, n int) *store.DB {
	t.Helper()
	db := openArchive(t, store.Options{})
	for i := range n {
		url := fmt.Sprintf("https://news.example/story-%d", i)
		a := &store.Article{
			URL: url, Title: fmt.Sprintf("Story %d", i), Fetched: time.Date(2026, 1, 1, i, 0, 0, 0, time.UTC),
			Text: fmt.Sprintf("The %d-th story of the day, written for this test alone, about nothing much.", i),
		}
		if _, _, err := db.Save(a, "news", url, url); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

// clientOf serves o over a real HTTP server and returns a client of it.
func clientOf(t *testing.T, o Options) *Client {
	t.Helper()
	srv := httptest.NewServer(NewServer(o).Handler())
	t.Cleanup(srv.Close)
	c := NewClient(srv.Listener.Addr().String(), o.Token)
	if c == nil {
		t.Fatalf("no client for %s", srv.Listener.Addr())
	}
	return c
}

func TestClientExportIsTheArchivesExport(t *testing.T) {
	db := archiveOf(t, 3)
	c := clientOf(t, testOptions(db, true, "127.0.0.1:0", ""))
	var want bytes.Buffer
	if _, err := db.Export(&want, store.ExportFilter{Feed: "news"}); err != nil {
		t.Fatal(err)
	}
	stream, err := c.Export(t.Context(), ExportRequest{Filter: store.ExportFilter{Feed: "news"}})
	if err != nil {
		t.Fatal(err)
	}
	defer stream.Close()
	var got bytes.Buffer
	n, err := stream.CopyTo(&got)
	if err != nil || n.Articles != 3 || got.String() != want.String() {
		t.Errorf("export through the API: %+v, %v, %d bytes; want 3 articles, the %d bytes of the archive's own export", n, err, got.Len(), want.Len())
	}
}

func TestClientFeedsAndBackup(t *testing.T) {
	db := archiveOf(t, 1)
	c := clientOf(t, testOptions(db, true, "127.0.0.1:0", ""))
	rows, err := c.Feeds(t.Context())
	if err != nil || len(rows) != 1 || rows[0].Name != "vna-fr" || rows[0].State != StateNeverPolled {
		t.Errorf("Feeds = %+v, %v; want vna-fr never polled", rows, err)
	}
	stream, err := c.Backup(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer stream.Close()
	if err := stream.Whole(); err == nil {
		t.Error("Whole before the body was read says the copy is whole")
	}
	tr := tar.NewReader(stream.Body())
	var names []string
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, h.Name)
	}
	io.Copy(io.Discard, stream.Body())
	if err := stream.Whole(); err != nil || len(names) != 2 {
		t.Errorf("backup of %q: Whole = %v, want the two files of a whole copy", names, err)
	}
}

func TestClientReload(t *testing.T) {
	o := testOptions(openArchive(t, store.Options{}), true, "127.0.0.1:0", "")
	refuse := errors.New("config.yaml:3: feeds[0].url: not an http(s) URL")
	o.Reload = func() (ReloadResult, error) { return ReloadResult{}, refuse }
	if _, err := clientOf(t, o).Reload(t.Context()); err == nil || !strings.Contains(err.Error(), "refused its config") || !strings.Contains(err.Error(), refuse.Error()) {
		t.Errorf("Reload of a refused config: %v, want the daemon's refusal with its reason", err)
	}
	o.Reload = func() (ReloadResult, error) {
		return ReloadResult{Feeds: 3, Added: 1, Restart: []string{"listen"}}, nil
	}
	res, err := clientOf(t, o).Reload(t.Context())
	if err != nil || res.Feeds != 3 || res.Added != 1 || len(res.Restart) != 1 {
		t.Errorf("Reload = %+v, %v; want what the daemon did", res, err)
	}
}

func TestClientBackfill(t *testing.T) {
	o := testOptions(openArchive(t, store.Options{}), true, "127.0.0.1:0", "")
	started, release := make(chan BackfillRequest, 1), make(chan struct{})
	o.Backfill = func(req BackfillRequest) (BackfillRun, error) {
		if req.Feed == "unknown" {
			return nil, errors.New(`no feed named "unknown" in the config`)
		}
		return func(ctx context.Context, out io.Writer) error {
			fmt.Fprintln(out, "walking the past of", req.Feed)
			started <- req
			<-release
			return errors.New("sitemap.xml: 503 Service Unavailable")
		}, nil
	}
	c := clientOf(t, o)
	if _, err := c.Backfill(t.Context(), BackfillRequest{Feed: "unknown"}); err == nil || !strings.Contains(err.Error(), "400") || !strings.Contains(err.Error(), "no feed named") {
		t.Errorf("Backfill of an unknown feed: %v, want 400 naming it", err)
	}
	first, err := c.Backfill(t.Context(), BackfillRequest{Feed: "news", Max: 5})
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	if req := <-started; req.Max != 5 {
		t.Errorf("the daemon ran %+v, want max 5", req)
	}
	if _, err := c.Backfill(t.Context(), BackfillRequest{Feed: "news"}); err == nil || !strings.Contains(err.Error(), "409") {
		t.Errorf("a second backfill while one runs: %v, want 409", err)
	}
	close(release)
	var out bytes.Buffer
	err = first.CopyTo(&out)
	if err == nil || !strings.Contains(err.Error(), "503 Service Unavailable") || !strings.Contains(out.String(), "walking the past of news") {
		t.Errorf("backfill: %v, output %q; want its progress, then its error from the trailer", err, out.String())
	}
}

func TestNoClientWithoutAPort(t *testing.T) {
	for _, listen := range []string{"", "127.0.0.1:0", "localhost"} {
		if c := NewClient(listen, ""); c != nil {
			t.Errorf("NewClient(%q) = %s, want none", listen, c)
		}
	}
	if c := NewClient("0.0.0.0:8077", ""); c == nil || c.String() != "http://127.0.0.1:8077" {
		t.Errorf("NewClient(0.0.0.0:8077) = %v, want loopback", c)
	}
}
