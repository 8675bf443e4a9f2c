package search

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"go.etcd.io/bbolt"
)

// Internal keys the index keeps beside its documents.
var (
	keyCursor  = []byte("depeche.cursor")  // the archive cursor indexed up to
	keyMapping = []byte("depeche.mapping") // mappingVersion
)

// lockTimeout bounds the wait for an index another process holds.
const lockTimeout = "1s"

// scorchConfig is how the index runs. unsafe_batch makes a batch return
// once it is searchable instead of once it is on disk: a crash may lose
// the last batches, but the cursor is set after them and written to disk
// with or after them (snapshots are written in order), so the next
// CatchUp indexes them again from the archive. Failed background writes
// pause before they are tried again (persistPause).
func scorchConfig() map[string]any {
	return map[string]any{"bolt_timeout": lockTimeout, "unsafe_batch": true, "asyncErrorCallbackName": persistPauseName}
}

// ErrInUse is an index another process (a running daemon) holds open.
var ErrInUse = errors.New("the search index is in use by another process (a running daemon?)")

// Path is where the index of the archive at archive lives.
func Path(archive string) string { return archive + ".index" }

// Index is the full-text index of one archive. Its methods are safe for
// concurrent use.
type Index struct {
	path    string
	idx     bleve.Index
	created string     // why Open made a new index; "" when it opened one
	write   sync.Mutex // one CatchUp at a time: the cursor follows the batches
	close   sync.Once  // bleve panics when closed twice
	health  health     // why it cannot keep up
}

// Open opens the index at path, or makes an empty one when there is none,
// it cannot be read, or it was made with another mapping: the archive can
// always fill it again (CatchUp). Created says which.
func Open(path string) (*Index, error) {
	idx, err := bleve.OpenUsing(path, scorchConfig())
	if errors.Is(err, bbolt.ErrTimeout) {
		return nil, fmt.Errorf("open index %s: %w", path, ErrInUse)
	}
	why := ""
	switch {
	case errors.Is(err, bleve.ErrorIndexPathDoesNotExist):
		why = "missing"
	case err != nil:
		why = "unreadable: " + err.Error()
	default:
		why = checkMapping(idx)
	}
	if why == "" {
		return &Index{path: path, idx: idx}, nil
	}
	if err == nil {
		idx.Close() // made with another mapping: it goes
	}
	ix, err := Create(path)
	if err != nil {
		return nil, err
	}
	ix.created = why
	return ix, nil
}

// checkMapping says why idx cannot serve: made with another mapping.
func checkMapping(idx bleve.Index) string {
	v, err := idx.GetInternal(keyMapping)
	if err != nil {
		return "unreadable: " + err.Error()
	}
	if string(v) != mappingVersion {
		return fmt.Sprintf("made with mapping %q, not %q", v, mappingVersion)
	}
	return ""
}

// Create makes a new, empty index at path, removing what was there.
func Create(path string) (*Index, error) {
	if err := os.RemoveAll(path); err != nil {
		return nil, fmt.Errorf("remove index %s: %w", path, err)
	}
	m, err := newMapping()
	if err != nil {
		return nil, err
	}
	idx, err := bleve.NewUsing(path, m, scorch.Name, bleve.Config.DefaultKVStore, scorchConfig())
	if err != nil {
		return nil, fmt.Errorf("create index %s: %w", path, err)
	}
	// Not waited for: it is written before the first CatchUp's batches,
	// which are waited for; lost, it makes the next Open start afresh.
	if err := idx.SetInternal(keyMapping, []byte(mappingVersion)); err != nil {
		return nil, errors.Join(fmt.Errorf("create index %s: %w", path, err), idx.Close())
	}
	return &Index{path: path, idx: idx, created: "created"}, nil
}

// Created says why the index is new ("missing", "unreadable: ...") when
// Open or Create made it, "" when Open opened an existing one.
func (ix *Index) Created() string { return ix.created }

// Path is the index's directory.
func (ix *Index) Path() string { return ix.path }

// Cursor is the archive cursor the index has indexed up to.
func (ix *Index) Cursor() (uint64, error) {
	v, err := ix.idx.GetInternal(keyCursor)
	if err != nil {
		return 0, fmt.Errorf("read index cursor: %w", err)
	}
	if len(v) != 8 {
		return 0, nil
	}
	return binary.BigEndian.Uint64(v), nil
}

// Count is how many articles the index holds.
func (ix *Index) Count() (uint64, error) { return ix.idx.DocCount() }

// Close closes the index.
// A second Close does nothing.
func (ix *Index) Close() error {
	var err error
	ix.close.Do(func() { err = ix.idx.Close() })
	if err != nil {
		return fmt.Errorf("close index %s: %w", ix.path, err)
	}
	return nil
}
