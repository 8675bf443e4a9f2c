//go:build !(linux || darwin || freebsd || netbsd || openbsd)

package main

// maxRSS is unknown where getrusage is not available.
func maxRSS() string { return "unknown on this system" }
