package clean

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"gopkg.in/yaml.v3"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/clean")

// fixtureDir holds the HTML fixtures and their golden articles.
const fixtureDir = "../../testdata/clean"

// goldenCase is one fixture: the page as served and the name of its files.
type goldenCase struct {
	name, url, contentType string
}

var goldenCases = []goldenCase{
	{"vietnamplus-new", "https://fr.vietnamplus.vn/le-delta-du-mekong-mise-sur-un-riz-plus-sobre-en-eau-post230145.vnp", "text/html; charset=utf-8"},
	{"vietnamplus-old", "https://fr.vietnamplus.vn/le-marche-flottant-de-cai-rang/98765.vnp", "text/html"},
	{"vietnamvn-fr", "https://www.vietnam.vn/fr/le-port-de-hai-phong-accueille-davantage-de-porte-conteneurs", "text/html; charset=utf-8"},
	{"generic-fr", "https://www.gazette-rhone.example/culture/bibliotheques-dimanche?utm_source=rss", "text/html; charset=UTF-8"},
	{"windows-1252-header", "https://normandie.example/fete-pomme", "text/html; charset=windows-1252"},
	{"windows-1252-meta", "https://normandie.example/fete-pomme", "text/html"},
	{"iso-8859-1-header", "https://normandie.example/fete-pomme", "text/html; charset=ISO-8859-1"},
	{"iso-8859-1-meta", "https://normandie.example/fete-pomme", ""},
	{"utf8-bom", "https://normandie.example/fete-pomme", "text/html"},
	{"utf8-header-says-latin1", "https://normandie.example/fete-pomme", "text/html; charset=ISO-8859-1"},
	{"utf8-undeclared", "https://normandie.example/fete-pomme", ""},
	{"gb2312-late-meta", "https://ribao.example/city/library-sunday", ""},
	{"generic-vi-credits", "https://tintuc-mau.example/xa-hoi/xe-buyt-dien-ven-ho", "text/html; charset=utf-8"},
}

func TestGolden(t *testing.T) {
	c := builtinCleaner(t)
	for _, tc := range goldenCases {
		t.Run(tc.name, func(t *testing.T) {
			body, err := os.ReadFile(filepath.Join(fixtureDir, tc.name+".html"))
			if err != nil {
				t.Fatal(err)
			}
			a, err := c.Clean(Page{URL: tc.url, ContentType: tc.contentType, Body: body})
			if err != nil {
				t.Fatalf("Clean: %v", err)
			}
			compareGolden(t, filepath.Join(fixtureDir, tc.name+".golden.json"), a)
		})
	}
}

// compareGolden compares a, as indented JSON, with the golden file, or
// rewrites the file under -update.
func compareGolden(t *testing.T, path string, a *Article) {
	t.Helper()
	got, err := json.MarshalIndent(a, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./crawler/clean -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("article differs from %s:\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}

// builtinCleaner returns a Cleaner with the rules of config/sites.yaml.
func builtinCleaner(t testing.TB) *Cleaner {
	t.Helper()
	c, err := New(builtinRules(t))
	if err != nil {
		t.Fatalf("New(sites.yaml): %v", err)
	}
	return c
}

// builtinRules decodes config/sites.yaml strictly, as the config package does.
func builtinRules(t testing.TB) []Rule {
	t.Helper()
	data, err := os.ReadFile("../../config/sites.yaml")
	if err != nil {
		t.Fatal(err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var rules []Rule
	if err := dec.Decode(&rules); err != nil {
		t.Fatalf("decode sites.yaml: %v", err)
	}
	return rules
}

func TestBuiltinRules(t *testing.T) {
	rules := builtinRules(t)
	if len(rules) < 2 {
		t.Fatalf("sites.yaml has %d rules, want the vietnamplus and vietnam.vn ones", len(rules))
	}
	if _, err := New(rules); err != nil {
		t.Fatalf("New: %v", err)
	}
}
