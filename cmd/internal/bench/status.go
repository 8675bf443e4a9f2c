package bench

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strconv"
)

// SelfStatus is this process's status file in Linux's /proc. Elsewhere it
// does not exist and the figures read from it are unknown.
const SelfStatus = "/proc/self/status"

// StatusPath is the status file of process pid in Linux's /proc.
func StatusPath(pid int) string { return "/proc/" + strconv.Itoa(pid) + "/status" }

// Status is the memory of a process as its /proc status file gives it, in
// bytes; a field the file lacks is 0.
type Status struct {
	PeakRSS int64 // VmHWM
	RSS     int64 // VmRSS
	Anon    int64 // RssAnon: heap, stacks
	File    int64 // RssFile: the binary and mapped files
	Shmem   int64 // RssShmem: shared memory, files mapped from tmpfs
}

// ReadStatus reads the status file at path.
func ReadStatus(path string) (Status, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Status{}, fmt.Errorf("read status: %w", err)
	}
	return ParseStatus(data), nil
}

// ParseStatus reads the memory fields of a status file's text. It
// allocates nothing, so that a sampler calling it does not add to the
// memory it measures.
func ParseStatus(data []byte) Status {
	var s Status
	for rest := data; len(rest) > 0; {
		var line []byte
		line, rest, _ = bytes.Cut(rest, []byte("\n"))
		name, value, ok := bytes.Cut(line, []byte(":"))
		if !ok {
			continue
		}
		switch string(name) {
		case "VmHWM":
			s.PeakRSS = kilobytes(value) << 10
		case "VmRSS":
			s.RSS = kilobytes(value) << 10
		case "RssAnon":
			s.Anon = kilobytes(value) << 10
		case "RssFile":
			s.File = kilobytes(value) << 10
		case "RssShmem":
			s.Shmem = kilobytes(value) << 10
		}
	}
	return s
}

// kilobytes parses a value of the status file such as "\t  1234 kB".
func kilobytes(value []byte) int64 {
	var n int64
	for _, c := range bytes.TrimSpace(value) {
		if c < '0' || c > '9' {
			break
		}
		n = n*10 + int64(c-'0')
	}
	return n
}

// ResetPeakRSS sets this process's VmHWM back to its present RSS (Linux
// 4.0 and later), so that the next reading of PeakRSS counts from now.
// Where that is not possible it returns an error and the peak counts from
// the start of the process.
func ResetPeakRSS() error {
	f, err := os.OpenFile("/proc/self/clear_refs", os.O_WRONLY, 0)
	if err != nil {
		return fmt.Errorf("reset peak RSS: %w", err)
	}
	_, werr := f.Write([]byte("5"))
	if err := errors.Join(werr, f.Close()); err != nil {
		return fmt.Errorf("reset peak RSS: %w", err)
	}
	return nil
}
