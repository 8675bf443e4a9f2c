package store

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// storedJSON is the stored form of a, as Save writes it.
func storedJSON(t testing.TB, a *Article) string {
	t.Helper()
	raw, err := encodeArticle(a)
	if err != nil {
		t.Fatalf("encodeArticle: %v", err)
	}
	return string(raw)
}

// checkScan scans raw and, when scan accepts it, fails unless json.Unmarshal
// decodes the same. It returns whether scan accepted raw.
func checkScan(t *testing.T, raw string) bool {
	t.Helper()
	var got storedArticle
	if !got.scan([]byte(raw)) {
		return false
	}
	var want storedArticle
	if err := json.Unmarshal([]byte(raw), &want); err != nil {
		t.Fatalf("scan accepted %s, which json.Unmarshal refuses: %v", raw, err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("scan of %s:\n got %+v\nwant %+v", raw, got, want)
	}
	return true
}

func TestScanStored(t *testing.T) {
	escaped := fullArticle()
	escaped.Title, escaped.Text, escaped.Tags = escapes, escapes, []string{escapes}
	escaped.Images = []Image{{URL: escapes, Caption: escapes, Credit: escapes}}
	tests := []struct {
		name   string
		raw    string
		accept bool
	}{
		{"every-field", storedJSON(t, fullArticle()), true},
		{"every-escape-json-writes", storedJSON(t, escaped), true},
		{"schema-1-without-revision", storedJSON(t, testArticle(1)), true},
		{"empty-arrays", `{"feeds":[],"tags":[],"images":[]}`, true},
		{"null-array", `{"feeds":null,"images":null}`, true},
		{"null-image", `{"images":[null]}`, false},
		{"repeated-key", `{"images":[{"url":"a","credit":"c"}],"images":[{"url":"b"}]}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := checkScan(t, tt.raw); got != tt.accept {
				t.Errorf("scan accepted %s: %v, want %v", tt.raw, got, tt.accept)
			}
		})
	}
}

// TestStoredFieldsFollowTags fails when storedArticle gains, loses or
// reorders a field that storedFields does not: scan would then give every
// new article to json.Unmarshal.
func TestStoredFieldsFollowTags(t *testing.T) {
	typ := reflect.TypeFor[storedArticle]()
	if typ.NumField() != len(storedFields) {
		t.Fatalf("storedArticle has %d fields, storedFields %d", typ.NumField(), len(storedFields))
	}
	for i := range typ.NumField() {
		name, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
		if name != storedFields[i].Key {
			t.Errorf("field %d: tag %q, storedFields has %q", i, name, storedFields[i].Key)
		}
	}
}

func FuzzScanStored(f *testing.F) {
	escaped := fullArticle()
	escaped.Text = escapes
	for _, a := range []*Article{fullArticle(), testArticle(1), escaped} {
		f.Add(storedJSON(f, a))
	}
	f.Add(`{"images":[{"url":"a"},{}],"revision":-0,"feeds":[]}`)
	f.Fuzz(func(t *testing.T, raw string) {
		checkScan(t, raw)
	})
}
