package crawler

import (
	"github.com/depeche-archiver/depeche/crawler/clean"
	"github.com/depeche-archiver/depeche/store"
)

// A page fetched again (a revisit, an item the feed says was updated) is
// cleaned by the running cleaner; the archived version may have been made
// by another cleaner version or other site rules. Compared as they are,
// the two would differ by whatever the cleaner changed, and every upgrade
// would give each recent article a revision the page never made. So the
// archived version is compared as the running cleaner makes it from its
// stored page, and when the article did change, that cleaning is stored
// first, as a revision of its own ("reclean"): the revision the page makes
// then names only what the page changed.

// cleanedAsNow is archived article a as the cleaner that made next, an
// article just cleaned from a's page again, makes it from a's stored page.
// It is a itself when that cleaner made a (the same version and site
// rules), or when a's page cannot be cleaned again: none is stored, the
// cleaner finds no article in it now, or a reload changed the cleaner
// meanwhile.
func (c *Crawler) cleanedAsNow(a, next *store.Article) *store.Article {
	if a.Cleaner == next.Cleaner && a.Rules == next.Rules {
		return a
	}
	cl := c.cleaner.Load()
	if cl.Fingerprint() != next.Rules {
		return a
	}
	capt, err := c.db.Capture(a.ID)
	var art *clean.Article
	if err == nil {
		art, err = c.clean(cl, capturedPage(capt))
	}
	if err != nil {
		c.o.Logger.Debug("archived page not cleaned again to compare with the page now", "article", a.ID, "err", err)
		return a
	}
	return recleanedRecord(art, cl.Fingerprint(), a)
}

// recleanFirst stores base, archived article a as the running cleaner
// makes it (cleanedAsNow), as a revision of a, before a revision the page
// makes; nothing when base is a.
func (c *Crawler) recleanFirst(a, base *store.Article) error {
	if base == a {
		return nil
	}
	_, err := c.db.Revise(a.ID, base, "reclean")
	return err
}
