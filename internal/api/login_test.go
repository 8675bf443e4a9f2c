package api

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/depeche-archiver/depeche/internal/search"
	"github.com/depeche-archiver/depeche/store"
)

// pageUI stands for the web interface: it names the page it serves.
var pageUI = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	io.WriteString(w, "page "+r.URL.Path)
})

// browser is a client that keeps cookies, asks for pages and does not
// follow redirects, so that the test sees them.
func browser(t *testing.T) *http.Client {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func getPage(t *testing.T, c *http.Client, u string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	req.Header.Set("Accept", "text/html,application/xhtml+xml")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

func TestUILoginKeepsTheTokenInACookie(t *testing.T) {
	db := openArchive(t, store.Options{})
	o := testOptions(db, true, "0.0.0.0:8080", "s3cret")
	o.UI = pageUI
	srv := httptest.NewServer(NewServer(o).Handler())
	defer srv.Close()
	c := browser(t)

	resp := getPage(t, c, srv.URL+"/articles?feed=a")
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/login?next=%2Farticles%3Ffeed%3Da" {
		t.Fatalf("page without token: %s to %q, want 303 to the login form", resp.Status, resp.Header.Get("Location"))
	}
	if resp, _ := http.Get(srv.URL + "/feeds"); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("API without token: %s, want 401", resp.Status)
	}

	resp, err := c.PostForm(srv.URL+"/login", url.Values{"token": {"wrong"}, "next": {"/articles"}})
	if err != nil {
		t.Fatal(err)
	}
	if loc := resp.Header.Get("Location"); !strings.Contains(loc, "failed=1") || len(resp.Cookies()) > 0 {
		t.Errorf("wrong token: redirect %q, cookies %v; want the form again and no cookie", loc, resp.Cookies())
	}

	resp, err = c.PostForm(srv.URL+"/login", url.Values{"token": {"s3cret"}, "next": {"//elsewhere.example/"}})
	if err != nil {
		t.Fatal(err)
	}
	if loc := resp.Header.Get("Location"); loc != "/" {
		t.Errorf("login redirects to %q, want / (never another origin)", loc)
	}
	cookies := resp.Cookies()
	if len(cookies) != 1 || !cookies[0].HttpOnly || cookies[0].SameSite != http.SameSiteStrictMode || cookies[0].Name != CookieToken {
		t.Fatalf("cookies %+v, want one HttpOnly SameSite=Strict %s", cookies, CookieToken)
	}
	if resp := getPage(t, c, srv.URL+"/articles"); resp.StatusCode != http.StatusOK {
		t.Errorf("page with the cookie: %s, want 200", resp.Status)
	}
}

func TestUIOnLoopbackNeedsNoToken(t *testing.T) {
	db := openArchive(t, store.Options{})
	o := testOptions(db, true, "127.0.0.1:0", "")
	o.UI = pageUI
	srv := httptest.NewServer(NewServer(o).Handler())
	defer srv.Close()
	resp := getPage(t, browser(t), srv.URL+"/")
	if resp.StatusCode != http.StatusOK {
		t.Errorf("GET /: %s, want 200", resp.Status)
	}
}

func TestSearchJSON(t *testing.T) {
	db := openArchive(t, store.Options{})
	a := &store.Article{URL: "https://example.test/port", Title: "Le port s'agrandit", Language: "fr",
		Text: "Les travaux du port commencent. Les élections suivront.", Published: time.Date(2025, 2, 3, 0, 0, 0, 0, time.UTC)}
	if _, _, err := db.Save(a, "quotidien", ""); err != nil {
		t.Fatal(err)
	}
	ix, err := search.Open(search.Path(db.Path()))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if _, err := ix.CatchUp(context.Background(), db, nil); err != nil {
		t.Fatal(err)
	}
	o := testOptions(db, true, "127.0.0.1:0", "")
	o.Search = NewSearcher(ix, db, SearchLimits{})
	srv := httptest.NewServer(NewServer(o).Handler())
	defer srv.Close()

	res, err := NewClient(srv.Listener.Addr().String(), "").Search(context.Background(), SearchRequest{Q: "élection", Since: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 1 || len(res.Hits) != 1 || res.Hits[0].Title != a.Title || len(res.Hits[0].Snippets) == 0 {
		t.Fatalf("response %+v", res)
	}
	found := false
	for _, p := range res.Hits[0].Snippets[0] {
		found = found || (p.Hit && p.Text == "élections")
	}
	if !found {
		t.Errorf("snippet %+v does not mark élections", res.Hits[0].Snippets[0])
	}

	for q, want := range map[string]int{
		"q=%22open":                   http.StatusBadRequest, // a quote not closed
		"q=port&n=9999":               http.StatusBadRequest,
		"q=port&since=last+week":      http.StatusBadRequest,
		"q=port&until=2025-01-01":     http.StatusOK,
		"q=published%3E%3D2025-02-01": http.StatusOK,
	} {
		resp, err := http.Get(srv.URL + "/search?format=json&" + q)
		if err != nil {
			t.Fatal(err)
		}
		var body SearchResponse
		if resp.StatusCode == http.StatusOK {
			if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
				t.Errorf("%s: %v", q, err)
			}
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("%s: %s, want %d", q, resp.Status, want)
		}
	}
}
