// Package bench holds what the benchmark commands under cmd/ have in
// common: the main wrapper and its exit codes, the shared pages of the
// extraction benchmark, a process's CPU time and peak resident memory,
// the depeche binary they run as a child, and the way a report goes to
// standard output and to a results file.
//
// What one command alone measures, and how it lays out its figures, stays
// in that command.
package bench
