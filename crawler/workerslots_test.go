package crawler

import (
	"context"
	"errors"
	"slices"
	"testing"
	"testing/synctest"
)

// waitInQueue starts a goroutine that waits for a slot of s with ticket,
// sends ticket on got once it has one, and gives the slot back; it
// returns once the goroutine waits.
func waitInQueue(ctx context.Context, s *workerSlots, ticket uint64, got chan<- uint64, errs chan<- error) {
	go func() {
		if err := s.take(withTicket(ctx, ticket)); err != nil {
			errs <- err
			return
		}
		got <- ticket
		s.give()
	}()
	synctest.Wait()
}

func TestWorkerSlotsGoToTheLowestTicket(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := newWorkerSlots(1)
		if err := s.take(t.Context()); err != nil {
			t.Fatal(err)
		}
		first, second, third := s.draw(), s.draw(), s.draw()
		got, errs := make(chan uint64, 3), make(chan error, 3)
		for _, ticket := range []uint64{third, first, second} { // waiting in another order
			waitInQueue(t.Context(), s, ticket, got, errs)
		}
		s.give()
		order := []uint64{<-got, <-got, <-got}
		if want := []uint64{first, second, third}; !slices.Equal(order, want) {
			t.Errorf("slots went to tickets %v, want %v", order, want)
		}
		if err := s.take(t.Context()); err != nil { // every slot back: one is free
			t.Fatal(err)
		}
	})
}

func TestWorkerSlotsCancelledWaitLeavesTheQueue(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := newWorkerSlots(1)
		if err := s.take(t.Context()); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(t.Context())
		got, errs := make(chan uint64, 2), make(chan error, 2)
		early, late := s.draw(), s.draw()
		waitInQueue(ctx, s, early, got, errs)
		waitInQueue(t.Context(), s, late, got, errs)
		cancel()
		if err := <-errs; !errors.Is(err, context.Canceled) {
			t.Fatalf("cancelled wait: %v, want context.Canceled", err)
		}
		s.give()
		if ticket := <-got; ticket != late {
			t.Errorf("the slot went to ticket %d, want %d: the cancelled wait still queued", ticket, late)
		}
		if err := s.take(t.Context()); err != nil {
			t.Fatal(err)
		}
	})
}
