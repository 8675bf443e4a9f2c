package main

import (
	"errors"
	"io"
	"os"
	"time"

	"github.com/depeche-archiver/depeche/cmd/internal/bench"
)

// rssSampler records the peak anonymous and file-backed resident memory of
// this process from /proc/self/status. ru_maxrss alone counts the
// archive's pages that bbolt's read-only mmap brought in; those are page
// cache the kernel can drop, not memory the export holds, so the report
// shows the two apart. Each sample rereads the open file into the same
// buffer: the sampler allocates nothing as it runs, so that it neither
// adds to the memory it measures nor makes the export's garbage collector
// work.
type rssSampler struct {
	stop chan struct{}
	done chan rssPeaks
}

// rssPeaks are the peaks a sampler saw, in bytes.
type rssPeaks struct{ anon, file int64 }

// startSampler samples every millisecond until stop; where
// /proc/self/status cannot be opened (on systems other than Linux), it
// reports zero peaks.
func startSampler() *rssSampler {
	s := &rssSampler{stop: make(chan struct{}), done: make(chan rssPeaks, 1)}
	f, err := os.Open(bench.SelfStatus)
	if err != nil {
		s.done <- rssPeaks{}
		return s
	}
	go s.loop(f)
	return s
}

func (s *rssSampler) loop(f *os.File) {
	defer f.Close()
	var p rssPeaks
	buf := make([]byte, 8<<10) // /proc/self/status is under 2 KiB
	t := time.NewTicker(time.Millisecond)
	defer t.Stop()
	for {
		anon, file := readStatus(f, buf)
		p.anon, p.file = max(p.anon, anon), max(p.file, file)
		select {
		case <-s.stop:
			s.done <- p
			return
		case <-t.C:
		}
	}
}

// peaks stops the sampler and returns what it saw.
func (s *rssSampler) peaks() rssPeaks {
	close(s.stop)
	return <-s.done
}

// readStatus returns RssAnon, and RssFile plus RssShmem, of
// /proc/self/status, open as f, in bytes, reading it into buf.
func readStatus(f *os.File, buf []byte) (anon, file int64) {
	n, err := f.ReadAt(buf, 0)
	if err != nil && !errors.Is(err, io.EOF) {
		return 0, 0
	}
	s := bench.ParseStatus(buf[:n])
	return s.Anon, s.File + s.Shmem // an archive on tmpfs is mapped as shmem
}
