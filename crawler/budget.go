package crawler

// budget is a count of goroutines that may run at once, taken without
// waiting: whoever finds it spent carries on without another goroutine.
type budget chan struct{}

func newBudget(n int) budget { return make(budget, n) }

// take takes one unit and reports whether there was one.
func (b budget) take() bool {
	select {
	case b <- struct{}{}:
		return true
	default:
		return false
	}
}

// give gives back a unit take took.
func (b budget) give() { <-b }
