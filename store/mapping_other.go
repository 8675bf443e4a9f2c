//go:build !linux

package store

// releasePages does nothing here: the release of mapped pages is written
// for Linux only. The archive still works; its mapped pages stay resident
// until the kernel reclaims them.
func releasePages(uintptr, int64) error { return nil }

// fileResident cannot tell here; the archive then releases (does nothing)
// at each check.
func fileResident() (int64, bool) { return 0, false }
