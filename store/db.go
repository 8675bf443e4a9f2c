package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sync/atomic"
	"time"

	"go.etcd.io/bbolt"

	"github.com/depeche-archiver/depeche/store/captures"
)

// defaultLockTimeout is how long Open waits for the file lock by default.
const defaultLockTimeout = time.Second

// batchDelay is how long a write waits for others to share its transaction.
// bbolt's 10ms default is a floor on every lone Save; 1ms made batches of a
// few saves, each commit writing the index pages they share again. 5ms, small
// beside a page fetch, takes CPU per stored article from about 3.4 to 2.7 ms
// (go run ./cmd/pipebench -quick -only store).
const batchDelay = 5 * time.Millisecond

// Options configure Open. The zero value opens for writing, waits one second
// for the file lock and uses the system clock.
type Options struct {
	// ReadOnly takes a shared lock, so several readers may open the archive
	// while no writer has it. The file must exist.
	ReadOnly bool
	// LockTimeout bounds the wait for the file lock; zero means one second.
	LockTimeout time.Duration
	// Now is the clock Save uses for an article without a fetched time; nil
	// means time.Now.
	Now func() time.Time
	// Upgrade lets a read-only Open of an archive an older depeche wrote
	// upgrade it first: it opens the archive for writing once, which takes
	// the exclusive lock and changes the layout as a writer's Open does
	// (new buckets, the schema version; nothing is rewritten), then opens it
	// read-only.
	Upgrade bool
}

// withDefaults fills in the zero fields of o.
func (o Options) withDefaults() Options {
	if o.LockTimeout <= 0 {
		o.LockTimeout = defaultLockTimeout
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

// DB is an open archive. Its methods are safe for concurrent use.
type DB struct {
	bolt     *bbolt.DB
	path     string
	now      func() time.Time
	codec    *captures.Codec // compresses captures
	captures *captures.File  // where captures are kept
	mapped   *mappedPages    // when to release the file's mapped pages
	// writers counts the write transactions asked for and not yet done,
	// preparing the saves compressing their capture: see write.
	writers, preparing atomic.Int32
}

// maxBatchSize caps the writes one batched transaction holds: captures are
// written to their own file before, so a batch holds records and index keys,
// a few KB an article.
const maxBatchSize = 256

// Open opens the archive at path, creating it unless opts.ReadOnly is set,
// and checks its schema. It never waits for the file lock much longer than
// opts.LockTimeout: a lock held elsewhere yields an error that satisfies
// errors.Is(err, ErrLocked).
func Open(path string, opts Options) (*DB, error) {
	db, err := open(path, opts)
	if !opts.ReadOnly || !opts.Upgrade || !errors.Is(err, errOldSchema) {
		return db, err
	}
	if uerr := upgrade(path, opts); uerr != nil {
		return nil, fmt.Errorf("%w (the upgrade, which writes to it, failed: %v)", err, uerr)
	}
	return open(path, opts)
}

// upgrade opens the archive at path for writing, which upgrades its
// schema, and closes it.
func upgrade(path string, opts Options) error {
	opts.ReadOnly = false
	db, err := open(path, opts)
	if err != nil {
		return err
	}
	return db.Close()
}

// open is Open without the upgrade.
func open(path string, opts Options) (*DB, error) {
	opts = opts.withDefaults()
	b, err := openBolt(path, opts)
	if err != nil {
		return nil, fmt.Errorf("open archive %s: %w", path, err)
	}
	if err := prepareSchema(b, opts.ReadOnly); err != nil {
		_ = b.Close() // the schema error is the one worth reporting
		return nil, fmt.Errorf("open archive %s: %w", path, err)
	}
	b.MaxBatchDelay = batchDelay
	b.MaxBatchSize = maxBatchSize
	c, err := captures.NewCodec()
	if err != nil {
		_ = b.Close() // the codec error is the one worth reporting
		return nil, fmt.Errorf("open archive %s: %w", path, err)
	}
	caps, err := openCaptures(b, path, opts.ReadOnly)
	if err != nil {
		c.Close()
		_ = b.Close() // the captures error is the one worth reporting
		return nil, fmt.Errorf("open archive %s: %w", path, err)
	}
	return &DB{bolt: b, path: path, now: opts.Now, codec: c, captures: caps, mapped: newMappedPages()}, nil
}

// openBolt opens the bbolt file and turns its lock and missing-file errors
// into ones a person understands.
func openBolt(path string, opts Options) (*bbolt.DB, error) {
	if opts.ReadOnly {
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%w (a read-only open does not create one)", errNoArchive)
		}
	}
	b, err := bbolt.Open(path, 0o600, &bbolt.Options{
		Timeout:  opts.LockTimeout,
		ReadOnly: opts.ReadOnly,
	})
	if errors.Is(err, bbolt.ErrTimeout) {
		return nil, fmt.Errorf("%w (is \"depeche run\" running?)", ErrLocked)
	}
	return b, err
}

// Path returns the file name the archive was opened with.
func (db *DB) Path() string { return db.path }

// Close releases the file lock and closes the archive. It waits for running
// transactions to finish.
func (db *DB) Close() error {
	db.codec.Close()
	if err := db.bolt.Close(); err != nil {
		return errors.Join(fmt.Errorf("close archive %s: %w", db.path, err), db.captures.Close())
	}
	return db.captures.Close()
}
