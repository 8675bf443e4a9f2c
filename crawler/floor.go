package crawler

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
	ext "github.com/mmcdole/gofeed/extensions"
)

// httpFloor is the freshness lifetime the server gave the response:
// Cache-Control max-age, else Expires minus now. The scheduler never polls
// faster than that.
func httpFloor(h http.Header, now time.Time) time.Duration {
	for _, d := range strings.Split(h.Get("Cache-Control"), ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(d), "=")
		if strings.EqualFold(k, "max-age") {
			if secs, err := strconv.Atoi(strings.Trim(v, `"`)); err == nil && secs > 0 {
				return time.Duration(secs) * time.Second
			}
		}
	}
	if t, err := http.ParseTime(h.Get("Expires")); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// feedFloor is the least interval the feed itself asks for: RSS <ttl> in
// minutes, or the syndication module's updatePeriod / updateFrequency.
func feedFloor(f *gofeed.Feed) time.Duration {
	var floor time.Duration
	if mins, err := strconv.Atoi(strings.TrimSpace(rssTTL(f))); err == nil && mins > 0 {
		floor = time.Duration(mins) * time.Minute
	}
	return max(floor, syndicationFloor(f))
}

// syndicationFloor reads sy:updatePeriod and sy:updateFrequency.
func syndicationFloor(f *gofeed.Feed) time.Duration {
	sy := f.Extensions["sy"]
	if sy == nil {
		return 0
	}
	period := map[string]time.Duration{
		"hourly": time.Hour, "daily": 24 * time.Hour, "weekly": 7 * 24 * time.Hour,
		"monthly": 30 * 24 * time.Hour, "yearly": 365 * 24 * time.Hour,
	}[strings.ToLower(strings.TrimSpace(extValue(sy["updatePeriod"])))]
	if period == 0 {
		return 0
	}
	freq, err := strconv.Atoi(strings.TrimSpace(extValue(sy["updateFrequency"])))
	if err != nil || freq < 1 {
		freq = 1
	}
	return period / time.Duration(freq)
}

func extValue(exts []ext.Extension) string {
	if len(exts) == 0 {
		return ""
	}
	return exts[0].Value
}
