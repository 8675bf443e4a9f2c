package clean

import (
	"testing"
	"time"
)

func TestNormalizeLine(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"nbsp-and-narrow-nbsp", "«\u00a0Oui\u202f» ; non\u00a0!", "« Oui » ; non !"},
		{"tabs-and-runs", "\t a \t\t b  \n c ", "a b c"},
		{"soft-hyphen-and-zero-width", "for\u00admation\u200b du\ufeff jour\u200d", "formation du jour"},
		{"nfc", "e\u0301te\u0301", "été"},
		{"typography-kept", "l’été « chaud »", "l’été « chaud »"},
		{"invalid-utf8", "a\xffb", "a\ufffdb"},
		{"ideographic-space", "a\u3000\u2003b", "a b"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := normalizeLine(tc.in); got != tc.want {
				t.Errorf("normalizeLine(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestSplitCredit(t *testing.T) {
	tests := []struct{ name, in, caption, credit string }{
		{"photo-colon", "Une rizière à Can Tho. Photo : VNA", "Une rizière à Can Tho.", "VNA"},
		{"parenthesised", "Le ministre. (Photo : THX/TTXVN)", "Le ministre.", "THX/TTXVN"},
		{"credit-only", "(Photo : VNA)", "", "VNA"},
		{"vietnamese", "Cảng Hải Phòng. Ảnh: TTXVN", "Cảng Hải Phòng.", "TTXVN"},
		{"no-credit", "Une barque au lever du jour.", "Une barque au lever du jour.", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, cr := splitCredit(tc.in)
			if c != tc.caption || cr != tc.credit {
				t.Errorf("splitCredit(%q) = %q, %q; want %q, %q", tc.in, c, cr, tc.caption, tc.credit)
			}
		})
	}
}

func TestParseDate(t *testing.T) {
	ict := time.FixedZone("+07:00", 7*3600)
	tests := []struct{ name, in, want string }{
		{"rfc3339", "2025-04-29T14:30:44+07:00", "2025-04-29T14:30:44+07:00"},
		{"no-zone-uses-rule-zone", "2025-12-10T08:05:00", "2025-12-10T08:05:00+07:00"},
		{"text-date-and-time", "Mercredi, 12/03/2014 - 09:15", "2014-03-12T09:15:00+07:00"},
		{"day-only", "10/12/2025", "2025-12-10T00:00:00+07:00"},
		{"none", "hier soir", "0001-01-01T00:00:00Z"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := parseDate(tc.in, ict).Format(time.RFC3339); got != tc.want {
				t.Errorf("parseDate(%q) = %s, want %s", tc.in, got, tc.want)
			}
		})
	}
}

func TestCutAtWordPrefix(t *testing.T) {
	f := lineFilter{cutAt: []string{"Source", "Comment ("}}
	lines := []string{"Sources proches du dossier : oui.", "Selon VNA", "Source : Nhân Dân", "après"}
	got := f.apply(lines)
	if len(got) != 2 || got[1] != "Selon VNA" {
		t.Errorf("apply = %q, want the first two lines", got)
	}
}

func TestRuleBodyFallback(t *testing.T) {
	c, err := New([]Rule{{Host: "site.example", Body: ".absent", Title: "h1"}})
	if err != nil {
		t.Fatal(err)
	}
	body := `<html lang="fr"><body><h1>Un titre</h1><article>` +
		`<p>Le conseil municipal a voté mardi un budget en hausse pour les écoles de la commune, après un long débat.</p>` +
		`<p>Les travaux de rénovation commenceront au printemps et dureront deux ans, selon le maire de la ville.</p>` +
		`<p>Les parents d’élèves se disent satisfaits mais restent attentifs au calendrier annoncé par la mairie.</p>` +
		`</article></body></html>`
	a, err := c.Clean(Page{URL: "https://site.example/a", Body: []byte(body)})
	if err != nil {
		t.Fatal(err)
	}
	if a.Extractor != "rule:site.example:generic-fallback" || a.Title != "Un titre" || a.Text == "" {
		t.Errorf("got Extractor %q, Title %q, Text %q", a.Extractor, a.Title, a.Text)
	}
}
