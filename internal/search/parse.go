package search

import (
	"fmt"
	"strings"
	"time"
	"unicode"
)

// Terms is a parsed query: what the words of a search box say.
type Terms struct {
	Words, Phrases       []string // every one must match
	NotWords, NotPhrases []string // none may match
	Feeds                []string // feed:NAME, any of them
	Langs                []string // lang:CODE, any of them
	Sources              []string // source:page or source:feed
	// Since and Until bound the published time, Since inclusive, Until
	// exclusive; zero is open.
	Since, Until time.Time
}

// Positive reports whether t has something to match, not only to filter
// and exclude: the results are then ranked by score, else by date.
func (t *Terms) Positive() bool { return len(t.Words)+len(t.Phrases) > 0 }

// Parse reads a query: words, "exact phrases", -exclusions (of a word or
// a phrase), feed:NAME, lang:CODE, source:page|feed (a value may be
// quoted), and published>=DATE, >, <=, <, or published:DATE for one day,
// a DATE being 2006-01-02 (a UTC day) or RFC 3339.
func Parse(q string) (Terms, error) {
	var t Terms
	toks, err := tokens(q)
	if err != nil {
		return t, err
	}
	for _, tok := range toks {
		if err := t.add(tok); err != nil {
			return t, err
		}
	}
	return t, nil
}

// token is one term of a query as written.
type token struct {
	text   string // unquoted
	quoted bool   // the text (or a field's value) was in quotes
	not    bool   // it had a leading '-'
	field  string // "feed", "lang", "source", "published": a field term
	op     string // ":", ">=", ">", "<=", "<"
}

// add adds one token to t.
func (t *Terms) add(tok token) error {
	switch tok.field {
	case "feed":
		t.Feeds = append(t.Feeds, tok.text)
	case "lang":
		t.Langs = append(t.Langs, strings.ToLower(tok.text))
	case "source":
		t.Sources = append(t.Sources, strings.ToLower(tok.text))
	case "published":
		return t.addDate(tok)
	case "":
		t.addText(tok)
	}
	return nil
}

// addText adds a word or phrase, to match or to exclude; one with no
// letter or digit matches nothing and is left out.
func (t *Terms) addText(tok token) {
	if !strings.ContainsFunc(tok.text, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
		return
	}
	switch {
	case tok.quoted && tok.not:
		t.NotPhrases = append(t.NotPhrases, tok.text)
	case tok.quoted:
		t.Phrases = append(t.Phrases, tok.text)
	case tok.not:
		t.NotWords = append(t.NotWords, tok.text)
	default:
		t.Words = append(t.Words, tok.text)
	}
}

// addDate narrows the published range by one bound.
func (t *Terms) addDate(tok token) error {
	d, day, err := ParseTime(tok.text)
	if err != nil {
		return fmt.Errorf("published%s%s: %w", tok.op, tok.text, err)
	}
	end := d
	if day {
		end = d.AddDate(0, 0, 1)
	}
	switch tok.op {
	case ">=":
		t.Since = later(t.Since, d)
	case ">":
		t.Since = later(t.Since, end)
	case "<":
		t.Until = earlier(t.Until, d)
	case "<=":
		t.Until = earlier(t.Until, end)
	case ":", "=":
		t.Since, t.Until = later(t.Since, d), earlier(t.Until, end)
	}
	return nil
}

// ParseTime reads a date of a query or a flag: 2006-01-02 (that day in
// UTC; day is true) or RFC 3339, within the years the index's dates can
// hold.
func ParseTime(s string) (t time.Time, day bool, err error) {
	t, err = time.Parse(dayLayout, s)
	day = err == nil
	if err != nil {
		t, err = time.Parse(time.RFC3339, s)
	}
	switch {
	case err != nil:
		return time.Time{}, false, fmt.Errorf("bad date %q: want 2006-01-02 or RFC 3339 (2006-01-02T15:04:05Z)", s)
	case t.Before(firstDate) || !t.Before(lastDate):
		return time.Time{}, false, fmt.Errorf("bad date %q: the index holds dates from %d to %d", s, firstDate.Year(), lastDate.Year()-1)
	}
	return t, day, nil
}

// firstDate and lastDate bound the dates the index holds (in nanoseconds
// of an int64, as bleve keeps them), whole years inside.
var (
	firstDate = time.Date(1678, 1, 1, 0, 0, 0, 0, time.UTC)
	lastDate  = time.Date(2262, 1, 1, 0, 0, 0, 0, time.UTC)
)

func later(a, b time.Time) time.Time {
	if a.IsZero() || b.After(a) {
		return b
	}
	return a
}

func earlier(a, b time.Time) time.Time {
	if a.IsZero() || b.Before(a) {
		return b
	}
	return a
}

// fieldOps are the operators a field term may use, longest first.
var fieldOps = []string{">=", "<=", ">", "<", ":", "="}

// tokens splits q at spaces outside quotes into tokens.
func tokens(q string) ([]token, error) {
	var out []token
	rs := []rune(q)
	for i := 0; i < len(rs); {
		if unicode.IsSpace(rs[i]) {
			i++
			continue
		}
		tok, next, err := readToken(rs, i)
		if err != nil {
			return nil, err
		}
		if tok.text != "" {
			out = append(out, tok)
		}
		i = next
	}
	return out, nil
}

// readToken reads the token starting at rs[i] and returns it with the
// index after it.
func readToken(rs []rune, i int) (token, int, error) {
	var tok token
	if rs[i] == '-' && i+1 < len(rs) && !unicode.IsSpace(rs[i+1]) {
		tok.not, i = true, i+1
	}
	start := i
	for i < len(rs) && !unicode.IsSpace(rs[i]) && rs[i] != '"' {
		i++
	}
	head := string(rs[start:i])
	if !tok.not {
		if f, op, ok := fieldTerm(head); ok {
			tok.field, tok.op, head = f, op, head[len(f)+len(op):]
		}
	}
	if i < len(rs) && rs[i] == '"' && (head == "" || tok.field != "") {
		end := i + 1
		for end < len(rs) && rs[end] != '"' {
			end++
		}
		if end == len(rs) {
			return tok, i, fmt.Errorf("a quote opened at character %d is not closed", i+1)
		}
		tok.text, tok.quoted = strings.TrimSpace(string(rs[i+1:end])), true
		return tok, end + 1, nil
	}
	for i < len(rs) && !unicode.IsSpace(rs[i]) { // a quote inside a word is part of it
		i++
	}
	tok.text = string(rs[start+len([]rune(tok.field+tok.op)) : i])
	return tok, i, nil
}

// fieldTerm reads "field" and its operator at the start of s.
func fieldTerm(s string) (field, op string, ok bool) {
	for _, f := range []string{"feed", "lang", "source", "published"} {
		rest, found := strings.CutPrefix(s, f)
		if !found {
			continue
		}
		for _, op := range fieldOps {
			if strings.HasPrefix(rest, op) && (f == "published" || op == ":") {
				return f, op, true
			}
		}
	}
	return "", "", false
}
