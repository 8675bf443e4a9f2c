package memlimit

import (
	"runtime"
	"testing"
)

func TestNextLimitKeepsFloorAndIgnoresSmallChanges(t *testing.T) {
	const mib = 1 << 20
	cases := []struct {
		name                 string
		floor, current, need int64
		want                 int64
		apply                bool
	}{
		{"need below floor stays at floor", 64 * mib, 64 * mib, 30 * mib, 64 * mib, false},
		{"need above floor raises", 64 * mib, 64 * mib, 150 * mib, 150 * mib, true},
		{"small rise is not applied", 64 * mib, 150 * mib, 154 * mib, 154 * mib, false},
		{"shrinking need lowers to floor", 64 * mib, 150 * mib, 40 * mib, 64 * mib, true},
	}
	for _, c := range cases {
		got, apply := nextLimit(c.floor, c.current, c.need)
		if got != c.want || apply != c.apply {
			t.Errorf("%s: nextLimit(%d, %d, %d) = %d, %v; want %d, %v",
				c.name, c.floor, c.current, c.need, got, apply, c.want, c.apply)
		}
	}
}

func TestReadNeedCoversLiveHeapWithHeadroom(t *testing.T) {
	const live = 64 << 20
	keep := make([][]byte, 64)
	for i := range keep {
		keep[i] = make([]byte, live/len(keep))
		keep[i][0] = 1
	}
	runtime.GC() // the live heap metric is measured by the last collection
	need, ok := readNeed()
	runtime.KeepAlive(keep)
	if !ok {
		t.Fatal("readNeed: this runtime's metrics are missing")
	}
	if least := int64(live * governHeadroom); need < least {
		t.Errorf("need %d MiB with %d MiB live; want at least %d MiB", need>>20, live>>20, least>>20)
	}
}
