package cluster

import (
	"hash/fnv"
	"net/url"
	"strings"
)

// Owner returns the node, of nodes, that a feed at feedURL belongs to: the
// one that ranks first for the feed's host by rendezvous (highest random
// weight) hashing. All of a host's feeds go to one node, so its politeness
// budget is kept in one place; when a node joins or leaves, only the hosts
// it ranks first for move. "" when nodes is empty.
func Owner(feedURL string, nodes []string) string {
	host := feedHost(feedURL)
	var best string
	var bestScore uint64
	for _, node := range nodes {
		if s := score(node, host); best == "" || s > bestScore || (s == bestScore && node < best) {
			best, bestScore = node, s
		}
	}
	return best
}

// feedHost is the host whose budget a feed's polls spend: its URL's host
// name in lower case, or the whole URL when it has none.
func feedHost(feedURL string) string {
	u, err := url.Parse(feedURL)
	if err != nil || u.Hostname() == "" {
		return feedURL
	}
	return strings.ToLower(u.Hostname())
}

// score is node's weight for host: FNV-1a of both, finished with the
// SplitMix64 mixer so that names differing in one letter score apart.
func score(node, host string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(node))
	h.Write([]byte{0})
	h.Write([]byte(host))
	x := h.Sum64()
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ (x >> 31)
}
