package search

import (
	"reflect"
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	day := func(s string) time.Time {
		d, _ := time.Parse(dayLayout, s)
		return d
	}
	tests := []struct {
		name string
		q    string
		want Terms
	}{
		{"words", "élection  municipale", Terms{Words: []string{"élection", "municipale"}}},
		{"phrase", `"conseil municipal" budget`, Terms{Phrases: []string{"conseil municipal"}, Words: []string{"budget"}}},
		{"exclusions", `port -ferry -"gare maritime"`, Terms{Words: []string{"port"}, NotWords: []string{"ferry"}, NotPhrases: []string{"gare maritime"}}},
		{"fields", `feed:"Le Quotidien" lang:FR source:feed`, Terms{Feeds: []string{"Le Quotidien"}, Langs: []string{"fr"}, Sources: []string{"feed"}}},
		{"published-range", "published>=2025-01-01 published<2025-02-01", Terms{Since: day("2025-01-01"), Until: day("2025-02-01")}},
		{"published-after-day", "published>2025-01-01", Terms{Since: day("2025-01-02")}},
		{"published-day", "published:2025-03-04", Terms{Since: day("2025-03-04"), Until: day("2025-03-05")}},
		{"published-until-day", "published<=2025-03-04", Terms{Until: day("2025-03-05")}},
		{"lone-dash-is-skipped", "a - b", Terms{Words: []string{"a", "b"}}},
		{"negated-field-is-a-word", "-feed:x", Terms{NotWords: []string{"feed:x"}}},
		{"field-prefix-word", "feeder", Terms{Words: []string{"feeder"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Parse(%q)\n got %+v\nwant %+v", tt.q, got, tt.want)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	for name, q := range map[string]string{
		"open-quote": `budget "conseil`,
		"bad-date":   "published>=yesterday",
		"year-zero":  "published>0000-01-01",
		"far-future": "published<9999-12-31T00:00:00Z",
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := Parse(q); err == nil {
				t.Errorf("Parse(%q) gave no error", q)
			}
		})
	}
}
