//go:build !linux

package store

// releasePages does nothing here: the release of mapped pages is written
// for Linux only. The archive still works; its mapped pages stay resident
// until the kernel reclaims them.
func releasePages(uintptr, int64) error { return nil }
