// Package atomicfile writes files that appear whole or not at all: each
// is written under a temporary name in the directory of its final name,
// synced, renamed (or linked) to that name, and the directory synced, so
// that neither a failed write nor a crash leaves a truncated file under a
// name that looks whole. Every command that writes a file writes it here.
package atomicfile
