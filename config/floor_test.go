package config

import "testing"

// TestFloorRefusesHammering: every key that paces requests is refused
// below a second, naming the key and the floor; a second is accepted.
func TestFloorRefusesHammering(t *testing.T) {
	const floorMsg = "must be at least 1s, got "
	tests := []loadErrorCase{
		{"interval-1ns", "host_delay: 0s\ninterval: 1ns\n", 2, "interval", floorMsg + "1ns"},
		{"interval-999ms", "interval: 999ms\n", 1, "interval", floorMsg + "999ms"},
		{"interval-zero", "interval: 0s\n", 1, "interval", floorMsg + "0s"},
		{"feed-interval-1ns", "feeds:\n  - name: a\n    url: https://a.example/rss\n    interval: 1ns\n", 4, "feeds[0].interval", floorMsg + "1ns"},
		{"feed-interval-negative", "feeds:\n  - name: a\n    url: https://a.example/rss\n    interval: -1m\n", 4, "feeds[0].interval", floorMsg + "-1m0s"},
		{"min-interval", "adaptive: true\nmin_interval: 10ms\n", 2, "min_interval", floorMsg + "10ms"},
		{"max-interval", "max_interval: 500ms\nmin_interval: 100ms\n", 1, "max_interval", floorMsg + "500ms"},
		{"backoff-cap", "backoff_cap: 1ns\n", 1, "backoff_cap", floorMsg + "1ns"},
		{"page-retry-first", "page_retry:\n  first: 1ns\n  max: 1ns\n", 2, "page_retry.first", floorMsg + "1ns"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantLoadError(t, tt) })
	}
	at := "host_delay: 0s\ninterval: 1s\nmin_interval: 1s\nmax_interval: 1s\nbackoff_cap: 1s\npage_retry:\n  first: 1s\n  max: 1s\n" +
		"feeds:\n  - name: a\n    url: https://a.example/rss\n    interval: 1s\n"
	if _, err := Load(writeFile(t, at)); err != nil {
		t.Errorf("every pace at the floor: %v", err)
	}
}
