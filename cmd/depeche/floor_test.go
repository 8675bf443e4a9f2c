package main

import (
	"testing"

	"github.com/depeche-archiver/depeche/config"
	"github.com/depeche-archiver/depeche/crawler"
)

// TestFloorsAgree: the config refuses what the crawler would raise, and
// nothing more.
func TestFloorsAgree(t *testing.T) {
	if config.Floor != crawler.Floor {
		t.Errorf("config.Floor %v, crawler.Floor %v: the config and the crawler disagree on the fastest pace", config.Floor, crawler.Floor)
	}
}
