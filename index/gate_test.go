package index

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"
)

// TestCloseWithSearchesInFlight: searches running while the index closes
// either finish normally or are refused with ErrNotFound, never with
// bleve's error for a closed index.
func TestCloseWithSearchesInFlight(t *testing.T) {
	docs := map[string]string{}
	for i := range 200 {
		docs[fmt.Sprintf("d%03d", i)] = fmt.Sprintf("المكتبة العامة في المدينة رقم %d والكتاب الجديد", i)
	}
	ix := mustTextIndex(t, docs)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var ok, refused int
	errs := map[string]int{}
	const searchers = 4
	for range searchers {
		wg.Add(1)
		go func() { // searches until the index refuses it
			defer wg.Done()
			for {
				_, err := ix.Search(context.Background(), Request{Query: "المكتبة الكتاب"})
				mu.Lock()
				switch {
				case err == nil:
					ok++
				case errors.Is(err, ErrNotFound):
					refused++
				default:
					errs[err.Error()]++
				}
				done := err != nil
				mu.Unlock()
				if done {
					return
				}
			}
		}()
	}
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(time.Millisecond) {
		mu.Lock()
		n := ok
		mu.Unlock()
		if n >= 2*searchers || time.Now().After(deadline) {
			break
		}
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	if len(errs) > 0 || ok < 2*searchers || refused != searchers {
		t.Errorf("%d searches answered, %d refused after Close, other errors: %v; want %d or more answered, then each searcher refused", ok, refused, errs, 2*searchers)
	}
}

// TestGateCancelsAfterGrace: a call still running when the grace period
// ends is cancelled, and close returns once it has left.
func TestGateCancelsAfterGrace(t *testing.T) {
	g := newGate()
	ctx, leave, err := g.enter(context.Background(), "ix")
	if err != nil {
		t.Fatal(err)
	}
	left := make(chan struct{})
	go func() {
		<-ctx.Done() // a long call that stops when cancelled
		leave()
		close(left)
	}()
	g.close(20 * time.Millisecond)
	select {
	case <-left:
	default:
		t.Error("close returned before the call left")
	}
	if _, _, err := g.enter(context.Background(), "ix"); !errors.Is(err, ErrNotFound) {
		t.Errorf("enter after close: %v, want ErrNotFound", err)
	}
}
