package clean

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
)

func TestDecode(t *testing.T) {
	latin1, err := charmap.ISO8859_1.NewEncoder().String("<p>Fête de l'été à Caen</p>")
	if err != nil {
		t.Fatal(err)
	}
	cp1252, err := charmap.Windows1252.NewEncoder().String("<p>L’été – déjà</p>")
	if err != nil {
		t.Fatal(err)
	}
	asciiHead := "<html><head><title>x</title></head><body>" + strings.Repeat("<p>plain ascii text</p>", 80)
	gbk, err := simplifiedchinese.GBK.NewEncoder().String("<p>城东图书馆周日开放</p>")
	if err != nil {
		t.Fatal(err)
	}
	scripts := "<html><head>" + strings.Repeat("<script>var injected = 'by the archive player';</script>\n", 30)
	const gbMeta = `<meta http-equiv="Content-Type" content="text/html; charset=gb2312">`
	tests := []struct {
		name, contentType, body, want string
	}{
		{"header-iso-8859-1-bytes-utf8", "text/html; charset=ISO-8859-1", "<p>Fête de l’été à Hanoï</p>", "Fête de l’été à Hanoï"},
		{"meta-windows-1252-bytes-utf8", "text/html", `<meta charset="windows-1252"><p>« Déjà vu » – oui</p>`, "« Déjà vu » – oui"},
		{"no-declaration-utf8-after-first-kilobyte", "", asciiHead + "<p>Hanoï, le 3 décembre</p>", "Hanoï, le 3 décembre"},
		{"no-declaration-ascii-then-windows-1252", "", asciiHead + cp1252, "L’été – déjà"},
		{"header-iso-8859-1-real-latin1", "text/html; charset=ISO-8859-1", latin1, "Fête de l'été à Caen"},
		{"meta-windows-1252-real-cp1252", "text/html", `<meta charset="windows-1252">` + cp1252, "L’été – déjà"},
		{"bom-beats-header", "text/html; charset=ISO-8859-1", "\xEF\xBB\xBF<p>Ça marche</p>", "Ça marche"},
		{"meta-gb2312-after-first-kilobyte", "", scripts + gbMeta + "</head><body>" + gbk, "城东图书馆周日开放"},
		{"meta-charset-after-first-kilobyte", "text/html", scripts + `<meta charset="gb2312"></head><body>` + gbk, "城东图书馆周日开放"},
		{"header-beats-late-meta", "text/html; charset=gbk", scripts + `<meta charset="windows-1252"></head><body>` + gbk, "城东图书馆周日开放"},
		{"meta-in-body-ignored", "", scripts + "</head><body>" + `<meta charset="gb2312"><p>Hanoï</p>`, "Hanoï"},
		{"late-meta-utf16-means-utf8", "", scripts + `<meta charset="utf-16"></head><body><p>Hanoï</p>`, "Hanoï"},
		{"invalid-utf8-replaced", "text/html; charset=utf-8", "<p>a\xffb</p>", "a\uFFFDb"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := decode(tc.contentType, []byte(tc.body))
			if !strings.Contains(got, tc.want) {
				t.Errorf("decode = %q, want it to contain %q", got, tc.want)
			}
			if strings.HasPrefix(got, "\uFEFF") {
				t.Errorf("decode kept the BOM")
			}
		})
	}
}

func TestHasMojibake(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want bool
	}{
		{"e-acute-as-cp1252", "Ã©tÃ©", true},
		{"apostrophe-as-cp1252", "lâ€™Ã©tÃ©", true},
		{"nbsp-as-latin1", "Â\u00a0!", true},
		{"clean-french", "l’été « chaud » à Hanoï", false},
		{"capital-a-circumflex-word", "Âge tendre", false},
		{"ascii", "plain text", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := hasMojibake([]byte(tc.in)); got != tc.want {
				t.Errorf("hasMojibake(%q) = %v, want %v", tc.in, got, tc.want)
			}
		})
	}
}

// TestCleanLateMetaCharset cleans a gb2312 page whose <meta> comes after
// a kilobyte of injected scripts, as web archives serve pages.
func TestCleanLateMetaCharset(t *testing.T) {
	body, err := os.ReadFile(filepath.Join(fixtureDir, "gb2312-late-meta.html"))
	if err != nil {
		t.Fatal(err)
	}
	if i := strings.Index(string(body), "charset=gb2312"); i < 1024 {
		t.Fatalf("the fixture's charset is at byte %d, want it after the first 1024", i)
	}
	a, err := builtinCleaner(t).Clean(Page{URL: "https://ribao.example/city/library-sunday", Body: body})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"城东图书馆周日开放", "读者可以借书"} {
		if !strings.Contains(a.Title+"\n"+a.Text, want) {
			t.Errorf("title and text lack %q (mojibake?):\n%s\n%s", want, a.Title, a.Text)
		}
	}
	if strings.ContainsRune(a.Text, '\uFFFD') || hasMojibake([]byte(a.Text)) {
		t.Errorf("text has replacement characters or mojibake: %q", a.Text)
	}
}
