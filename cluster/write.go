package cluster

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/fahras/fahras/index"
)

// A write is a message on subject fahras.w.NAME.SHARD.BUCKET, BUCKET four
// hex digits of a hash of the document id, with the message id
// OP:ID:HASH-OF-BODY: a client that retries a write within the
// deduplication window (after a timeout, a lost leader) gets it stored
// once. A write deduplicated against an earlier identical one is only
// correct if nothing wrote the document since (A, B, then A again must end
// as A): when a later message of the same bucket exists, the write is
// published again under a fresh id.

// writeMsg builds the message of op on shard i.
func writeMsg(name string, i int, op index.ShardOp, body []byte) (*nats.Msg, string) {
	h := sha256.Sum256([]byte(op.ID))
	m := nats.NewMsg(subject(name, i) + "." + hex.EncodeToString(h[:2]))
	kind := "put"
	if op.Doc == nil {
		kind = "delete"
	}
	m.Header.Set(hdrOp, kind)
	m.Header.Set(hdrID, op.ID)
	m.Data = body
	b := sha256.Sum256(body)
	return m, kind + ":" + op.ID + ":" + hex.EncodeToString(b[:12])
}

// publish writes op to the log of its shard and returns the shard and the
// stream sequence that holds it, once a quorum of the log has it on disk.
func (n *Node) publish(ctx context.Context, d indexDef, op index.ShardOp, body []byte) (int, uint64, error) {
	i := index.ShardOf(op.ID, d.shards())
	if err := n.logUp(ctx, d.Name, i); err != nil {
		return i, 0, err
	}
	m, id := writeMsg(d.Name, i, op, body)
	pctx, cancel := context.WithTimeout(ctx, publishTimeout)
	defer cancel()
	ack, err := n.js.PublishMsg(pctx, m, jetstream.WithMsgID(id), jetstream.WithExpectStream(streamName(d.Name, i)))
	if err != nil {
		n.logFailed(d.Name, i)
		return i, 0, publishError(ctx, d.Name, i, err)
	}
	if ack.Duplicate {
		seq, err := n.afterDuplicate(ctx, d.Name, i, m, ack.Sequence)
		return i, seq, err
	}
	return i, ack.Sequence, nil
}

// afterDuplicate handles a write the log found identical to an earlier
// one at seq: fine if it is still the last of its bucket, else published
// again under a fresh id.
func (n *Node) afterDuplicate(ctx context.Context, name string, i int, m *nats.Msg, seq uint64) (uint64, error) {
	st, err := n.js.Stream(ctx, streamName(name, i))
	if err != nil {
		return 0, publishError(ctx, name, i, err)
	}
	last, err := st.GetLastMsgForSubject(ctx, m.Subject)
	if err != nil {
		return 0, publishError(ctx, name, i, err)
	}
	if last.Sequence == seq {
		return seq, nil
	}
	again := nats.NewMsg(m.Subject)
	again.Header, again.Data = m.Header, m.Data
	ack, err := n.js.PublishMsg(ctx, again, jetstream.WithMsgID(nats.NewInbox()), jetstream.WithExpectStream(streamName(name, i)))
	if err != nil {
		return 0, publishError(ctx, name, i, err)
	}
	return ack.Sequence, nil
}

// publishTimeout bounds one write to a log: long enough for a leader to be
// elected again (4-8 s measured), short enough to answer 503 when none
// can be.
const publishTimeout = 8 * time.Second

// suspectFor is how long after a failed write a log is checked for a
// leader before every write, so that writes fail fast while it has none.
const suspectFor = 5 * time.Second

// logFailed records that a write to shard i of name failed.
func (n *Node) logFailed(name string, i int) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.suspect == nil {
		n.suspect = map[string]time.Time{}
	}
	n.suspect[appliedKey(name, i)] = time.Now()
}

// logUp fails fast with index.ErrUnavailable when a write to shard i
// failed lately and its log still has no leader.
func (n *Node) logUp(ctx context.Context, name string, i int) error {
	n.mu.Lock()
	at, ok := n.suspect[appliedKey(name, i)]
	n.mu.Unlock()
	if !ok || time.Since(at) > suspectFor {
		return nil
	}
	cctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	st, err := n.js.Stream(cctx, streamName(name, i))
	if err == nil && st.CachedInfo().Cluster != nil && st.CachedInfo().Cluster.Leader != "" {
		n.mu.Lock()
		delete(n.suspect, appliedKey(name, i))
		n.mu.Unlock()
		return nil
	}
	n.logFailed(name, i)
	why := "no leader"
	if err != nil {
		why = err.Error()
	}
	return fmt.Errorf("%w: write to shard %d of %s: its log has no quorum (%s); retry with the same ids", index.ErrUnavailable, i, name, why)
}

// publishError is the error of a write the log did not acknowledge.
func publishError(ctx context.Context, name string, i int, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("write to shard %d of %s: the write may or may not be stored; retrying it is safe: %w", i, name, ctx.Err())
	}
	if errors.Is(err, context.DeadlineExceeded) {
		err = fmt.Errorf("no acknowledgement in %s", publishTimeout)
	}
	return fmt.Errorf("%w: write to shard %d of %s: its log has no quorum (%v); retry with the same ids", index.ErrUnavailable, i, name, err)
}

// waitSearchable returns once shard i has applied seq on the replica a
// search from this node would read first (the first of replicaOrder that
// answers), so that this node reads its own writes.
func (n *Node) waitSearchable(ctx context.Context, d indexDef, i int, seq uint64) error {
	if a := n.localApplier(d.Name, i); a != nil && a.caughtUp() { // searches here read it first
		return a.waitFor(ctx, seq)
	}
	for {
		for _, node := range n.replicaOrder(d, i) {
			cctx, cancel := context.WithTimeout(ctx, time.Second)
			rep, err := n.call(cctx, node, "applied", rpcRequest{Index: d.Name, Shard: i})
			cancel()
			if err == nil && rep.Seq >= seq {
				return nil
			}
			if err == nil {
				break // the replica searches would read: wait for it
			}
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("wait until searchable: %w", ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
}
