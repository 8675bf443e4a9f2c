package main

import (
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/depeche-archiver/depeche/config"
)

func opmlFixture(name string) string {
	return filepath.Join("..", "..", "testdata", "opml", name)
}

// writeFile writes body to dir/name and returns its path.
func writeFile(t *testing.T, dir, name, body string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestOPMLImportPrints: without -write, import prints the feeds: entries
// the config lacks and reports on stderr the ones it has.
func TestOPMLImportPrints(t *testing.T) {
	t.Parallel()
	cfg := writeFile(t, t.TempDir(), "depeche.yaml",
		"feeds:\n  - name: lwn\n    url: https://lwn.net/headlines/rss\n")
	tests := []struct {
		name, file, stdout string
		stderr             []string
	}{
		{"miniflux", "miniflux.opml", "feeds:\n" +
			"  - name: ars-technica-all-content\n    url: https://feeds.arstechnica.com/arstechnica/index\n    group: All\n" +
			"  - name: vietnamplus-accueil\n    url: https://fr.vietnamplus.vn/rss/home.rss\n    group: Vietnam\n" +
			"  - name: vietnamplus-economie\n    url: https://fr.vietnamplus.vn/rss/economie.rss\n    group: Vietnam\n",
			[]string{"miniflux.opml:10: already in the config as feed lwn: https://lwn.net/headlines/rss", "3 new feeds, 1 already in the config, 0 listed twice"}},
		{"feedly-lists-a-feed-twice", "feedly.opml", "feeds:\n" +
			"  - name: the-verge\n    url: https://www.theverge.com/rss/index.xml\n    group: Tech\n" +
			"  - name: vnexpress-international\n    url: https://e.vnexpress.net/rss/news.rss\n    group: Must Read\n",
			[]string{"feedly.opml:13: listed earlier in the file: https://www.theverge.com/rss/index.xml", "2 new feeds, 1 already in the config, 1 listed twice"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, err := cli(t, "opml", "import", "-config", cfg, opmlFixture(tt.file))
			if err != nil {
				t.Fatalf("opml import: %v\n%s", err, errOut)
			}
			if out != tt.stdout {
				t.Errorf("stdout:\n%s\nwant:\n%s", out, tt.stdout)
			}
			for _, want := range tt.stderr {
				if !strings.Contains(errOut, want) {
					t.Errorf("stderr lacks %q:\n%s", want, errOut)
				}
			}
		})
	}
}

// TestOPMLImportWrite adds the feeds to the config file: comments, blank
// lines and order survive, the old file is kept as a backup, a second
// backup does not overwrite the first, and the result loads.
func TestOPMLImportWrite(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	const original = "# my archive, my rules\narchive: ./a.db # beside the config\n\n" +
		"feeds:\n  # the one I started with\n  - name: vna-fr\n    url: https://fr.vietnamplus.vn/rss/home.rss # home page\n\n" +
		"# cleaning\nsites: []\n"
	cfg := writeFile(t, dir, "depeche.yaml", original)

	out, errOut, err := cli(t, "opml", "import", "-write", "-config", cfg, opmlFixture("netnewswire.opml"))
	if err != nil {
		t.Fatalf("opml import -write: %v\n%s", err, errOut)
	}
	if want := "added 3 feeds to " + cfg + " (the previous version is in " + cfg + ".bak)\n"; out != want {
		t.Errorf("stdout %q, want %q", out, want)
	}
	written := readString(t, cfg)
	want := strings.Replace(original, "# home page\n", "# home page\n"+
		"  - name: daring-fireball\n    url: https://daringfireball.net/feeds/main\n"+
		"  - name: inessential\n    url: https://inessential.com/xml/rss.xml\n    group: Technology\n"+
		"  - name: six-colors\n    url: https://feedpress.me/sixcolors\n    group: Technology\n", 1)
	if written != want {
		t.Errorf("config after -write:\n%s\nwant:\n%s", written, want)
	}
	if got := readString(t, cfg+".bak"); got != original {
		t.Errorf("backup:\n%s\nwant the original:\n%s", got, original)
	}
	if fi, err := os.Stat(cfg); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("config mode after -write: %v (err %v), want 0600 kept", fi.Mode(), err)
	}
	c, err := config.Load(cfg)
	if err != nil {
		t.Fatalf("the written config does not load: %v", err)
	}
	if len(c.Feeds) != 4 {
		t.Errorf("the written config has %d feeds, want 4", len(c.Feeds))
	}

	if _, _, err := cli(t, "opml", "import", "-write", "-config", cfg, opmlFixture("miniflux.opml")); err != nil {
		t.Fatal(err)
	}
	if got := readString(t, cfg+".bak"); got != original {
		t.Errorf("the second -write overwrote the first backup")
	}
	backups, err := filepath.Glob(filepath.Join(dir, "depeche.yaml.*.bak"))
	if err != nil || len(backups) != 1 || readString(t, backups[0]) != written {
		t.Errorf("timestamped backups %q (err %v), want one holding the config before the second -write", backups, err)
	}

	out, errOut, err = cli(t, "opml", "import", "-write", "-config", cfg, opmlFixture("miniflux.opml"))
	if err != nil || out != "" || !strings.Contains(errOut, "0 new feeds, 4 already in the config") {
		t.Errorf("importing again: %q %q %v, want nothing written and 4 feeds already present", out, errOut, err)
	}
}

