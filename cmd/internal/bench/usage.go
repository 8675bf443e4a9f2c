package bench

import "time"

// Usage is what getrusage says a process used.
type Usage struct {
	CPU     time.Duration // user plus system time
	PeakRSS int64         // peak resident set size (ru_maxrss) in bytes; 0 when unknown
}
