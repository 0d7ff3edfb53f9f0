package cluster

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/fahras/fahras/index"
)

// seqKey is the bleve internal key under which a shard stores the last
// stream sequence applied to it.
const seqKey = "fahras_cluster_seq"

// Headers of a write message; the body of a put is the document's JSON.
const (
	hdrOp = "Fahras-Op" // put or delete
	hdrID = "Fahras-Id"
)

// fetchBatch is the number of messages an applier fetches and writes in
// one bleve batch at most.
const fetchBatch = 512

// applier applies the stream of one shard to the node's copy of it.
type applier struct {
	n     *Node
	ix    *index.Index
	name  string
	shard int

	seq     atomic.Uint64 // the last applied stream sequence
	current atomic.Bool   // the last fetch left nothing pending: the copy is caught up
	mu      sync.Mutex
	tick    chan struct{} // closed and replaced whenever seq advances

	ctx    context.Context
	cancel context.CancelFunc
	done   chan struct{}
}

func newApplier(n *Node, ix *index.Index, name string, shard int) *applier {
	a := &applier{n: n, ix: ix, name: name, shard: shard, tick: make(chan struct{}), done: make(chan struct{})}
	a.ctx, a.cancel = context.WithCancel(n.ctx)
	if seq, err := ix.AppliedSeq(shard, seqKey); err == nil {
		a.seq.Store(seq)
	}
	return a
}

func (a *applier) applied() uint64 { return a.seq.Load() }

// caughtUp reports whether the copy had applied everything in its log at
// its last fetch: a replica still building itself from the log is not
// read first by its own node.
func (a *applier) caughtUp() bool { return a.current.Load() }

func (a *applier) stop() { a.cancel() }

// advance records that the shard holds every write up to seq.
func (a *applier) advance(seq uint64) {
	a.seq.Store(seq)
	a.mu.Lock()
	close(a.tick)
	a.tick = make(chan struct{})
	a.mu.Unlock()
}

// waitFor returns once the shard has applied seq.
func (a *applier) waitFor(ctx context.Context, seq uint64) error {
	for {
		a.mu.Lock()
		tick := a.tick
		a.mu.Unlock()
		if a.seq.Load() >= seq {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-a.done:
			return errors.New("the replica stopped")
		case <-tick:
		}
	}
}

// run fetches and applies until the applier stops.
func (a *applier) run(context.Context) {
	defer close(a.done)
	ctx := a.ctx
	var cons jetstream.Consumer
	fresh := false
	for ctx.Err() == nil {
		if cons == nil {
			var err error
			if cons, fresh, err = a.consumer(ctx, fresh); errors.Is(err, errBehindLog) {
				a.n.log.Warn("applier: the log was truncated past this replica; starting it from the snapshot", "index", a.name, "shard", a.shard, "error", err)
				a.n.rebootstrap(a)
				return
			}
			if err != nil {
				a.n.log.Warn("applier: no consumer yet", "index", a.name, "shard", a.shard, "error", err)
				sleep(ctx, time.Second)
				continue
			}
		}
		err := a.fetch(ctx, cons, fresh)
		switch {
		case errors.Is(err, errGap):
			a.n.log.Warn("applier: messages missing from a delivery; reading the log again after the applied sequence",
				"index", a.name, "shard", a.shard, "applied", a.seq.Load())
			cons, fresh = nil, true
		case errors.Is(err, jetstream.ErrConsumerNotFound) || errors.Is(err, jetstream.ErrConsumerDeleted):
			cons = nil
		case err != nil && ctx.Err() == nil:
			sleep(ctx, 250*time.Millisecond)
		default:
			fresh = false
		}
	}
}

// consumer returns the node's durable pull consumer on the shard's stream,
// created to start after the sequence the shard holds. A consumer that
// acknowledged more than the shard holds (the local copy was lost), or
// whose delivery had a gap (reset), is created again from there; fresh
// reports a consumer created so.
func (a *applier) consumer(ctx context.Context, reset bool) (c jetstream.Consumer, fresh bool, err error) {
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	stream := streamName(a.name, a.shard)
	durable := "apply-" + a.n.cfg.Name
	seq := a.seq.Load()
	c, err = a.n.js.Consumer(cctx, stream, durable)
	if err == nil {
		info, err := c.Info(cctx)
		if err != nil {
			return nil, false, err
		}
		if info.AckFloor.Stream <= seq && !reset {
			return c, false, nil
		}
		if !reset {
			a.n.log.Warn("applier: the consumer is ahead of the local copy; replaying", "index", a.name, "shard", a.shard,
				"acknowledged", info.AckFloor.Stream, "applied", seq)
		}
		if err := a.n.js.DeleteConsumer(cctx, stream, durable); err != nil {
			return nil, false, err
		}
	} else if !errors.Is(err, jetstream.ErrConsumerNotFound) {
		return nil, false, err
	}
	if err := a.checkLogStart(cctx, seq); err != nil {
		return nil, false, err
	}
	cfg := jetstream.ConsumerConfig{
		Durable: durable, AckPolicy: jetstream.AckAllPolicy, AckWait: 30 * time.Second,
		MaxAckPending: 4 * fetchBatch, DeliverPolicy: jetstream.DeliverAllPolicy,
		Replicas: a.n.cfg.LogReplicas,
	}
	if seq > 0 {
		cfg.DeliverPolicy, cfg.OptStartSeq = jetstream.DeliverByStartSequencePolicy, seq+1
	}
	c, err = a.n.js.CreateOrUpdateConsumer(cctx, stream, cfg)
	return c, err == nil, err
}

