package main

import (
	"bufio"
	"bytes"
	"os"
	"strconv"
	"time"
)

// rssSampler records the peak anonymous and file-backed resident memory of
// this process from /proc/self/status. ru_maxrss alone counts the
// archive's pages that bbolt's read-only mmap brought in; those are page
// cache the kernel can drop, not memory the export holds, so the report
// shows the two apart.
type rssSampler struct {
	stop chan struct{}
	done chan rssPeaks
}

// rssPeaks are the peaks a sampler saw, in bytes.
type rssPeaks struct{ anon, file int64 }

// startSampler samples every millisecond until stop.
func startSampler() *rssSampler {
	s := &rssSampler{stop: make(chan struct{}), done: make(chan rssPeaks, 1)}
	go s.loop()
	return s
}

func (s *rssSampler) loop() {
	var p rssPeaks
	t := time.NewTicker(time.Millisecond)
	defer t.Stop()
	for {
		anon, file := readStatus()
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
// /proc/self/status in bytes.
func readStatus() (anon, file int64) {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, 0
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		f := bytes.Fields(sc.Bytes())
		if len(f) < 2 {
			continue
		}
		kib, _ := strconv.ParseInt(string(f[1]), 10, 64)
		switch string(f[0]) {
		case "RssAnon:":
			anon = kib * 1024
		case "RssFile:", "RssShmem:": // an archive on tmpfs is mapped as shmem
			file += kib * 1024
		}
	}
	return anon, file
}
