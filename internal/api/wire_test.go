package api

import (
	"net/url"
	"testing"
	"time"

	"github.com/depeche-archiver/depeche/store"
)

// Both halves use one encoding: what a client sends, the server reads back
// to the same request, times to the same instant.
func TestExportRequestRoundTrips(t *testing.T) {
	hanoi := time.FixedZone("ICT", 7*3600)
	tests := map[string]ExportRequest{
		"empty": {Format: FormatJSONL},
		"every-filter": {Format: FormatJSONL, Filter: store.ExportFilter{
			Feed: "vna-fr", Since: time.Date(2025, 4, 29, 14, 30, 0, 500, hanoi), Until: time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC),
			By: store.ByArchived, After: 1 << 40, Revisions: true,
		}},
		"warc-file": {Format: FormatWARC, Filename: "vna.warc.gz"},
	}
	for name, want := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := ParseExportRequest(want.Query())
			if err != nil {
				t.Fatal(err)
			}
			if !got.Filter.Since.Equal(want.Filter.Since) || !got.Filter.Until.Equal(want.Filter.Until) {
				t.Errorf("times %v..%v, want %v..%v", got.Filter.Since, got.Filter.Until, want.Filter.Since, want.Filter.Until)
			}
			got.Filter.Since, got.Filter.Until = want.Filter.Since, want.Filter.Until
			if got != want {
				t.Errorf("round trip gave %+v, want %+v", got, want)
			}
		})
	}
}

func TestExportFilenameIsABaseName(t *testing.T) {
	sent := ExportRequest{Format: FormatWARC, Filename: "/home/me/exports/vna.warc.gz"}
	if q := sent.Query().Get("filename"); q != "vna.warc.gz" {
		t.Errorf("the client sent filename=%q, want the base name", q)
	}
	got, err := ParseExportRequest(url.Values{"format": {"warc"}, "filename": {"../../etc/vna.warc"}})
	if err != nil || got.Filename != "vna.warc" {
		t.Errorf("the server read filename %q (%v), want the base name", got.Filename, err)
	}
}

func TestBackfillRequestRoundTrips(t *testing.T) {
	want := BackfillRequest{Feed: "vna-fr", Since: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), Max: 50, Restart: true}
	got, err := ParseBackfillRequest(want.Query())
	if err != nil {
		t.Fatal(err)
	}
	if !got.Since.Equal(want.Since) || !got.Until.IsZero() {
		t.Errorf("bounds %v..%v, want %v..open", got.Since, got.Until, want.Since)
	}
	got.Since = want.Since
	if got != want {
		t.Errorf("round trip gave %+v, want %+v", got, want)
	}
}
