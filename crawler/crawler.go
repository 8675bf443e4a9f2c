package crawler

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/depeche-archiver/depeche/crawler/clean"
	"github.com/depeche-archiver/depeche/crawler/fetch"
	"github.com/depeche-archiver/depeche/store"
)

// Crawler archives feeds into a store.
type Crawler struct {
	o        Options
	db       *store.DB
	cleaner  atomic.Pointer[clean.Cleaner] // swapped by Reload
	reloads  chan Reload                   // to Run
	fetcher  *fetch.Client                 // every request: feeds, pages, robots.txt
	workers  *workerSlots                  // caps page fetches in flight, all feeds together
	cleaners chan struct{}                 // caps pages being cleaned, all workers together
	running  atomic.Bool                   // Run is polling
	book     *stateBook                    // feed states not yet written
	guids    *guidMemory                   // each feed's last items, to judge its GUIDs
	unsaved  *unsavedItems                 // items whose page the archive could not save
	feedURLs sync.Map                      // feed name -> URL, of the feeds Run polls: whose they are in a cluster
	// retryWake tells the retry loop that an item was put off.
	retryWake chan struct{}
	// revisitWake tells the revisit loop that an article was scheduled;
	// revisitSlots caps the revisits in flight.
	revisitWake  chan struct{}
	revisitSlots chan struct{}
	// itemHelpers caps the goroutines that help polls archive their
	// items, all feeds together (archiveItems).
	itemHelpers budget
}

// New returns a Crawler that archives into db, cleaning pages with cleaner.
func New(db *store.DB, cleaner *clean.Cleaner, o Options) (*Crawler, error) {
	o = o.withDefaults()
	fetcher, err := fetch.New(o.fetchOptions())
	if err != nil {
		return nil, err
	}
	c := &Crawler{
		o:        o,
		db:       db,
		fetcher:  fetcher,
		book:     newStateBook(db),
		guids:    newGUIDMemory(),
		unsaved:  newUnsavedItems(),
		workers:  newWorkerSlots(o.Workers),
		cleaners: make(chan struct{}, o.CleanParallel),
		reloads:  make(chan Reload, 1),

		retryWake:    make(chan struct{}, 1),
		revisitWake:  make(chan struct{}, 1),
		revisitSlots: make(chan struct{}, revisitParallel(o.Workers)),
		itemHelpers:  newBudget(o.Workers),
	}
	c.cleaner.Store(cleaner)
	return c, nil
}

// Summary counts what one poll of a feed did.
type Summary struct {
	Feed        string
	NotModified bool      // the server answered 304
	Seen        int       // items in the feed
	New         int       // articles archived for the first time, from their page or from the feed
	FromFeed    int       // of New, those archived from the feed's own content
	Duplicates  int       // items already archived
	Pending     int       // items whose page is to be tried again on its own schedule
	Failed      int       // items neither archived nor pending: given up, or the archive failed
	Next        time.Time // the feed's next check
	// Older is the feed's link to older items (RFC 5005 prev-archive, else
	// next), "" when it has none or was not read.
	Older string

	archiveErrs int // of Failed, the items the archive failed: the feed is read again next time
}

func (s *Summary) add(o outcome) {
	switch o {
	case outcomeNew:
		s.New++
	case outcomeDuplicate:
		s.Duplicates++
	case outcomeFromFeed:
		s.New++
		s.FromFeed++
	case outcomePending:
		s.Pending++
	case outcomeFailed:
		s.Failed++
	case outcomeArchiveFailed:
		s.Failed++
		s.archiveErrs++
	}
}

// PollAll polls each feed once, all at once under the shared host limits,
// and archives every item not yet archived. errs[i] is set when feeds[i]
// could not be read at all, or its state not stored; the summaries cover
// every feed.
func (c *Crawler) PollAll(ctx context.Context, feeds []store.Feed) (sums []Summary, errs []error) {
	pages := c.fetcher.Pages(ctx)
	retries := c.fetcher.Pages(fetch.LowPriority(ctx))
	book := c.book
	sums = make([]Summary, len(feeds))
	errs = make([]error, len(feeds))
	var wg sync.WaitGroup
	for i, f := range feeds {
		wg.Go(func() {
			st, err := c.db.FeedState(f.Name)
			if err != nil {
				errs[i] = err
				return
			}
			sums[i], st, errs[i] = c.pollFeed(ctx, pages, f, st, func() {})
			book.put(st)
		})
	}
	wg.Wait()
	c.retryAllDue(ctx, retries)
	if err := book.flush(); err != nil {
		for i := range errs {
			errs[i] = errors.Join(errs[i], err)
		}
	}
	return sums, errs
}

// FeedStates returns the state of every feed the archive knows, with the
// latest polls included even before they are written.
func (c *Crawler) FeedStates() ([]store.FeedState, error) {
	states, err := c.db.FeedStates()
	if err != nil {
		return nil, err
	}
	return c.book.overlay(states), nil
}
