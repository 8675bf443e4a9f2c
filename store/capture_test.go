package store

import (
	"bytes"
	"errors"
	"net/http"
	"reflect"
	"testing"
	"time"
)

func testCapture(i int) *Capture {
	return &Capture{
		URL:           testArticle(i).URL,
		Fetched:       time.Date(2025, 2, 1, 9, 30, 0, 0, time.UTC),
		Status:        200,
		RequestHeader: http.Header{"User-Agent": {"depeche-test"}},
		Header:        http.Header{"Content-Type": {"text/html; charset=utf-8"}},
		Body:          bytes.Repeat([]byte("<p>Un paragraphe assez long pour être compressé.</p>\n"), 50),
	}
}

func TestCaptureRoundTrips(t *testing.T) {
	db, _ := openTemp(t)
	a := testArticle(1)
	a.Capture = testCapture(1)
	id, _ := mustSave(t, db, a, "world", "")
	got, err := db.Capture(id)
	if err != nil {
		t.Fatalf("Capture: %v", err)
	}
	if !reflect.DeepEqual(got, a.Capture) {
		t.Errorf("Capture = %+v, want %+v", got, a.Capture)
	}
	stored, err := db.Article(id)
	if err != nil {
		t.Fatal(err)
	}
	if stored.Capture != nil {
		t.Error("Article loaded the capture, want it left out")
	}
	if stored.CaptureHash == "" || stored.CaptureHash != a.CaptureHash {
		t.Errorf("CaptureHash = %q, want the one Save set on the article (%q)", stored.CaptureHash, a.CaptureHash)
	}
}

func TestCaptureMissing(t *testing.T) {
	db, _ := openTemp(t)
	id, _ := mustSave(t, db, testArticle(1), "world", "")
	tests := []struct {
		name string
		id   uint64
	}{
		{"article-without-capture", id},
		{"no-such-article", 99},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := db.Capture(tt.id); !errors.Is(err, ErrNotFound) {
				t.Errorf("Capture(%d) error %v, want ErrNotFound", tt.id, err)
			}
		})
	}
}

func TestDuplicateKeepsFirstCapture(t *testing.T) {
	db, _ := openTemp(t)
	a := testArticle(1)
	a.Capture = testCapture(1)
	id, _ := mustSave(t, db, a, "world", "")
	b := testArticle(1)
	b.Capture = testCapture(1)
	b.Capture.Body = []byte("other")
	if _, created := mustSave(t, db, b, "front", ""); created {
		t.Fatal("the same URL was saved twice")
	}
	got, err := db.Capture(id)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Body, a.Capture.Body) {
		t.Error("a duplicate replaced the first capture")
	}
}
