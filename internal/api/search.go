package api

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/depeche-archiver/depeche/internal/search"
)

// PathSearch is GET /search: the search page, or with format=json the
// results as a SearchResponse.
const PathSearch = "/search"

// FormatJSON asks /search for JSON instead of the page.
const FormatJSON = "json"

// SearchRequest is what GET /search asks for:
// ?q=QUERY&feed=NAME&since=TIME&until=TIME&n=20&from=0&format=json.
// Since and Until bound the published time as published>= and
// published< in the query do; they take RFC 3339 or a day (2025-01-31).
type SearchRequest struct {
	Q            string // the query, in search's syntax
	Feed         string
	Since, Until time.Time
	Size         int // 1 to search.MaxSize; 0 for 20
	From         int // hits to skip
}

// SearchResponse is the answer of GET /search?format=json and of
// "search -json".
type SearchResponse struct {
	Query  string      `json:"query"`
	Total  uint64      `json:"total"`   // articles that match, all pages
	TookMS float64     `json:"took_ms"` // time spent searching, the archive reads included
	Hits   []SearchHit `json:"hits"`    // best first; newest first when the query only filters
}

// SearchHit is one article found. Snippets are passages of its text (or
// lead, author, tags) where the query matched, each a list of parts whose
// hit parts are the words matched; the text is plain, never markup.
type SearchHit struct {
	ID        uint64          `json:"id"`
	Score     float64         `json:"score"`
	Title     string          `json:"title"`
	Feeds     []string        `json:"feeds"`
	Language  string          `json:"language"`
	Published time.Time       `json:"published,omitzero"`
	Fetched   time.Time       `json:"fetched,omitzero"`
	Snippets  [][]SnippetPart `json:"snippets"`
}

// SnippetPart is a piece of a snippet.
type SnippetPart struct {
	Text string `json:"text"`
	Hit  bool   `json:"hit,omitempty"`
}

// Query encodes r as /search's query, for JSON.
func (r SearchRequest) Query() url.Values {
	q := url.Values{"q": {r.Q}, "format": {FormatJSON}}
	if r.Feed != "" {
		q.Set("feed", r.Feed)
	}
	setTime(q, "since", r.Since)
	setTime(q, "until", r.Until)
	if r.Size != 0 {
		q.Set("n", strconv.Itoa(r.Size))
	}
	if r.From != 0 {
		q.Set("from", strconv.Itoa(r.From))
	}
	return q
}

// ParseSearchRequest reads /search's query.
func ParseSearchRequest(q url.Values) (SearchRequest, error) {
	r := SearchRequest{Q: q.Get("q"), Feed: q.Get("feed")}
	var err error
	if r.Since, err = searchTime(q, "since"); err != nil {
		return r, err
	}
	if r.Until, err = searchTime(q, "until"); err != nil {
		return r, err
	}
	n, err := queryUint(q, "n", "a number of results")
	if err != nil {
		return r, err
	}
	if n > search.MaxSize {
		return r, &queryError{"n", q.Get("n"), "more than " + strconv.Itoa(search.MaxSize)}
	}
	from, err := queryUint(q, "from", "a number of results to skip")
	if err != nil {
		return r, err
	}
	r.Size, r.From = int(n), int(min(from, 1<<20))
	return r, nil
}

// searchTime reads param as RFC 3339 or a day; absent gives zero.
func searchTime(q url.Values, param string) (time.Time, error) {
	s := q.Get(param)
	if s == "" {
		return time.Time{}, nil
	}
	t, _, err := search.ParseTime(s)
	if err != nil {
		return time.Time{}, &queryError{param, s, "not a day (2025-01-31) or an RFC 3339 time"}
	}
	return t, nil
}

// QueryError is a search query that cannot be read, or is over a limit
// (a *search.LimitError): a request error, not the index's.
type QueryError struct{ Err error }

func (e *QueryError) Error() string { return "query: " + e.Err.Error() }
func (e *QueryError) Unwrap() error { return e.Err }

// newSearchResponse is res on the wire.
func newSearchResponse(q string, res *search.Result) SearchResponse {
	out := SearchResponse{Query: q, Total: res.Total, TookMS: float64(res.Took.Microseconds()) / 1000, Hits: make([]SearchHit, 0, len(res.Hits))}
	for _, h := range res.Hits {
		hit := SearchHit{ID: h.ID, Score: h.Score, Title: h.Title, Feeds: nonNilStrings(h.Feeds), Language: h.Language,
			Published: utc(h.Published), Fetched: utc(h.Fetched), Snippets: make([][]SnippetPart, 0, len(h.Snippets))}
		for _, s := range h.Snippets {
			parts := make([]SnippetPart, len(s))
			for i, p := range s {
				parts[i] = SnippetPart{Text: p.Text, Hit: p.Hit}
			}
			hit.Snippets = append(hit.Snippets, parts)
		}
		out.Hits = append(out.Hits, hit)
	}
	return out
}

// nonNilStrings is s, an empty slice when nil: JSON arrays are never null.
func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// serveSearch answers GET /search: JSON with format=json, else the page
// of the web interface.
func (s *Server) serveSearch(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("format") != FormatJSON {
		if s.o.UI == nil {
			http.Error(w, "no web interface: ask for format=json", http.StatusNotFound)
			return
		}
		s.o.UI.ServeHTTP(w, r)
		return
	}
	if s.o.Search == nil {
		http.Error(w, "the daemon has no search index open", http.StatusServiceUnavailable)
		return
	}
	req, err := ParseSearchRequest(q)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	res, err := s.o.Search.Search(r.Context(), req)
	if err != nil {
		switch status := SearchStatus(err); status {
		case 0:
			s.o.Logger.Debug("serve /search: client went away", "err", err)
		case http.StatusInternalServerError:
			s.o.Logger.Warn("serve /search", "err", err)
			fallthrough
		default:
			SetRetryAfter(w.Header(), err)
			http.Error(w, err.Error(), status)
		}
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	s.writeJSON(w, PathSearch, res)
}

// Search asks the daemon to run r.
func (c *Client) Search(ctx context.Context, r SearchRequest) (SearchResponse, error) {
	var res SearchResponse
	err := c.getJSON(ctx, PathSearch, r.Query(), &res)
	return res, err
}
