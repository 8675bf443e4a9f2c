package main

import (
	"crypto/sha256"
	"encoding/hex"

	"gopkg.in/yaml.v3"

	"github.com/depeche-archiver/depeche/config"
	"github.com/depeche-archiver/depeche/crawler/clean"
)

// rulesFingerprint identifies the cleaning an article gets: the cleaner's
// version and the effective site rules. Each article records it, and
// reclean picks the articles whose fingerprint is not the current one.
func rulesFingerprint(cfg *config.Config) string {
	sites, err := yaml.Marshal(cfg.Sites)
	if err != nil { // plain structs of strings always marshal
		sites = []byte(err.Error())
	}
	sum := sha256.Sum256(append([]byte(clean.Version+"\n"), sites...))
	return hex.EncodeToString(sum[:6])
}
