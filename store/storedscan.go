package store

import "bytes"

// storedField is one key of the stored form of an article and how to read
// its value.
type storedField struct {
	key  string
	read func(*jsonScan, *storedArticle) bool
}

// storedFields are the keys of storedArticle, in the order json.Marshal
// writes them. TestScanStoredMatchesUnmarshal checks them against the
// struct tags.
var storedFields = [...]storedField{
	{"url", func(s *jsonScan, a *storedArticle) bool { return s.str(&a.URL) }},
	{"canonical_url", func(s *jsonScan, a *storedArticle) bool { return s.str(&a.CanonicalURL) }},
	{"feeds", func(s *jsonScan, a *storedArticle) bool { return s.strs(&a.Feeds) }},
	{"guid", func(s *jsonScan, a *storedArticle) bool { return s.str(&a.GUID) }},
	{"title", func(s *jsonScan, a *storedArticle) bool { return s.str(&a.Title) }},
	{"lead", func(s *jsonScan, a *storedArticle) bool { return s.str(&a.Lead) }},
	{"author", func(s *jsonScan, a *storedArticle) bool { return s.str(&a.Author) }},
	{"published", func(s *jsonScan, a *storedArticle) bool { return s.time(&a.Published) }},
	{"fetched", func(s *jsonScan, a *storedArticle) bool { return s.time(&a.Fetched) }},
	{"language", func(s *jsonScan, a *storedArticle) bool { return s.str(&a.Language) }},
	{"section", func(s *jsonScan, a *storedArticle) bool { return s.str(&a.Section) }},
	{"tags", func(s *jsonScan, a *storedArticle) bool { return s.strs(&a.Tags) }},
	{"images", func(s *jsonScan, a *storedArticle) bool { return s.images(&a.Images) }},
	{"text", func(s *jsonScan, a *storedArticle) bool { return s.str(&a.Text) }},
	{"content_hash", func(s *jsonScan, a *storedArticle) bool { return s.str(&a.ContentHash) }},
	{"extractor", func(s *jsonScan, a *storedArticle) bool { return s.str(&a.Extractor) }},
	{"cleaner", func(s *jsonScan, a *storedArticle) bool { return s.str(&a.Cleaner) }},
	{"rules", func(s *jsonScan, a *storedArticle) bool { return s.str(&a.Rules) }},
	{"capture_hash", func(s *jsonScan, a *storedArticle) bool { return s.str(&a.CaptureHash) }},
	{"revision", func(s *jsonScan, a *storedArticle) bool { return s.int(&a.Revision) }},
	{"revised", func(s *jsonScan, a *storedArticle) bool { return s.time(&a.Revised) }},
	{"reason", func(s *jsonScan, a *storedArticle) bool { return s.str(&a.Reason) }},
	{"changed", func(s *jsonScan, a *storedArticle) bool { return s.strs(&a.Changed) }},
	{"cursor", func(s *jsonScan, a *storedArticle) bool { return s.uint(&a.Cursor) }},
	{"cluster", func(s *jsonScan, a *storedArticle) bool { return s.uint(&a.Cluster) }},
}

// scan decodes raw, the stored form of an article, into a without
// reflection, and reports whether it could. It reads each key once, spelt
// as json.Marshal spells it, with a value of the field's type or null; at
// anything else (an older or newer form, a repeated key) it stops, and the
// caller decodes raw with json.Unmarshal instead. What it decodes equals
// what json.Unmarshal would; FuzzScanStored checks that.
func (a *storedArticle) scan(raw []byte) bool {
	s := jsonScan{buf: raw}
	var seen uint32 // bit i: storedFields[i] was read
	next := 0       // where the key is looked for first: keys come in order
	ok := s.object(func(key []byte) bool {
		i := findStoredField(key, next)
		if i < 0 || seen&(1<<i) != 0 {
			return false
		}
		seen |= 1 << i
		next = i + 1
		return storedFields[i].read(&s, a)
	})
	return ok && s.atEnd()
}

// findStoredField returns the index of key in storedFields, looking from
// from on first, or -1.
func findStoredField(key []byte, from int) int {
	for j := range len(storedFields) {
		i := (from + j) % len(storedFields)
		if string(key) == storedFields[i].key {
			return i
		}
	}
	return -1
}

// images reads an array of images into *p; an empty array is an empty,
// non-nil slice, as json.Unmarshal makes it.
func (s *jsonScan) images(p *[]Image) bool {
	if s.null() {
		*p = nil
		return true
	}
	out := []Image{}
	ok := s.array(func() bool {
		var im Image
		ok := s.object(func(key []byte) bool {
			switch {
			case bytes.Equal(key, []byte("url")):
				return s.str(&im.URL)
			case bytes.Equal(key, []byte("caption")):
				return s.str(&im.Caption)
			case bytes.Equal(key, []byte("credit")):
				return s.str(&im.Credit)
			}
			return false
		})
		out = append(out, im)
		return ok
	})
	*p = out
	return ok
}
