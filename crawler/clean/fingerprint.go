package clean

import (
	"crypto/sha256"
	"encoding/hex"

	"gopkg.in/yaml.v3"
)

// fingerprint identifies the cleaning a page gets from this package's
// Version and rules: the first 12 hex digits of the SHA-256 of the version,
// a newline and the rules as YAML. Each archived article records it, so
// that re-cleaning picks the articles an older cleaner or other rules made.
// The rules are hashed as the config writes them, so that the fingerprints
// archives already hold stay valid.
func fingerprint(rules []Rule) string {
	sites, err := yaml.Marshal(rules)
	if err != nil { // plain structs of strings always marshal
		sites = []byte(err.Error())
	}
	sum := sha256.Sum256(append([]byte(Version+"\n"), sites...))
	return hex.EncodeToString(sum[:6])
}

// Fingerprint identifies the cleaning c gives: the cleaner's Version and
// its site rules. Two cleaners with the same version and rules have the
// same fingerprint.
func (c *Cleaner) Fingerprint() string { return c.fingerprint }
