package clean

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func TestCovers(t *testing.T) {
	narrow := []string{"The tide came in at noon.", "Boats left the harbour."}
	tests := []struct {
		name string
		wide []string
		want bool
	}{
		{"same-words-more-text", []string{"Before that, the quay was empty.", "The tide came in at noon.", "Boats left the harbour, one by one."}, true},
		{"case-and-punctuation-aside", []string{"THE TIDE CAME IN AT NOON; BOATS LEFT THE HARBOUR"}, true},
		{"other-text", []string{"A recipe for plum cake needs plums, flour and patience."}, false},
		{"half-the-words", []string{"The tide came in at noon."}, false},
		{"nothing-to-cover", nil, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := covers(tc.wide, narrow); got != tc.want {
				t.Errorf("covers(%q, %q) = %v, want %v", tc.wide, narrow, got, tc.want)
			}
		})
	}
}

// TestRescueExtends gives rescue a page and a reading of it that holds
// part of the article: another reading with twice the text and the same
// words replaces it; one with twice the text and other words does not.
func TestRescueExtends(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<html><head><title>Winter beekeeping</title></head><body><nav><a href="/">Home</a> <a href="/bees">Bees</a></nav><article>`)
	for _, topic := range []string{"the cluster", "the stores", "the entrance", "the damp", "the mice", "the first flight"} {
		b.WriteString(`<p>In winter the keeper looks at ` + topic + ` without opening the hive, listening at the wall and weighing the box by lifting one side, because cold air let in now costs the colony more honey than it can spare.</p>`)
	}
	b.WriteString(`</article><footer>About us · Contact</footer></body></html>`)
	doc, err := html.Parse(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	part := []string{
		"In winter the keeper looks at the cluster without opening the hive, listening at the wall and weighing the box by lifting one side, because cold air let in now costs the colony more honey than it can spare.",
		"In winter the keeper looks at the stores without opening the hive, listening at the wall and weighing the box by lifting one side, because cold air let in now costs the colony more honey than it can spare.",
	}
	teaser := []string{
		"Our shop sells frames, smokers, veils and gloves for every season, with free delivery on orders over fifty pounds this month.",
		"Sign up to the club for the spring courses: swarm control, queen rearing and honey extraction, each on two Saturdays.",
		"Visit the open apiary day in June, when members show their hives and the children's tent has a glass observation frame.",
		"Read the members' newsletter for the show results, the swarm list and the dates of the autumn honey fair in the town hall.",
	}
	if got := rescue(doc, nil, part); len(got) != 6 {
		t.Errorf("part of the article: got %d lines, want the 6 of the whole:\n%q", len(got), got)
	}
	if got := rescue(doc, nil, teaser); len(got) != 4 || got[0] != teaser[0] {
		t.Errorf("a teaser box: got %q, want it kept (the other reading has other words)", got)
	}
}
