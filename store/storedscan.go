package store

import (
	"bytes"

	"github.com/depeche-archiver/depeche/store/jsonscan"
)

// storedFields are the keys of storedArticle, in the order json.Marshal
// writes them. TestStoredFieldsFollowTags checks them against the
// struct tags.
var storedFields = [...]jsonscan.Field[storedArticle]{
	field("url", func(s *jsonscan.Scanner, a *storedArticle) bool { return s.Str(&a.URL) }),
	field("canonical_url", func(s *jsonscan.Scanner, a *storedArticle) bool { return s.Str(&a.CanonicalURL) }),
	field("feeds", func(s *jsonscan.Scanner, a *storedArticle) bool { return s.Strings(&a.Feeds) }),
	field("guid", func(s *jsonscan.Scanner, a *storedArticle) bool { return s.Str(&a.GUID) }),
	field("title", func(s *jsonscan.Scanner, a *storedArticle) bool { return s.Str(&a.Title) }),
	field("lead", func(s *jsonscan.Scanner, a *storedArticle) bool { return s.Str(&a.Lead) }),
	field("author", func(s *jsonscan.Scanner, a *storedArticle) bool { return s.Str(&a.Author) }),
	field("published", func(s *jsonscan.Scanner, a *storedArticle) bool { return s.Time(&a.Published) }),
	field("fetched", func(s *jsonscan.Scanner, a *storedArticle) bool { return s.Time(&a.Fetched) }),
	field("language", func(s *jsonscan.Scanner, a *storedArticle) bool { return s.Str(&a.Language) }),
	field("section", func(s *jsonscan.Scanner, a *storedArticle) bool { return s.Str(&a.Section) }),
	field("tags", func(s *jsonscan.Scanner, a *storedArticle) bool { return s.Strings(&a.Tags) }),
	field("images", func(s *jsonscan.Scanner, a *storedArticle) bool { return readImages(s, &a.Images) }),
	field("text", func(s *jsonscan.Scanner, a *storedArticle) bool { return s.Str(&a.Text) }),
	field("content_hash", func(s *jsonscan.Scanner, a *storedArticle) bool { return s.Str(&a.ContentHash) }),
	field("extractor", func(s *jsonscan.Scanner, a *storedArticle) bool { return s.Str(&a.Extractor) }),
	field("cleaner", func(s *jsonscan.Scanner, a *storedArticle) bool { return s.Str(&a.Cleaner) }),
	field("rules", func(s *jsonscan.Scanner, a *storedArticle) bool { return s.Str(&a.Rules) }),
	field("capture_hash", func(s *jsonscan.Scanner, a *storedArticle) bool { return s.Str(&a.CaptureHash) }),
	field("revision", func(s *jsonscan.Scanner, a *storedArticle) bool { return s.Int(&a.Revision) }),
	field("revised", func(s *jsonscan.Scanner, a *storedArticle) bool { return s.Time(&a.Revised) }),
	field("reason", func(s *jsonscan.Scanner, a *storedArticle) bool { return s.Str(&a.Reason) }),
	field("changed", func(s *jsonscan.Scanner, a *storedArticle) bool { return s.Strings(&a.Changed) }),
	field("cursor", func(s *jsonscan.Scanner, a *storedArticle) bool { return s.Uint(&a.Cursor) }),
	field("cluster", func(s *jsonscan.Scanner, a *storedArticle) bool { return s.Uint(&a.Cluster) }),
	field("source", func(s *jsonscan.Scanner, a *storedArticle) bool { return s.Str(&a.Source) }),
	field("page", func(s *jsonscan.Scanner, a *storedArticle) bool { return readPage(s, &a.Page) }),
	field("enclosures", func(s *jsonscan.Scanner, a *storedArticle) bool { return readEnclosures(s, &a.Enclosures) }),
	field("withdrawn", func(s *jsonscan.Scanner, a *storedArticle) bool { return s.Time(&a.Withdrawn) }),
	field("withdrawn_status", func(s *jsonscan.Scanner, a *storedArticle) bool { return s.Int(&a.WithdrawnStatus) }),
}

// field is a storedFields entry.
func field(key string, read func(*jsonscan.Scanner, *storedArticle) bool) jsonscan.Field[storedArticle] {
	return jsonscan.Field[storedArticle]{Key: key, Read: read}
}

// scan decodes raw, the stored form of an article, into a without
// reflection, and reports whether it could. At anything but what
// json.Marshal writes for the current form (an older or newer form, a
// repeated key) it stops, and the caller decodes raw with json.Unmarshal
// instead. What it decodes equals what json.Unmarshal would;
// FuzzScanStored checks that.
func (a *storedArticle) scan(raw []byte) bool {
	return jsonscan.Decode(raw, storedFields[:], a)
}

// images reads an array of images into *p; an empty array is an empty,
// non-nil slice, as json.Unmarshal makes it.
func readImages(s *jsonscan.Scanner, p *[]Image) bool {
	if s.Null() {
		*p = nil
		return true
	}
	out := []Image{}
	ok := s.Array(func() bool {
		var im Image
		ok := s.Object(func(key []byte) bool {
			switch {
			case bytes.Equal(key, []byte("url")):
				return s.Str(&im.URL)
			case bytes.Equal(key, []byte("caption")):
				return s.Str(&im.Caption)
			case bytes.Equal(key, []byte("credit")):
				return s.Str(&im.Credit)
			}
			return false
		})
		out = append(out, im)
		return ok
	})
	*p = out
	return ok
}

// readPage reads a page outcome into *p.
func readPage(s *jsonscan.Scanner, p **PageOutcome) bool {
	if s.Null() {
		*p = nil
		return true
	}
	var po PageOutcome
	ok := s.Object(func(key []byte) bool {
		switch string(key) {
		case "status":
			return s.Str(&po.Status)
		case "http_status":
			return s.Int(&po.HTTPStatus)
		case "reason":
			return s.Str(&po.Reason)
		case "tries":
			return s.Int(&po.Tries)
		case "last_try":
			return s.Time(&po.LastTry)
		}
		return false
	})
	*p = &po
	return ok
}

// readEnclosures reads an array of enclosures into *p, as readImages does
// images.
func readEnclosures(s *jsonscan.Scanner, p *[]Enclosure) bool {
	if s.Null() {
		*p = nil
		return true
	}
	out := []Enclosure{}
	ok := s.Array(func() bool {
		var e Enclosure
		ok := s.Object(func(key []byte) bool {
			switch string(key) {
			case "url":
				return s.Str(&e.URL)
			case "type":
				return s.Str(&e.Type)
			case "length":
				var n int
				ok := s.Int(&n)
				e.Length = int64(n)
				return ok
			}
			return false
		})
		out = append(out, e)
		return ok
	})
	*p = out
	return ok
}
