package api

import (
	"context"
	"fmt"
	"io"
	"net/http"
)

// BackupStream is a backup the daemon has started to send: a tar of the
// archive's bbolt file and its captures file, under their base names.
type BackupStream struct {
	resp *http.Response
}

// Backup asks the daemon for a consistent copy of its archive and returns
// once it has answered.
func (c *Client) Backup(ctx context.Context) (*BackupStream, error) {
	resp, err := c.do(ctx, http.MethodGet, PathBackup, nil)
	if err != nil {
		return nil, err
	}
	return &BackupStream{resp: resp}, nil
}

// Body is the tar stream.
func (b *BackupStream) Body() io.Reader { return b.resp.Body }

// Whole tells, once Body has been read to its end, whether the daemon
// sent the whole copy: nil, or why not.
func (b *BackupStream) Whole() error {
	if msg := b.resp.Trailer.Get(TrailerBackupError); msg != "" {
		return fmt.Errorf("the daemon failed: %s", msg)
	}
	if b.resp.Trailer.Get(TrailerBackupDone) == "" {
		return errEndedEarly
	}
	return nil
}

// Close releases the connection.
func (b *BackupStream) Close() error { return b.resp.Body.Close() }
