package index

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// closeGrace is how long Close lets the calls in flight finish before it
// cancels them: searches take milliseconds, a bulk load may take minutes
// (its batches on disk stay; the rest is reported as cancelled).
const closeGrace = 5 * time.Second

// gate lets Close wait for the calls in flight on an index instead of
// closing bleve under them (a search running while its index was dropped
// failed with bleve's "index closed" as an internal error). A call enters
// with its context, gets one that Close can cancel, and leaves; once Close
// has begun, calls are refused with ErrNotFound, as for a dropped index.
type gate struct {
	mu      sync.Mutex
	closed  bool
	next    uint64
	calls   map[uint64]context.CancelFunc
	drained chan struct{} // closed when closed and no call is left
}

func newGate() *gate {
	return &gate{calls: map[uint64]context.CancelFunc{}, drained: make(chan struct{})}
}

// enter admits a call on the index named name, or refuses it once the
// index is closing. The call must run with the returned context and call
// leave when it returns.
func (g *gate) enter(ctx context.Context, name string) (context.Context, func(), error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closed {
		return nil, nil, fmt.Errorf("index %s: %w: it was closed or dropped", name, ErrNotFound)
	}
	ctx, cancel := context.WithCancel(ctx)
	id := g.next
	g.next++
	g.calls[id] = cancel
	return ctx, func() { g.leave(id) }, nil
}

func (g *gate) leave(id uint64) {
	g.mu.Lock()
	defer g.mu.Unlock()
	cancel, ok := g.calls[id]
	if !ok {
		return
	}
	cancel()
	delete(g.calls, id)
	if g.closed && len(g.calls) == 0 {
		close(g.drained)
	}
}

// close refuses new calls, waits up to grace for those in flight, then
// cancels the ones left and waits for them to return.
func (g *gate) close(grace time.Duration) {
	g.mu.Lock()
	if g.closed {
		g.mu.Unlock()
		<-g.drained
		return
	}
	g.closed = true
	if len(g.calls) == 0 {
		close(g.drained)
	}
	g.mu.Unlock()
	t := time.NewTimer(grace)
	defer t.Stop()
	select {
	case <-g.drained:
		return
	case <-t.C:
	}
	g.mu.Lock()
	for _, cancel := range g.calls {
		cancel()
	}
	g.mu.Unlock()
	<-g.drained
}
