package server

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"
)

// admission limits the searches that run at once. A search beyond the
// limit waits for a slot, in arrival order, in a queue of bounded length;
// when the queue is full it is refused at once (503 overloaded, with
// Retry-After). With more CPU-bound searches than cores the Go scheduler
// shares the cores among all of them and every one is slow; run in order
// they finish as fast, and the first ones sooner (docs/performance.md).
//
// The slots are a buffered channel: Go's runtime queues the goroutines
// blocked on sending to a full channel first in, first out, and hands a
// freed slot to the first of them directly, so a search arriving later
// never takes the slot of one that waits.
type admission struct {
	slots   chan struct{} // nil: no limit
	queue   int64         // searches allowed to wait
	waiting atomic.Int64
	running atomic.Int64
	retry   time.Duration
	m       *metrics
}

func newAdmission(running, queue int, retry time.Duration, m *metrics) *admission {
	a := &admission{queue: int64(max(queue, 0)), retry: retry, m: m}
	if running > 0 {
		a.slots = make(chan struct{}, running)
	}
	m.searchSlots.Set(float64(cap(a.slots)))
	m.searchQueueMax.Set(float64(a.queue))
	return a
}

// overloadedError is the refusal of a search when the queue is full.
type overloadedError struct {
	running, queue int
	retry          time.Duration
}

func (e *overloadedError) Error() string {
	return fmt.Sprintf("too many searches at once: %d running and %d waiting, the most this server allows; retry after %s s",
		e.running, e.queue, e.retryAfter())
}

// retryAfter is the value of the Retry-After header: whole seconds, at
// least 1.
func (e *overloadedError) retryAfter() string {
	return strconv.Itoa(max(int((e.retry+time.Second-1)/time.Second), 1))
}

// admit waits for a slot (or ctx) and returns the func that frees it. It
// fails at once with an *overloadedError when the queue is full.
func (a *admission) admit(ctx context.Context) (release func(), err error) {
	if a.slots == nil {
		return func() {}, nil
	}
	select {
	case a.slots <- struct{}{}:
		a.m.searchWait.Observe(0)
		return a.started(), nil
	default:
	}
	if a.waiting.Add(1) > a.queue {
		a.waiting.Add(-1)
		a.m.searchRejected.Inc()
		return nil, &overloadedError{running: cap(a.slots), queue: int(a.queue), retry: a.retry}
	}
	a.m.searchQueue.Inc()
	start := time.Now()
	defer func() {
		a.waiting.Add(-1)
		a.m.searchQueue.Dec()
	}()
	select {
	case a.slots <- struct{}{}:
		a.m.searchWait.Observe(time.Since(start).Seconds())
		return a.started(), nil
	case <-ctx.Done():
		return nil, fmt.Errorf("wait for a search slot: %w", ctx.Err())
	}
}

// started counts a search that holds a slot; the returned func frees it.
func (a *admission) started() func() {
	a.running.Add(1)
	a.m.searchRunning.Inc()
	return func() {
		a.running.Add(-1)
		a.m.searchRunning.Dec()
		<-a.slots
	}
}

// setRetryAfter adds the Retry-After header to the refusal of an
// overloaded search.
func setRetryAfter(w http.ResponseWriter, err *overloadedError) {
	w.Header().Set("Retry-After", err.retryAfter())
}
