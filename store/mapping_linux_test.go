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

// noisy returns size random letters, a text no encoding shrinks much.
func noisy(rng *rand.ChaCha8, size int) []byte {
	b := make([]byte, size)
	_, _ = rng.Read(b) // never fails
	for i := range b {
		b[i] = 'a' + b[i]%26
	}
	return b
}

// saveNoisyArticles saves n articles, each with a text of textSize random
// letters and, unless captureSize is 0, a capture of that many.
func saveNoisyArticles(t *testing.T, db *DB, n, textSize, captureSize int) {
	t.Helper()
	rng := rand.NewChaCha8([32]byte{1, 2})
	for i := range n {
		a := testArticle(i)
		a.Text = string(noisy(rng, textSize))
		if captureSize > 0 {
			a.Capture = &Capture{URL: a.URL, Status: http.StatusOK, Body: noisy(rng, captureSize)}
		}
		mustSave(t, db, a, "world", "")
	}
}

// readArticles reads articles 1 to n.
func readArticles(t *testing.T, db *DB, n int) {
	t.Helper()
	for id := uint64(1); id <= uint64(n); id++ {
		if _, err := db.Article(id); err != nil {
			t.Fatalf("Article(%d): %v", id, err)
		}
	}
}

func TestReadsKeepArchiveMappingSmall(t *testing.T) {
	db, path := openTemp(t)
	const n, size = 48, 512 << 10 // 24 MiB, six budgets' worth
	db.mapped.budget, db.mapped.every = 4<<20, 0
	saveNoisyArticles(t, db, n, size, 0)
	db.releaseMapped()
	readArticles(t, db, n)
	const limit = 4<<20 + 4<<20 // the budget, an article, and slack
	if got := residentMapped(t, path); got > limit {
		t.Errorf("after reading %d MiB of articles the archive has %d MiB mapped and resident, want at most %d MiB",
			n*size>>20, got>>20, limit>>20)
	}
}

func TestReleaseMappedDropsResidentPages(t *testing.T) {
	db, path := openTemp(t)
	const n, size = 8, 512 << 10        // 4 MiB: under the budget
	db.mapped.last.Store(math.MaxInt64) // and never checked: no release but ours
	saveNoisyArticles(t, db, n, size, 0)
	readArticles(t, db, n)
	before := residentMapped(t, path)
	if before < n*size/2 {
		t.Fatalf("after reading every article only %d KiB of the archive is resident; the test cannot see a release", before>>10)
	}
	db.releaseMapped()
	if after := residentMapped(t, path); after > before/4 {
		t.Errorf("releaseMapped left %d KiB of %d KiB resident", after>>10, before>>10)
	}
	a, err := db.Article(n)
	if err != nil || len(a.Text) != size {
		t.Fatalf("Article after release = %v, %v; want the %d-letter text", a, err, size)
	}
}

// Captures are kept in their own file and read without mapping it: saving
// and reading 16 MiB of them puts next to nothing of the archive in the
// resident set, with no release at all.
func TestCapturesStayOutOfResidentSet(t *testing.T) {
	db, path := openTemp(t)
	const n, size = 32, 512 << 10
	db.mapped.last.Store(math.MaxInt64) // never released
	saveNoisyArticles(t, db, n, 64, size)
	for id := uint64(1); id <= n; id++ {
		if _, err := db.Capture(id); err != nil {
			t.Fatalf("Capture(%d): %v", id, err)
		}
	}
	if got := residentMapped(t, path) + residentMapped(t, CapturesPath(path)); got > 1<<20 {
		t.Errorf("after saving and reading %d MiB of captures, %d KiB of the archive is mapped and resident, want at most 1 MiB",
			n*size>>20, got>>10)
	}
}
