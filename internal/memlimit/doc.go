// Package memlimit governs the Go runtime's soft memory limit for the
// long-running commands (run, backfill, reclean): the configured limit as a
// floor, raised while the program needs more live memory and lowered again
// after, so that the collector never runs without pause below the live heap.
package memlimit
