package cluster

import (
	"context"
	"errors"

	"github.com/depeche-archiver/depeche/crawler"
)

// ForCrawler returns the node as the crawler's Cluster.
func (n *Node) ForCrawler() crawler.Cluster { return forCrawler{n} }

// forCrawler maps the node's claim errors onto the crawler's outcomes.
type forCrawler struct{ *Node }

func (f forCrawler) Claim(ctx context.Context, keys []string) (crawler.ClaimOutcome, string, error) {
	err := f.Node.Claim(ctx, keys)
	var arch *Archived
	switch {
	case err == nil:
		return crawler.ClaimTaken, "", nil
	case errors.As(err, &arch):
		return crawler.ClaimArchived, arch.Node, nil
	case errors.Is(err, ErrClaimed):
		return crawler.ClaimBusy, "", nil
	}
	return crawler.ClaimTaken, "", err
}
