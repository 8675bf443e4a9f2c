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
	full := storedJSON(t, fullArticle())
	tests := []struct {
		name   string
		raw    string
		accept bool
	}{
		{"every-field", full, true},
		{"every-escape-json-writes", storedJSON(t, escaped), true},
		{"schema-1-without-revision", storedJSON(t, testArticle(1)), true},
		{"empty-arrays", `{"feeds":[],"tags":[],"images":[]}`, true},
		{"white-space", " {\n\t\"url\" : \"u\" ,\r\"revision\": -0 } ", true},
		{"keys-out-of-order", `{"cursor":4,"url":"u","feeds":["a"]}`, true},
		{"empty-object", `{}`, true},
		{"null-array", `{"feeds":null,"images":null}`, true},
		{"null-values", `{"url":null,"cursor":null,"revision":null,"fetched":null}`, true},
		{"null-image", `{"images":[null]}`, false},
		{"key-in-other-case", `{"URL":"u"}`, false},
		{"unknown-key", `{"url":"u","rating":5}`, false},
		{"repeated-key", `{"images":[{"url":"a","credit":"c"}],"images":[{"url":"b"}]}`, false},
		{"escaped-key", `{"u\u0072l":"u"}`, false},
		{"surrogate-pair", `{"text":"\ud83d\ude00"}`, false},
		{"invalid-utf8", "{\"text\":\"\xff\"}", false},
		{"raw-control-character", "{\"text\":\"a\x01\"}", false},
		{"unknown-escape", `{"text":"\q"}`, false},
		{"fraction", `{"revision":1.0}`, false},
		{"exponent", `{"cursor":1e3}`, false},
		{"leading-zero", `{"cursor":01}`, false},
		{"negative-unsigned", `{"cursor":-1}`, false},
		{"overflow", `{"cursor":18446744073709551616}`, false},
		{"escaped-time", `{"fetched":"2025-01-01T00:00:00\u005a"}`, false},
		{"bad-time", `{"fetched":"yesterday"}`, false},
		{"trailing-value", full + `{}`, false},
		{"trailing-comma", `{"url":"u",}`, false},
		{"not-an-object", `["url"]`, false},
		{"truncated", full[:len(full)/2], false},
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
		if name != storedFields[i].key {
			t.Errorf("field %d: tag %q, storedFields has %q", i, name, storedFields[i].key)
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
