package store

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// releasePages tells the kernel that the size bytes mapped at addr (the
// archive, mapped read-only and shared by bbolt) are not needed now:
// MADV_DONTNEED unmaps them from the process; the file's pages stay in the
// page cache, unchanged, and a later read maps them in again. The caller
// holds a read transaction, so the mapping cannot move meanwhile.
func releasePages(addr uintptr, size int64) error {
	if addr == 0 || size <= 0 {
		return nil
	}
	_, _, errno := syscall.Syscall(syscall.SYS_MADVISE, addr, uintptr(size), syscall.MADV_DONTNEED)
	if errno != 0 {
		return fmt.Errorf("release mapped archive pages: %w", errno)
	}
	return nil
}

// fileResident returns how many bytes of files (and shared memory) this
// process has mapped and resident: the third field of /proc/self/statm, in
// pages. The archive's mapping is part of it.
func fileResident() (int64, bool) {
	var buf [128]byte
	f, err := os.Open("/proc/self/statm")
	if err != nil {
		return 0, false
	}
	n, err := f.Read(buf[:])
	_ = f.Close() // read-only: nothing to lose
	if err != nil {
		return 0, false
	}
	fields := strings.Fields(string(buf[:n]))
	if len(fields) < 3 {
		return 0, false
	}
	pages, err := strconv.ParseInt(fields[2], 10, 64)
	if err != nil {
		return 0, false
	}
	return pages * int64(os.Getpagesize()), true
}
