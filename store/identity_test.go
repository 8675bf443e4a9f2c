package store

import "testing"

func TestUsableGUIDs(t *testing.T) {
	poll := []FeedItem{{"a", "https://x.example/1"}, {"b", "https://x.example/2"}}
	tests := []struct {
		name            string
		items, previous []FeedItem
		want            bool
	}{
		{"distinct-guids-first-poll", poll, nil, true},
		{"same-guids-next-poll", poll, poll, true},
		{"empty-guid", []FeedItem{{"", "https://x.example/1"}}, nil, false},
		{"guid-repeated-in-one-document", []FeedItem{{"a", "https://x.example/1"}, {"a", "https://x.example/2"}}, nil, false},
		{"guid-changes-every-poll", []FeedItem{{"a2", "https://x.example/1"}, {"b2", "https://x.example/2"}}, poll, false},
		{"same-link-normalised-differently", []FeedItem{{"a2", "HTTPS://x.example/1?utm_source=rss"}}, poll, false},
		{"new-item-new-guid", append([]FeedItem{{"c", "https://x.example/3"}}, poll...), poll, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := UsableGUIDs(tt.items, tt.previous); got != tt.want {
				t.Errorf("UsableGUIDs = %v, want %v", got, tt.want)
			}
		})
	}
}
