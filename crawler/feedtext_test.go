package crawler

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestFeedText(t *testing.T) {
	tests := []struct {
		name, html, want string
	}{
		{"paragraphs", "<p>First  line\nof the story.</p><p>Second <b>bold</b> part.</p>", "First line of the story.\n\nSecond bold part."},
		{"line-breaks", "One<br>Two<br/>Three", "One\n\nTwo\n\nThree"},
		{"scripts-and-styles-dropped", `<p>Kept.</p><script>document.write("injected")</script><style>p{color:red}</style><p>Also kept.</p>`, "Kept.\n\nAlso kept."},
		{"entities-decoded", "<p>Caf&eacute; &amp; th&#233;</p>", "Café & thé"},
		{"plain-text", "Just a summary, no markup.", "Just a summary, no markup."},
		{"nfc", "<p>Cafe\u0301</p>", "Caf\u00e9"},
		{"empty", "", ""},
		{"unclosed-script-hides-the-rest", "<p>Before.</p><script>var x = 1; <p>not text</p>", "Before."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := feedText(tt.html); got != tt.want {
				t.Errorf("feedText(%q) = %q, want %q", tt.html, got, tt.want)
			}
		})
	}
}

func FuzzFeedText(f *testing.F) {
	f.Add("<p>a</p><script>b</script>")
	f.Add("<div><p>x<br>y</div>\xff")
	f.Fuzz(func(t *testing.T, in string) {
		out := feedText(in)
		if !utf8.ValidString(out) && utf8.ValidString(in) {
			t.Errorf("invalid UTF-8 out of valid input %q", in)
		}
		if strings.Contains(in, "<script>") && !strings.Contains(in, "&") && strings.Contains(out, "<script>") {
			t.Errorf("markup kept: %q", out)
		}
	})
}
