package store

import "fmt"

// nextCursor takes the next export cursor and maps it to article id. Every
// archive and every change of an article takes one, so "everything after
// cursor N" is a range of index_cursor.
func (b buckets) nextCursor(id uint64) (uint64, error) {
	c, err := b.cursors.NextSequence()
	if err != nil {
		return 0, fmt.Errorf("next cursor: %w", err)
	}
	if err := b.cursors.Put(idKey(c), idKey(id)); err != nil {
		return 0, fmt.Errorf("index cursor %d: %w", c, err)
	}
	return c, nil
}

// moveCursor gives article a a new cursor and drops its old one from the
// index, so that the index holds each article once, at its latest change.
func (b buckets) moveCursor(a *Article) error {
	if a.Cursor != 0 {
		if err := b.cursors.Delete(idKey(a.Cursor)); err != nil {
			return fmt.Errorf("drop cursor %d: %w", a.Cursor, err)
		}
	}
	c, err := b.nextCursor(a.ID)
	if err != nil {
		return err
	}
	a.Cursor = c
	return nil
}
