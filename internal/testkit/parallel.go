package testkit

import (
	"flag"
	"fmt"
)

// WaitInParallel lets n parallel tests run at once, unless the command
// line gives -test.parallel. It is for the TestMain of a package whose
// tests spend their time waiting for real servers and child processes
// (heartbeats, TTLs, polls) rather than computing: the default,
// GOMAXPROCS, would keep them waiting one or two at a time on a machine
// of one or two cores.
func WaitInParallel(n int) {
	if !flag.Parsed() {
		flag.Parse()
	}
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == "test.parallel" })
	if !set {
		if err := flag.Set("test.parallel", fmt.Sprint(n)); err != nil {
			panic(err)
		}
	}
}
