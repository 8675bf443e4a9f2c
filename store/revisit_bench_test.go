package store

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"go.etcd.io/bbolt"
)

// BenchmarkRevisitBookkeeping measures what keeping a million archived
// articles on the revisit schedule costs the daemon, apart from fetching
// and cleaning the pages: reading the due revisits a batch at a time and
// recording each one's outcome and next revisit, as the crawler's revisit
// loop does. One op is one revisit. It reports the CPU per revisit, the
// share of one core an hour of the busiest schedule takes (a million
// articles archived within the last week, four revisits each: 23,810 an
// hour), and the heap and resident memory with the schedule open.
//
//	go test -run '^$' -bench RevisitBookkeeping -benchtime 20000x ./store
func BenchmarkRevisitBookkeeping(b *testing.B) {
	const scheduled = 1_000_000
	path := filepath.Join(b.TempDir(), "depeche.db")
	db, err := Open(path, Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	t0 := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	week := 7 * 24 * time.Hour
	if err := fillSchedule(db, scheduled, t0, week); err != nil {
		b.Fatal(err)
	}
	runtime.GC()
	cpu0 := cpuTime(b)
	now := t0
	b.ResetTimer()
	for done := 0; done < b.N; {
		due, err := db.DueRevisits(now, 32)
		if err != nil {
			b.Fatal(err)
		}
		if len(due) == 0 {
			now = now.Add(time.Minute)
			continue
		}
		batch := make([]RevisitOutcome, 0, len(due))
		for _, r := range due[:min(len(due), b.N-done)] {
			batch = append(batch, RevisitOutcome{Revisit: r, Outcome: RevisitUnchanged, Next: r.Due.Add(week)})
		}
		if err := db.RevisitsDone(batch); err != nil { // as the revisit loop records a batch
			b.Fatal(err)
		}
		done += len(batch)
	}
	b.StopTimer()
	perRevisit := (cpuTime(b) - cpu0) / time.Duration(b.N)
	const perHour = scheduled * 4 / (7 * 24)
	b.ReportMetric(float64(perRevisit.Microseconds()), "cpu-µs/revisit")
	b.ReportMetric(100*float64(perRevisit*perHour)/float64(time.Hour), "%core-at-23810/h")
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "heap-MB")
	b.ReportMetric(float64(procStatus(b, "RssAnon"))/(1<<20), "anon-MB")
	b.ReportMetric(float64(procStatus(b, "RssFile"))/(1<<20), "mapped-MB")
	if fi, err := os.Stat(path); err == nil {
		b.ReportMetric(float64(fi.Size())/(1<<20), "file-MB")
	}
}

// fillSchedule puts n articles on the schedule, due evenly over span from
// t0, ten thousand to a transaction, each with an ETag and a
// Last-Modified as pages send them.
func fillSchedule(db *DB, n int, t0 time.Time, span time.Duration) error {
	const chunk = 10_000
	for start := 0; start < n; start += chunk {
		err := db.bolt.Update(func(tx *bbolt.Tx) error {
			b := bucketsOf(tx)
			for i := start; i < min(start+chunk, n); i++ {
				r := Revisit{Article: uint64(i + 1), Due: t0.Add(span * time.Duration(i) / time.Duration(n)),
					ETag: fmt.Sprintf(`"%x-5f2a"`, i), LastModified: "Sun, 01 Nov 2026 08:00:00 GMT"}
				if err := b.scheduleRevisit(r); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Skipf("getrusage: %v", err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// procStatus is a field of /proc/self/status in bytes; 0 off Linux.
func procStatus(b *testing.B, field string) int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}
