package clean

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// para is a paragraph long enough to anchor a chunk search.
func para(s string) string {
	return "<p>" + s + " The council will meet again next month to review the figures in detail.</p>"
}

func TestAddChunks(t *testing.T) {
	tests := []struct {
		name, page string
		lines      []string
		want       []string
	}{
		{
			name: "split-body-stitched",
			page: `<div class="article__chunks"><div class="grid"><div class="article__body">` + para("First part of the story.") + `</div></div>` +
				`<div class="grid"><div class="ad">Advertisement</div></div>` +
				`<div class="grid"><div class="article__body">` + para("Second part of the story.") +
				`<p><a href="/a">Read this</a> and <a href="/b">that</a></p></div></div></div>`,
			lines: []string{"First part of the story. The council will meet again next month to review the figures in detail."},
			want: []string{"First part of the story. The council will meet again next month to review the figures in detail.",
				"Second part of the story. The council will meet again next month to review the figures in detail."},
		},
		{
			name:  "layout-boxes-not-stitched",
			page:  `<div class="wrapper">` + para("The story.") + `</div><div class="wrapper">` + para("About the author.") + `</div>`,
			lines: []string{"The story. The council will meet again next month to review the figures in detail."},
			want:  []string{"The story. The council will meet again next month to review the figures in detail."},
		},
		{
			name:  "author-box-skipped",
			page:  `<div class="story-text">` + para("The story.") + `</div><div class="story-text"><div class="author-bio">` + para("The author.") + `</div></div>`,
			lines: []string{"The story. The council will meet again next month to review the figures in detail."},
			want:  []string{"The story. The council will meet again next month to review the figures in detail."},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := html.Parse(strings.NewReader(tc.page))
			if err != nil {
				t.Fatal(err)
			}
			got := normalizeLines(addChunks(doc, tc.lines))
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("addChunks = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestBoilerplateLine(t *testing.T) {
	tests := []struct {
		line string
		want bool
	}{
		{"Related: Ten bridges worth a detour", true},
		{"READ MORE: The harbour reopens", true},
		{"Voir aussi", true},
		{"DON'T MISS", true},
		{"Subscribe to our daily briefing", true},
		{"Get the best stories in your inbox with our free newsletter.", true},
		{"Copyright 2024 Gazette. All rights reserved.", true},
		{"Like this story? Share it with a friend!", true},
		{"Sign up for our free newsletter", true},
		{"Newsletter", true},
		{"Morning Briefing Newsletter", true},
		{"The newsletter is published once a month.", false},
		{"Twelve readers joined my newsletter last week.", false},
		{"Advertisement", true},
		{"Advertisement - Continue Reading Below", true},
		{"Regular price $49.99 USD", true},
		{"169 total reviews", true},
		{"Add to cart", true},
		{"chevron_right", true},
		{"Book a demo", true},
		{"Back to top", true},
		{"Previous Next", true},
		{"Home prices rose again this spring.", false},
		{"Get started today!", true},
		{"Get started with a pencil and a ruler before you buy any software.", false},
		{"Check price on Amazon", true},
		{"Advertisement revenue fell as budgets moved online.", false},
		{"The sale of the harbour land was approved.", false},
		{"Related groups met on Monday to discuss the plan.", false},
		{"Readers subscribed in large numbers after the launch.", false},
		{"The mayor said the harbour would reopen in the spring, after two years of works on its quays.", false},
	}
	for _, tc := range tests {
		t.Run(tc.line, func(t *testing.T) {
			if got := boilerplateLine(tc.line); got != tc.want {
				t.Errorf("boilerplateLine(%q) = %v, want %v", tc.line, got, tc.want)
			}
		})
	}
}

func TestLineLayout(t *testing.T) {
	tests := []struct {
		name, page string
		trimmed    bool
		want       []string
	}{
		{"table-row-one-line", `<table><tr><td>1</td><td>Kim</td><td>1</td></tr><tr><td>2</td><td>Lee</td><td>1</td></tr></table>`, false, []string{"1 Kim 1", "2 Lee 1"}},
		{"trimmed-pieces-spaced", `<p>two for<b>Larry</b>, three for<b>Myles</b>.</p>`, true, []string{"two for Larry, three for Myles."}},
		{"raw-pieces-joined", `<p>un<b>break</b>able</p>`, false, []string{"unbreakable"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := html.Parse(strings.NewReader(tc.page))
			if err != nil {
				t.Fatal(err)
			}
			lines := blockLines(doc)
			if tc.trimmed {
				lines = trimmedLines(doc)
			}
			if got := normalizeLines(lines); strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("lines = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestReadJSONLD(t *testing.T) {
	tests := []struct {
		name, src string
		want      ldArticle
	}{
		{"news-article", `{"@context":"https://schema.org","@type":"NewsArticle","datePublished":"2024-05-02T08:00:00+02:00","author":{"@type":"Person","name":"Anne Martin"},"inLanguage":"fr-FR","mainEntityOfPage":{"@id":"https://a.example/x"}}`,
			ldArticle{published: "2024-05-02T08:00:00+02:00", author: "Anne Martin", lang: "fr-FR", url: "https://a.example/x"}},
		{"graph-with-authors", `{"@graph":[{"@type":"WebSite","name":"A"},{"@type":["BlogPosting"],"datePublished":"2024-05-02","author":[{"name":"A. B"},{"name":"C. D"}],"url":"https://a.example/y"}]}`,
			ldArticle{published: "2024-05-02", author: "A. B, C. D", url: "https://a.example/y"}},
		{"list-no-article", `[{"@type":"Organization","name":"A"}]`, ldArticle{}},
		{"broken-json", `{"@type":"NewsArticle",`, ldArticle{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got, _ := readJSONLD(tc.src); got != tc.want {
				t.Errorf("readJSONLD = %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestGenericMetadata(t *testing.T) {
	page := `<html><head><script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2024-05-02T08:00:00+02:00","author":{"name":"Anne Martin"},"mainEntityOfPage":"https://a.example/story"}</script></head><body><article>` +
		para("Le conseil municipal a voté mardi un budget en hausse pour les écoles de la commune, après un long débat entre les élus.") +
		para("Les travaux de rénovation commenceront au printemps et dureront deux ans, selon le maire de la ville, qui a présenté le calendrier.") +
		para("Les parents d’élèves se disent satisfaits mais restent attentifs au calendrier annoncé par la mairie pour les trois écoles.") +
		`<p>Related: Un autre article</p></article></body></html>`
	a, err := builtinCleaner(t).Clean(Page{URL: "https://a.example/story?x=1", Body: []byte(page)})
	if err != nil {
		t.Fatal(err)
	}
	if got := a.Published.Format("2006-01-02T15:04:05Z07:00"); got != "2024-05-02T08:00:00+02:00" {
		t.Errorf("Published = %s", got)
	}
	if a.Author != "Anne Martin" || a.CanonicalURL != "https://a.example/story" || a.Language != "fr" {
		t.Errorf("Author %q, CanonicalURL %q, Language %q", a.Author, a.CanonicalURL, a.Language)
	}
	if strings.Contains(a.Text, "Related") {
		t.Errorf("boilerplate line kept in %q", a.Text)
	}
}
