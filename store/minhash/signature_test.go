package minhash

import (
	"strings"
	"testing"
)

// A harbour report and an unrelated one. The report is long enough that
// one changed word leaves most of its shingles.
const (
	harbour = `The port authority reopened the northern quay on Tuesday after eight months of repairs to the sea wall, ` +
		`which a winter storm had breached in two places. Fishing boats that had moored at the southern basin since January ` +
		`began moving back in the afternoon, and the harbour master said the quay could take its usual fleet of forty vessels ` +
		`by the end of the week. The repairs cost the town more than it had set aside, and the council will vote next month ` +
		`on whether to raise mooring fees to cover the difference. Several skippers said they would accept a modest rise if ` +
		`the money went to dredging the entrance channel, which silts up every autumn and has grounded two trawlers this year. ` +
		`The authority also plans to install new lighting along the quay and a second crane for unloading catches at night.`
	orchard = `Apple growers in the valley expect a smaller harvest than last year after a late frost damaged blossom in April. ` +
		`The cooperative that buys most of the crop said prices would likely rise, though stocks from cold storage should ` +
		`soften the effect until the new year. Some growers have begun planting later-flowering varieties to reduce the risk.`
)

// harbourEdited is harbour with one word changed.
var harbourEdited = strings.Replace(harbour, "in the afternoon", "in the evening", 1)

// near is the least similarity at which the tests expect two texts to be
// taken for the same story, as the archive takes them.
const near = 0.9

func TestSimilarity(t *testing.T) {
	tests := []struct {
		name string
		a, b string
		near bool
	}{
		{"same-text", harbour, harbour, true},
		{"one-word-changed", harbour, harbourEdited, true},
		{"case-and-punctuation", harbour, "« " + strings.ToUpper(harbour) + " »", true},
		{"different-story", harbour, orchard, false},
		{"half-the-story", harbour, harbour[:len(harbour)/2], false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, _ := Of(tt.a)
			b, _ := Of(tt.b)
			if got := a.Similarity(&b) >= near; got != tt.near {
				t.Errorf("similarity %.2f, near-duplicate %v, want %v", a.Similarity(&b), got, tt.near)
			}
		})
	}
}

func TestOfTextWithoutWords(t *testing.T) {
	if _, ok := Of(" ... "); ok {
		t.Error("Of a text without words is ok, want not")
	}
}

func TestStoredFormRoundTrips(t *testing.T) {
	sig, _ := Of(orchard)
	got, ok := Parse(sig.Bytes())
	if !ok || got != sig {
		t.Error("Parse(Bytes()) differs from the signature")
	}
	if _, ok := Parse(sig.Bytes()[1:]); ok {
		t.Error("Parse of a short value is ok, want not")
	}
}

// Texts that share most shingles share a band; texts that share none
// share no band. The index finds candidates by that alone.
func TestBands(t *testing.T) {
	tests := []struct {
		name  string
		a, b  string
		share bool
	}{
		{"one-word-changed", harbour, harbourEdited, true},
		{"different-story", harbour, orchard, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, _ := Of(tt.a)
			b, _ := Of(tt.b)
			shared := false
			for i := range Bands {
				shared = shared || string(a.Band(i)) == string(b.Band(i))
			}
			if shared != tt.share {
				t.Errorf("share a band: %v, want %v", shared, tt.share)
			}
		})
	}
}
