package search

import (
	"errors"
	"time"

	"github.com/blevesearch/bleve/v2/index/scorch"
)

// persistPauseName names our callback in bleve's registry of the
// callbacks its background work reports errors to.
const persistPauseName = "depeche-persist-pause"

// persistPause is how long bleve's persister and merger wait after they
// failed to write before they try again. They try again at once
// otherwise: while the disk is full, tens of thousands of tries a second
// take most of a core.
const persistPause = time.Second

// bleve reads its error callbacks from a registry that is to be filled
// while the process initialises, and names one in an index's config
// (scorchConfig). The callback holds no state.
func init() {
	scorch.RegistryAsyncErrorCallbacks[persistPauseName] = pauseAfterFailedWrite
}

// pauseAfterFailedWrite is called on the goroutine of bleve's persister
// or merger with each error it meets in the background, and waits
// persistPause after a failed write, before its caller tries again. The
// failure itself reaches the index's health (waitWritten).
func pauseAfterFailedWrite(err error, _ string) {
	if errors.Is(err, scorch.ErrPersist) {
		time.Sleep(persistPause)
	}
}
