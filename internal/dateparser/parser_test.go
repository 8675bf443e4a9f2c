package dateparser

import (
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	day := time.Date(2025, 3, 31, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Time
	}{
		{"2025-03-31", day},
		{" 31/03/2025 ", day},
		{"31.03.2025", day},
		{"March 31, 2025", day},
		{"march 31st, 2025", day},
		{"31 MARCH 2025.", day},
		{"Mon, 31 Mar 2025", day},
		{"2025-03-31T08:15:00Z", day.Add(8*time.Hour + 15*time.Minute)},
		{"March 31, 2025 8:15 pm", day.Add(20*time.Hour + 15*time.Minute)},
	}
	var p Parser
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			d, err := p.Parse(&Configuration{PreferredDateSource: Past}, tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if !d.Time.Equal(tt.want) {
				t.Errorf("got %s, want %s", d.Time, tt.want)
			}
		})
	}
}

func TestParseRefuses(t *testing.T) {
	var p Parser
	for _, in := range []string{"", "yesterday", "two days ago", "31 mars 2025", "Tuesday", "2025-13-45", "the 31st of the month"} {
		if d, err := p.Parse(nil, in); err == nil {
			t.Errorf("%q read as %s", in, d.Time)
		}
	}
}

func TestParseFormatsFirst(t *testing.T) {
	var p Parser
	d, err := p.Parse(nil, "03/31/2025", "01/02/2006")
	if err != nil || d.Time.Month() != time.March || d.Time.Day() != 31 {
		t.Errorf("got %v, %v; want March 31 through the given format", d.Time, err)
	}
}
