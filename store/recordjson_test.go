package store

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
	"time"
)

// encoderJSON is what a json.Encoder with HTML escaping off writes for v:
// the reference appendJSON must match byte for byte.
func encoderJSON(t testing.TB, v any) string {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatalf("Encode: %v", err)
	}
	return buf.String()
}

// fullArticle is an article with every field a Record takes set.
func fullArticle() *Article {
	a := testArticle(7)
	a.ID, a.CanonicalURL, a.GUID = 7, "https://news.example/7", "g-7"
	a.Feeds = []string{"world", "front"}
	a.Images = append(a.Images, Image{URL: "https://img.example/b.jpg", Credit: "Agency"})
	a.ContentHash = contentHash(a.Text)
	a.Revision, a.Revised, a.Reason = 3, time.Date(2025, 4, 1, 10, 0, 0, 0, time.UTC), "reclean"
	a.Changed, a.Cursor, a.Cluster = []string{"text", "title"}, 42, 5
	a.Source = SourceFeed
	a.Page = &PageOutcome{Status: PageUnavailable, HTTPStatus: 410, Reason: "gone", Tries: 1, LastTry: time.Date(2025, 4, 1, 9, 0, 0, 0, time.UTC)}
	a.Enclosures = []Enclosure{{URL: "https://media.example/7.mp3", Type: "audio/mpeg", Length: 1234567}, {URL: "https://media.example/7.pdf"}}
	a.Withdrawn, a.WithdrawnStatus = time.Date(2025, 4, 2, 8, 0, 0, 0, time.UTC), 410
	return a
}

// escapes holds every kind of character encoding/json treats apart.
const escapes = "quote \" backslash \\ slash / <b>&amp;</b> \b\f\n\r\t \x00\x01\x1f\x7f " +
	"é€😀 \u2028 \u2029 \ufffd invalid \xff\xc3 \xed\xa0\x80 end"

func TestRecordAppendJSON(t *testing.T) {
	tests := []struct {
		name string
		rec  func() Record
	}{
		{"every-field", func() Record { return newRecord(fullArticle()) }},
		{"optional-fields-empty", func() Record {
			a := fullArticle()
			a.Published, a.Revised, a.Reason, a.Changed, a.Cluster = time.Time{}, time.Time{}, "", nil, 0
			a.Source, a.Page, a.Enclosures = "", nil, nil
			a.Withdrawn, a.WithdrawnStatus = time.Time{}, 0
			a.Feeds, a.Tags, a.Images = nil, nil, nil
			return newRecord(a)
		}},
		{"nil-arrays-and-empty-changed", func() Record { return Record{Schema: RecordSchema, Changed: []string{}} }},
		{"escapes-in-every-string", func() Record {
			a := fullArticle()
			a.URL, a.Title, a.Lead, a.Text, a.Author = escapes, escapes, escapes, escapes, escapes
			a.Tags, a.Feeds, a.Changed = []string{escapes, ""}, []string{escapes}, []string{escapes}
			a.Images = []Image{{URL: escapes, Caption: escapes, Credit: escapes}, {}}
			a.Reason = escapes
			a.Page.Reason, a.Enclosures[0].URL, a.Enclosures[0].Type = escapes, escapes, escapes
			return newRecord(a)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := tt.rec()
			if got, want := string(rec.appendJSON(nil)), encoderJSON(t, rec); got != want {
				t.Errorf("appendJSON:\n got %s\nwant %s", got, want)
			}
		})
	}
}

// TestRecordAppendJSONCoversRecord fails when a field is added to Record
// that fullArticle leaves zero: TestRecordAppendJSON would not see that
// appendJSON lacks it.
func TestRecordAppendJSONCoversRecord(t *testing.T) {
	v := reflect.ValueOf(newRecord(fullArticle()))
	for i := range v.NumField() {
		if v.Field(i).IsZero() {
			t.Errorf("Record.%s is zero in the record of fullArticle: set it there", v.Type().Field(i).Name)
		}
	}
}

func FuzzAppendJSONString(f *testing.F) {
	for _, s := range []string{"", "plain", escapes, "\xe2\x80", "\xe2\x80\xa8\xe2\x80\xa9", "\xf4\x90\x80\x80"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := string(appendJSONString(nil, s))+"\n", encoderJSON(t, s); got != want {
			t.Errorf("appendJSONString(%q) = %s, want %s", s, got, want)
		}
	})
}
