package config

import (
	"testing"
	"time"
)

func TestSearchDefaults(t *testing.T) {
	c, err := Load(writeFile(t, "archive: a.db\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := Search{MaxQueryBytes: 1024, MaxTerms: 32, Timeout: Duration(5 * time.Second), MaxConcurrent: 0}
	if c.Search != want {
		t.Errorf("search %+v, want %+v", c.Search, want)
	}
}

func TestSearchSettings(t *testing.T) {
	c, err := Load(writeFile(t, "search:\n  max_query_bytes: 2048\n  max_terms: 64\n  timeout: 2s\n  max_concurrent: 3\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := Search{MaxQueryBytes: 2048, MaxTerms: 64, Timeout: Duration(2 * time.Second), MaxConcurrent: 3}
	if c.Search != want {
		t.Errorf("search %+v, want %+v", c.Search, want)
	}
}

func TestSearchValidation(t *testing.T) {
	tests := []loadErrorCase{
		{"no-query-bytes", "search:\n  max_query_bytes: 0\n", 2, "search.max_query_bytes", "at least 1"},
		{"no-terms", "archive: a.db\nsearch:\n  max_terms: -1\n", 3, "search.max_terms", "at least 1"},
		{"no-timeout", "search:\n  timeout: 0s\n", 2, "search.timeout", "positive"},
		{"timeout-too-long", "search:\n  timeout: 10m\n", 2, "search.timeout", "at most 1m0s"},
		{"negative-concurrency", "search:\n  max_concurrent: -2\n", 2, "search.max_concurrent", "0 (the number of cores) or more"},
		{"unknown-key", "search:\n  max_words: 10\n", 2, "max_words", "unknown key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantLoadError(t, tt) })
	}
}
