//go:build !linux

package main

// limitFileSize does nothing here: the full-disk test is Linux's.
func limitFileSize() {}
