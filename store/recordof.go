package store

// ContentHash is the hash Save gives an article of that text when it has
// none: for a command that shows an article before it is archived
// (depeche extract) as its record would read.
func ContentHash(text string) string { return contentHash(text) }