// errGap says that a message came before the ones before it: those were
// delivered to a pull request lost with a consumer leader, and would come
// again only after the acknowledgement wait, after later ones.
var errGap = errors.New("a gap in the delivered sequences")

// fetch applies one batch of messages, strictly in stream order: in one
// bleve batch with the last sequence, then acknowledged (all of them, by
// the last one). A gap stops at the message before it, and the consumer is
// created again from there (errGap): applying past it, then skipping the
// missing messages as redeliveries, would lose them.
func (a *applier) fetch(ctx context.Context, cons jetstream.Consumer, fresh bool) error {
	b, err := a.next(cons)
	if err != nil {
		return err
	}
	var ops []index.ShardOp
	var last jetstream.Msg
	lastSeq := a.seq.Load()
	gap := false
	pending := uint64(0)
	for m := range b.Messages() {
		md, err := m.Metadata()
		if err != nil || gap {
			continue
		}
		pending = md.NumPending
		s := md.Sequence.Stream
		if s <= lastSeq { // a redelivery of what the shard holds
			last = m
			continue
		}
		if s != lastSeq+1 && !(fresh && last == nil && len(ops) == 0) {
			gap = true
			continue
		}
		last, lastSeq = m, s
		op, err := decodeOp(m)
		if err != nil {
			a.n.log.Error("applier: skipped a bad message", "index", a.name, "shard", a.shard, "seq", s, "error", err)
			continue
		}
		ops = append(ops, op)
	}
	if last == nil {
		if gap {
			return errGap
		}
		if err := b.Error(); err != nil && !errors.Is(err, nats.ErrTimeout) {
			return err
		}
		a.current.Store(true) // nothing came: nothing is pending
		return nil
	}
	defer func() { a.current.Store(pending == 0 && !gap) }()
	if lastSeq > a.seq.Load() {
		if err := a.apply(ctx, ops, lastSeq); err != nil {
			return err
		}
	}
	if err := last.Ack(); err != nil {
		return err
	}
	if gap {
		return errGap
	}
	return nil
}

// fetchWait is how long a fetch waits for a full batch: a write waits at
// most this long before its replica starts applying it, and writes that
// come together are applied in one bleve batch (a batch per message would
// cost a segment, a sync and an acknowledgement each).
const fetchWait = 100 * time.Millisecond

// next returns the messages that came within fetchWait, up to fetchBatch.
func (a *applier) next(cons jetstream.Consumer) (jetstream.MessageBatch, error) {
	return cons.Fetch(fetchBatch, jetstream.FetchMaxWait(fetchWait))
}

// apply writes ops up to seq, retrying until it succeeds: skipping them
// would lose writes.
func (a *applier) apply(ctx context.Context, ops []index.ShardOp, seq uint64) error {
	for {
		rejected, err := a.ix.ApplyShard(ctx, a.shard, ops, seqKey, seq)
		if err == nil {
			for i, r := range rejected {
				a.n.log.Error("applier: a logged document was refused", "index", a.name, "shard", a.shard, "id", ops[i].ID, "error", r)
			}
			a.advance(seq)
			return nil
		}
		a.n.log.Error("applier: write failed; retrying", "index", a.name, "shard", a.shard, "seq", seq, "error", err)
		sleep(ctx, time.Second)
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
}

// decodeOp reads the write of a message.
func decodeOp(m jetstream.Msg) (index.ShardOp, error) {
	h := m.Headers()
	op := index.ShardOp{ID: h.Get(hdrID)}
	if op.ID == "" {
		return op, errors.New("no document id")
	}
	switch h.Get(hdrOp) {
	case "delete":
		return op, nil
	case "put":
		d, err := index.DecodeDocument(m.Data())
		if err != nil {
			return op, err
		}
		op.Doc = d
		return op, nil
	}
	return op, fmt.Errorf("unknown operation %q", h.Get(hdrOp))
}