func readString(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestOPMLErrors: mistakes on the command line and bad OPML exit 2 and
// say where; the config is left alone.
func TestOPMLErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfg := writeFile(t, dir, "depeche.yaml", "feeds: []\n")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no-subcommand", []string{"opml"}, "opml needs import or export"},
		{"unknown-subcommand", []string{"opml", "merge"}, `unknown opml command "merge"`},
		{"write-needs-config", []string{"opml", "import", "-write", opmlFixture("miniflux.opml")}, "-write needs -config"},
		{"no-file", []string{"opml", "import"}, "opml import takes one OPML file"},
		{"bad-opml-names-the-line", []string{"opml", "import", "-write", "-config", cfg, opmlFixture("bad-unclosed.opml")},
			"bad-unclosed.opml:8: element <outline> closed by </body>"},
		{"rss-is-not-opml", []string{"opml", "import", "-config", cfg, opmlFixture("not-opml.xml")},
			"not-opml.xml:2: not an OPML document"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := cli(t, tt.args...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err %v, want %q", err, tt.want)
			}
			if code := exitCode(err, io.Discard); code != 2 {
				t.Errorf("exit status %d, want 2", code)
			}
		})
	}
	if got := readString(t, cfg); got != "feeds: []\n" {
		t.Errorf("the config changed: %q", got)
	}
}

// TestOPMLExportImportRoundTrip exports the configured feeds and imports
// the list into an empty config: the same feeds, groups included.
func TestOPMLExportImportRoundTrip(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfg := writeFile(t, dir, "depeche.yaml", "feeds:\n"+
		"  - name: vna-fr\n    url: https://fr.vietnamplus.vn/rss/home.rss\n"+
		"  - name: vna-en\n    url: https://en.vietnamplus.vn/rss/home.rss\n    group: News/Asia\n"+
		"  - name: LWN.net\n    url: https://lwn.net/headlines/rss\n    group: Tech & Science\n")
	list := filepath.Join(dir, "feeds.opml")
	if _, _, err := cli(t, "opml", "export", "-config", cfg, "-o", list); err != nil {
		t.Fatal(err)
	}
	empty := writeFile(t, dir, "empty.yaml", "# feeds come from OPML\n")
	if _, errOut, err := cli(t, "opml", "import", "-write", "-config", empty, list); err != nil {
		t.Fatalf("import the export: %v\n%s", err, errOut)
	}
	want, err := config.Load(cfg)
	if err != nil {
		t.Fatal(err)
	}
	got, err := config.Load(empty)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Feeds, want.Feeds) {
		t.Errorf("round trip:\n got %+v\nwant %+v", got.Feeds, want.Feeds)
	}
	stdout, _, err := cli(t, "opml", "export", "-config", cfg)
	if err != nil || stdout != readString(t, list) {
		t.Errorf("export to stdout differs from export -o (err %v)", err)
	}
}
