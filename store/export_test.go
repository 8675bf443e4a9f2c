package store

import (
	"bytes"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// exportFixture saves five articles: ids 1-3 in feed world published on
// 1, 2 and 3 March, id 4 in feeds world and front published on 4 March,
// id 5 in front with no published date, fetched on 2 March.
func exportFixture(t *testing.T) *DB {
	t.Helper()
	db, _ := openTemp(t)
	for i := 1; i <= 4; i++ {
		a := testArticle(i)
		a.Published = time.Date(2025, 3, i, 12, 0, 0, 0, time.FixedZone("", 2*3600))
		mustSave(t, db, a, "world", "")
	}
	mustSave(t, db, testArticle(4), "front", "")
	a := testArticle(5)
	a.Published = time.Time{}
	a.Fetched = time.Date(2025, 3, 2, 0, 0, 0, 0, time.UTC)
	a.Tags, a.Images = nil, nil
	mustSave(t, db, a, "front", "")
	return db
}

func TestExport(t *testing.T) {
	march := func(day int) time.Time { return time.Date(2025, 3, day, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		name    string
		filter  ExportFilter
		wantIDs []uint64
	}{
		{"everything", ExportFilter{}, []uint64{1, 2, 3, 4, 5}},
		{"feed", ExportFilter{Feed: "front"}, []uint64{4, 5}},
		{"unknown-feed", ExportFilter{Feed: "sports"}, nil},
		{"since-inclusive", ExportFilter{Since: time.Date(2025, 3, 3, 10, 0, 0, 0, time.UTC)}, []uint64{3, 4}},
		{"until-exclusive", ExportFilter{Until: time.Date(2025, 3, 2, 10, 0, 0, 0, time.UTC)}, []uint64{1, 5}},
		{"since-and-until", ExportFilter{Since: march(2), Until: march(4)}, []uint64{2, 3, 5}},
		{"fetched-when-unpublished", ExportFilter{Feed: "front", Until: march(3)}, []uint64{5}},
	}
	db := exportFixture(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			n, err := db.Export(&buf, tt.filter)
			if err != nil {
				t.Fatalf("Export: %v", err)
			}
			var ids []uint64
			err = DecodeRecords(&buf, func(r Record) error {
				ids = append(ids, r.ID)
				return checkRoundTrip(db, r)
			})
			if err != nil {
				t.Fatalf("DecodeRecords: %v", err)
			}
			if !slices.Equal(ids, tt.wantIDs) || n != len(tt.wantIDs) {
				t.Errorf("Export wrote %d records %v, want %v", n, ids, tt.wantIDs)
			}
		})
	}
}

// checkRoundTrip reports whether a decoded record equals the record of the
// stored article.
func checkRoundTrip(db *DB, got Record) error {
	a, err := db.Article(got.ID)
	if err != nil {
		return err
	}
	if want := newRecord(a); !reflect.DeepEqual(got, want) {
		return errors.New("decoded record differs from the stored article")
	}
	return nil
}

func TestExportEncoding(t *testing.T) {
	db := exportFixture(t)
	var buf bytes.Buffer
	if _, err := db.Export(&buf, ExportFilter{}); err != nil {
		t.Fatalf("Export: %v", err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	tests := []struct {
		name, line, want string
		absent           bool
	}{
		{"schema-first", lines[0], `{"schema":"depeche.article/2","id":1,`, false},
		{"source-page", lines[0], `"source":"page"}`, false},
		{"no-page-for-a-page-article", lines[0], `"page":`, true},
		{"html-not-escaped", lines[0], `A lead with <b>markup</b> & ampersands.`, false},
		{"published-with-zone", lines[0], `"published":"2025-03-01T12:00:00+02:00"`, false},
		{"fetched-rfc3339", lines[0], `"fetched":"2025-02-01T09:30:00Z"`, false},
		{"feeds-in-order", lines[3], `"feeds":["world","front"]`, false},
		{"empty-tags-array", lines[4], `"tags":[]`, false},
		{"empty-images-array", lines[4], `"images":[]`, false},
		{"unknown-published-omitted", lines[4], `"published"`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if strings.Contains(tt.line, tt.want) == tt.absent {
				t.Errorf("line %s: contains %s = %v, want %v", tt.line, tt.want, !tt.absent, tt.absent)
			}
		})
	}
}

func TestDecodeRecords(t *testing.T) {
	good := `{"schema":"depeche.article/2","id":1,"source":"feed"}`
	v1 := `{"schema":"depeche.article/1","id":1}`
	stop := errors.New("stop")
	tests := []struct {
		name    string
		input   string
		fnErr   error
		wantN   int
		wantErr string
	}{
		{"empty", "", nil, 0, ""},
		{"blank-lines-skipped", good + "\n\n" + good + "\n", nil, 2, ""},
		{"no-final-newline", good + "\n" + good, nil, 2, ""},
		{"malformed-line-named", good + "\n{oops\n", nil, 1, "line 2"},
		{"first-schema-read", v1 + "\n" + good, nil, 2, ""},
		{"other-schema", `{"schema":"depeche.article/3","id":1}`, nil, 0, `line 1: schema "depeche.article/3"`},
		{"callback-error-returned", good, stop, 1, "stop"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := 0
			err := DecodeRecords(strings.NewReader(tt.input), func(Record) error { n++; return tt.fnErr })
			if tt.wantErr == "" && err != nil {
				t.Fatalf("DecodeRecords: %v", err)
			}
			if tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("DecodeRecords: error %v, want one containing %q", err, tt.wantErr)
			}
			if n != tt.wantN {
				t.Errorf("fn called %d times, want %d", n, tt.wantN)
			}
		})
	}
}
