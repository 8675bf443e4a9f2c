package config

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// readFixture reads testdata/opml/name with ReadOPML.
func readFixture(t *testing.T, name string) ([]Outline, error) {
	t.Helper()
	path := filepath.Join("..", "testdata", "opml", name)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return ReadOPML(name, f)
}

// TestReadOPMLFromReaders reads subscription lists written the way each
// feed reader writes them: folders become groups, titles (or texts) are
// kept, head and reader-specific attributes are ignored.
func TestReadOPMLFromReaders(t *testing.T) {
	tests := []struct {
		file string
		want []Outline
	}{
		{"miniflux.opml", []Outline{
			{"Ars Technica - All content", "https://feeds.arstechnica.com/arstechnica/index", "All", 9},
			{"LWN.net", "https://lwn.net/headlines/rss", "All", 10},
			{"VietnamPlus - Accueil", "https://fr.vietnamplus.vn/rss/home.rss", "Vietnam", 13},
			{"VietnamPlus - Économie", "https://fr.vietnamplus.vn/rss/economie.rss", "Vietnam", 14},
		}},
		{"freshrss.opml", []Outline{
			{"Le Monde.fr - Actualités et Infos en France et dans le monde", "https://www.lemonde.fr/rss/une.xml", "Sans catégorie", 9},
			{"LWN.net", "https://lwn.net/headlines/rss", "Tech & Science", 12},
			{"Hacker News", "https://news.ycombinator.com/rss", "Tech & Science", 13},
		}},
		{"feedly.opml", []Outline{
			{"The Verge", "https://www.theverge.com/rss/index.xml", "Tech", 9},
			{"LWN.net", "https://lwn.net/headlines/rss", "Tech", 10},
			{"The Verge", "https://www.theverge.com/rss/index.xml", "Must Read", 13},
			{"VnExpress International", "https://e.vnexpress.net/rss/news.rss", "Must Read", 14},
		}},
		{"netnewswire.opml", []Outline{
			{"Daring Fireball", "https://daringfireball.net/feeds/main", "", 8},
			{"inessential", "https://inessential.com/xml/rss.xml", "Technology", 10},
			{"Six Colors", "https://feedpress.me/sixcolors", "Technology", 11},
		}},
		{"nested-folders.opml", []Outline{
			{"VietnamPlus", "https://fr.vietnamplus.vn/rss/home.rss", "News/Asia", 7},
			{"VietnamPlus", "https://en.vietnamplus.vn/rss/home.rss", "News/Asia", 8},
			{"日本のニュース", "https://www3.nhk.or.jp/rss/news/cat0.xml", "News", 10},
			{"", "https://www.example.com/feed.xml", "", 12},
		}},
		{"latin1.opml", []Outline{
			{"Libération", "https://www.liberation.fr/arc/outboundfeeds/rss/", "Actualités", 6},
		}},
	}
	for _, tt := range tests {
		t.Run(strings.TrimSuffix(tt.file, ".opml"), func(t *testing.T) {
			got, err := readFixture(t, tt.file)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ReadOPML:\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// TestReadOPMLErrors checks that a bad list is refused with the file, the
// line and what is wrong.
func TestReadOPMLErrors(t *testing.T) {
	tests := []struct {
		name, file string
		line       int
		want       string
	}{
		{"unclosed-outline", "bad-unclosed.opml", 8, "element <outline> closed by </body>"},
		{"relative-url", "bad-url.opml", 6, `outline "Relative": xmlUrl "/feeds/all.rss" is not an absolute http or https URL`},
		{"rss-not-opml", "not-opml.xml", 2, "the root element is <rss>, want <opml>"},
		{"no-body", "no-body.opml", 4, "no <body> in <opml>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := readFixture(t, tt.file)
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("err %v, want a *config.Error", err)
			}
			if ce.File != tt.file || ce.Line != tt.line || !strings.Contains(ce.Err.Error(), tt.want) {
				t.Errorf("err %q, want %s:%d: ...%s", err, tt.file, tt.line, tt.want)
			}
		})
	}
	t.Run("empty-file", func(t *testing.T) {
		_, err := ReadOPML("empty.opml", strings.NewReader(""))
		if err == nil || !strings.Contains(err.Error(), "empty file") {
			t.Errorf("err %v, want an empty file error", err)
		}
	})
}

// TestImport checks names made of titles, unique in the config, and the
// outlines not added because the config or the list had them already.
func TestImport(t *testing.T) {
	c := &Config{Feeds: []Feed{
		{Name: "lwn", URL: "https://LWN.net/headlines/rss"},
		{Name: "vietnamplus", URL: "https://example.org/other.rss"},
	}}
	im := c.Import([]Outline{
		{Title: "LWN.net", URL: "https://lwn.net/headlines/rss"},
		{Title: "VietnamPlus", URL: "https://fr.vietnamplus.vn/rss/home.rss", Group: "News/Asia"},
		{Title: "VietnamPlus", URL: "https://en.vietnamplus.vn/rss/home.rss", Group: "News/Asia"},
		{Title: "Le Monde.fr - Actualités", URL: "https://www.lemonde.fr/rss/une.xml"},
		{Title: "日本のニュース", URL: "https://www3.nhk.or.jp/rss/news/cat0.xml"},
		{Title: "", URL: "https://www.example.com/feed.xml"},
		{Title: "vna-fr", URL: "https://fr.vietnamplus.vn/rss/home.rss#top"},
		{Title: strings.Repeat("very long title ", 10), URL: "https://long.example/rss"},
		{Title: "Wire...today", URL: "https://wire.example/rss"},
	})
	wantAdd := []Feed{
		{Name: "VietnamPlus-2", URL: "https://fr.vietnamplus.vn/rss/home.rss", Group: "News/Asia"},
		{Name: "VietnamPlus-3", URL: "https://en.vietnamplus.vn/rss/home.rss", Group: "News/Asia"},
		{Name: "le-monde.fr-actualites", URL: "https://www.lemonde.fr/rss/une.xml"},
		{Name: "www3.nhk.or.jp", URL: "https://www3.nhk.or.jp/rss/news/cat0.xml"},
		{Name: "example.com", URL: "https://www.example.com/feed.xml"},
		{Name: "very-long-title-very-long-title-very-long-title", URL: "https://long.example/rss"},
		{Name: "wire.today", URL: "https://wire.example/rss"},
	}
	if !reflect.DeepEqual(im.Add, wantAdd) {
		t.Errorf("Add:\n got %+v\nwant %+v", im.Add, wantAdd)
	}
	if len(im.Present) != 1 || im.Present[0].Feed != "lwn" {
		t.Errorf("Present = %+v, want the LWN outline as feed lwn", im.Present)
	}
	if len(im.Repeated) != 1 || im.Repeated[0].Title != "vna-fr" {
		t.Errorf("Repeated = %+v, want the second VietnamPlus home outline", im.Repeated)
	}
	for _, f := range im.Add {
		if err := validateFeed("feed", f); err != nil {
			t.Errorf("imported feed does not validate: %v", err)
		}
	}
}

// TestOPMLRoundTrip writes feeds, groups nested or not, and reads them
// back as the same feeds.
func TestOPMLRoundTrip(t *testing.T) {
	feeds := []Feed{
		{Name: "vna-fr", URL: "https://fr.vietnamplus.vn/rss/home.rss"},
		{Name: "LWN", URL: "https://lwn.net/headlines/rss?a=1&b=2", Group: "Tech & Science"},
		{Name: "vna-en", URL: "https://en.vietnamplus.vn/rss/home.rss", Group: "News/Asia"},
		{Name: "lemonde", URL: "https://www.lemonde.fr/rss/une.xml", Group: "News"},
		{Name: "nhk", URL: "https://www3.nhk.or.jp/rss/news/cat0.xml", Group: "News/Asia"},
	}
	var b bytes.Buffer
	if err := WriteOPML(&b, "depeche feeds", feeds); err != nil {
		t.Fatal(err)
	}
	outlines, err := ReadOPML("export.opml", &b)
	if err != nil {
		t.Fatalf("%v\n%s", err, b.String())
	}
	got := (&Config{}).Import(outlines).Add
	byName := func(fs []Feed) map[string]Feed {
		m := map[string]Feed{}
		for _, f := range fs {
			m[f.Name] = f
		}
		return m
	}
	if !reflect.DeepEqual(byName(got), byName(feeds)) {
		t.Errorf("round trip:\n got %+v\nwant %+v\n%s", got, feeds, b.String())
	}
}

// TestWriteOPMLGolden pins the exported document's shape: the one the
// readers' importers were checked against.
func TestWriteOPMLGolden(t *testing.T) {
	var b bytes.Buffer
	err := WriteOPML(&b, "depeche feeds", []Feed{
		{Name: "vna-fr", URL: "https://fr.vietnamplus.vn/rss/home.rss"},
		{Name: "vna-en", URL: "https://en.vietnamplus.vn/rss/home.rss", Group: "News/Asia"},
		{Name: "lwn", URL: "https://lwn.net/headlines/rss", Group: "Tech"},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := `<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head>
    <title>depeche feeds</title>
  </head>
  <body>
    <outline text="vna-fr" title="vna-fr" type="rss" xmlUrl="https://fr.vietnamplus.vn/rss/home.rss"></outline>
    <outline text="News" title="News">
      <outline text="Asia" title="Asia">
        <outline text="vna-en" title="vna-en" type="rss" xmlUrl="https://en.vietnamplus.vn/rss/home.rss"></outline>
      </outline>
    </outline>
    <outline text="Tech" title="Tech">
      <outline text="lwn" title="lwn" type="rss" xmlUrl="https://lwn.net/headlines/rss"></outline>
    </outline>
  </body>
</opml>
`
	if b.String() != want {
		t.Errorf("WriteOPML:\n%s\nwant:\n%s", b.String(), want)
	}
}
