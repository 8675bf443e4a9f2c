package store

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"go.etcd.io/bbolt"
)

// FeedState returns what the archive remembers about feed name: the zero
// state with Name set when the feed was never seen.
func (db *DB) FeedState(name string) (FeedState, error) {
	var s FeedState
	err := db.bolt.View(func(tx *bbolt.Tx) error {
		var err error
		s, err = bucketsOf(tx).feedState(name)
		return err
	})
	if err != nil {
		return FeedState{}, fmt.Errorf("read feed state %s: %w", name, err)
	}
	return s, nil
}

// PutFeedState stores s under s.Name. s.Articles is ignored: Save maintains
// that count in its own transaction, and a state read before a poll would
// otherwise overwrite the articles the poll archived. Concurrent calls are
// batched into one transaction (the daemon writes one state per poll).
func (db *DB) PutFeedState(s FeedState) error {
	if s.Name == "" {
		return errors.New("put feed state: no feed name")
	}
	err := db.write(func(tx *bbolt.Tx) error {
		b := bucketsOf(tx)
		old, err := b.feedState(s.Name)
		if err != nil {
			return err
		}
		s.Articles = old.Articles
		return b.putFeedState(s)
	})
	if err != nil {
		return fmt.Errorf("put feed state %s: %w", s.Name, err)
	}
	return nil
}

// PutFeedStates stores several states in one transaction, as PutFeedState
// does each: the daemon writes its feeds' states in batches.
func (db *DB) PutFeedStates(states []FeedState) error {
	defer db.touched()
	for _, s := range states {
		if s.Name == "" {
			return errors.New("put feed states: a state has no feed name")
		}
	}
	err := db.bolt.Update(func(tx *bbolt.Tx) error {
		b := bucketsOf(tx)
		for _, s := range states {
			old, err := b.feedState(s.Name)
			if err != nil {
				return err
			}
			s.Articles = old.Articles
			if err := b.putFeedState(s); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("put %d feed states: %w", len(states), err)
	}
	return nil
}

// FeedStates returns the state of every feed the archive knows, sorted by
// name. Feeds are few, so they are read in one transaction.
func (db *DB) FeedStates() ([]FeedState, error) {
	defer db.touched()
	var states []FeedState
	err := db.bolt.View(func(tx *bbolt.Tx) error {
		return bucketsOf(tx).feeds.ForEach(func(_, raw []byte) error {
			s, err := decodeFeedState(raw)
			states = append(states, s)
			return err
		})
	})
	if err != nil {
		return nil, fmt.Errorf("read feed states: %w", err)
	}
	slices.SortFunc(states, func(a, b FeedState) int { return strings.Compare(a.Name, b.Name) })
	return states, nil
}
