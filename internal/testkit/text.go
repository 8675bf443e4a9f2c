package testkit

import (
	"hash/fnv"
	"strings"
)

// storyWords are the words StoryText draws from.
var storyWords = strings.Fields(`harbour committee morning tide lighthouse storm council ferry market
bridge orchard festival railway mayor school river library budget weather mill valley fishermen
bakery museum tram harvest quarry choir stadium airport tunnel clinic vineyard garden canal`)

// StoryText is four HTML paragraphs of words picked by a generator
// seeded with key: a different text for every key, so that no two
// stories are near duplicates of each other.
func StoryText(key string) string {
	h := fnv.New64a()
	h.Write([]byte(key))
	x := h.Sum64() | 1 // xorshift never leaves zero
	var b strings.Builder
	for range 4 {
		b.WriteString("<p>")
		for range 40 {
			x ^= x << 13
			x ^= x >> 7
			x ^= x << 17
			b.WriteString(storyWords[x%uint64(len(storyWords))])
			b.WriteByte(' ')
		}
		b.WriteString("end.</p>")
	}
	return b.String()
}
