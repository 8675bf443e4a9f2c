package store

import (
	"bufio"
	"math"
	"math/rand/v2"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
)

// residentMapped returns how many bytes of the file at path are mapped
// into this process and resident, from /proc/self/smaps.
func residentMapped(t *testing.T, path string) int64 {
	t.Helper()
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Skipf("no /proc/self/smaps: %v", err)
	}
	defer f.Close()
	var total int64
	inFile := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		switch {
		case len(fields) >= 5 && strings.Contains(fields[0], "-"):
			inFile = fields[len(fields)-1] == path
		case inFile && len(fields) == 3 && fields[0] == "Rss:":
			kb, err := strconv.ParseInt(fields[1], 10, 64)
			if err != nil {
				t.Fatalf("smaps: %q: %v", sc.Text(), err)
			}
			total += kb << 10
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("read smaps: %v", err)
	}
	return total
}

// saveNoisyCaptures saves n articles, each with a capture of size random
// bytes, which zstd cannot shrink.
func saveNoisyCaptures(t *testing.T, db *DB, n, size int) {
	t.Helper()
	rng := rand.NewChaCha8([32]byte{1, 2})
	for i := range n {
		body := make([]byte, size)
		_, _ = rng.Read(body) // never fails
		a := testArticle(i)
		a.Capture = &Capture{URL: a.URL, Status: http.StatusOK, Body: body}
		mustSave(t, db, a, "world", "")
	}
}

func TestReadsKeepArchiveMappingSmall(t *testing.T) {
	db, path := openTemp(t)
	const n, size = 48, 512 << 10 // 24 MiB, six budgets' worth
	db.mapped.budget, db.mapped.every = 4<<20, 0
	saveNoisyCaptures(t, db, n, size)
	db.releaseMapped()
	for id := uint64(1); id <= n; id++ {
		if _, err := db.Capture(id); err != nil {
			t.Fatalf("Capture(%d): %v", id, err)
		}
	}
	const limit = 4<<20 + 4<<20 // the budget, a capture, and slack
	if got := residentMapped(t, path); got > limit {
		t.Errorf("after reading %d MiB of captures the archive has %d MiB mapped and resident, want at most %d MiB",
			n*size>>20, got>>20, limit>>20)
	}
}

func TestReleaseMappedDropsResidentPages(t *testing.T) {
	db, path := openTemp(t)
	const n, size = 8, 512 << 10        // 4 MiB: under the budget
	db.mapped.last.Store(math.MaxInt64) // and never checked: no release but ours
	saveNoisyCaptures(t, db, n, size)
	for id := uint64(1); id <= n; id++ {
		if _, err := db.Capture(id); err != nil {
			t.Fatalf("Capture(%d): %v", id, err)
		}
	}
	before := residentMapped(t, path)
	if before < n*size/2 {
		t.Fatalf("after reading every capture only %d KiB of the archive is resident; the test cannot see a release", before>>10)
	}
	db.releaseMapped()
	if after := residentMapped(t, path); after > before/4 {
		t.Errorf("releaseMapped left %d KiB of %d KiB resident", after>>10, before>>10)
	}
	c, err := db.Capture(n)
	if err != nil || len(c.Body) != size {
		t.Fatalf("Capture after release = %v, %v; want the %d-byte body", c, err, size)
	}
}
