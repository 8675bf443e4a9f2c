package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/depeche-archiver/depeche/store"
)

// wantSummary checks the backfill summary line of feed.
func wantSummary(t *testing.T, out, feed string, columns ...string) {
	t.Helper()
	want := append([]string{feed}, columns...)
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) > 0 && f[0] == feed {
			if !slices.Equal(f, want) {
				t.Errorf("summary of %s: got %q, want %q", feed, f, want)
			}
			return
		}
	}
	t.Errorf("no summary line for %s in:\n%s", feed, out)
}

// exportRecords runs export with args and decodes its output.
func exportRecords(t *testing.T, args ...string) []store.Record {
	t.Helper()
	out, logs, err := cli(t, append([]string{"export"}, args...)...)
	if err != nil {
		t.Fatalf("export %q: %v\n%s", args, err, logs)
	}
	var records []store.Record
	err = store.DecodeRecords(strings.NewReader(out), func(r store.Record) error {
		records = append(records, r)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return records
}

func find(t *testing.T, records []store.Record, urlPart string) store.Record {
	t.Helper()
	for _, r := range records {
		if strings.Contains(r.URL, urlPart) {
			return r
		}
	}
	t.Fatalf("no record with %q in its URL", urlPart)
	return store.Record{}
}

// normalise makes an export comparable across runs: ids, cursors, fetch and try times
// depend on scheduling and the clock, so they are blanked after checking
// that ids are distinct; records are sorted by URL.
func normalise(t *testing.T, records []store.Record) []byte {
	t.Helper()
	ids := map[uint64]bool{}
	for i := range records {
		if ids[records[i].ID] {
			t.Errorf("id %d appears twice", records[i].ID)
		}
		ids[records[i].ID] = true
		if !fetchedTime.MatchString(records[i].Fetched) {
			t.Errorf("fetched %q is not an RFC 3339 time", records[i].Fetched)
		}
		records[i].ID, records[i].Fetched, records[i].Cursor = 0, "", 0
		if p := records[i].Page; p != nil {
			if !fetchedTime.MatchString(p.LastTry) {
				t.Errorf("page.last_try %q is not an RFC 3339 time", p.LastTry)
			}
			p.LastTry = ""
		}
	}
	slices.SortFunc(records, func(a, b store.Record) int { return strings.Compare(a.URL, b.URL) })
	var b bytes.Buffer
	for _, r := range records {
		if err := encodeRecord(&b, r); err != nil {
			t.Fatal(err)
		}
	}
	return b.Bytes()
}

// encodeRecord writes r as export does.
func encodeRecord(w io.Writer, r store.Record) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}

var fetchedTime = regexp.MustCompile(`^\d{4}-\d\d-\d\dT`)

// checkGolden compares got with the golden file, rewriting it with -update.
func checkGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/depeche -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (go test ./cmd/depeche -update rewrites it):\n got:\n%s\nwant:\n%s", path, got, want)
	}
}

// appendConfig adds top-level settings at the end of the config file.
func appendConfig(t *testing.T, path, yaml string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(yaml); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// get requests url with an optional bearer token and returns the status
// and body.
func get(t *testing.T, url, token string) (int, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}
