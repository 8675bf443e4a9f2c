package store

import (
	"fmt"
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
