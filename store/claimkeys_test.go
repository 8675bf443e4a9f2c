package store

import (
	"strings"
	"testing"
)

func TestClaimKeysMatchTheArchivesIdentity(t *testing.T) {
	a := ClaimKeys("wire", "g-1", "HTTPS://News.Example/a?utm_source=x#top")
	b := ClaimKeys("wire", "g-1", "https://news.example/a")
	if len(a) != 2 || a[0] != b[0] || a[1] != b[1] {
		t.Errorf("keys %q and %q, want the same two", a, b)
	}
	if k := ClaimKeys("wire", "", "not a url"); len(k) != 0 {
		t.Errorf("keys %q for no usable identity, want none", k)
	}
}

func TestTextClaimKeyIsTheHashSaveMatches(t *testing.T) {
	db, _ := openTemp(t)
	a := testArticle(1)
	mustSave(t, db, a, "wire", "g-1")
	if got, want := TextClaimKey(a.Text), "text "+a.ContentHash; got != want {
		t.Errorf("text key %q, want %q (the saved article's content hash)", got, want)
	}
	if k := TextClaimKey(" \n "); k != "" {
		t.Errorf("text key %q of a blank text, want none", k)
	}
}

func TestItemIDGroupsAFeedsItems(t *testing.T) {
	one := ItemID(&Item{Feed: "harbour", GUID: "ferry-1"})
	two := ItemID(&Item{Feed: "harbour", GUID: "ferry-2"})
	other := ItemID(&Item{Feed: "valley", GUID: "ferry-1"})
	prefix := FeedItemsID("harbour") + "."
	switch {
	case !strings.HasPrefix(one, prefix) || !strings.HasPrefix(two, prefix):
		t.Errorf("ids %q and %q, want both under %q", one, two, prefix)
	case strings.HasPrefix(other, prefix):
		t.Errorf("id %q of another feed is under %q", other, prefix)
	case one == two:
		t.Errorf("two items share the id %q", one)
	case strings.Trim(one, "0123456789abcdef.") != "":
		t.Errorf("id %q holds characters other than hex and a dot", one)
	}
}
