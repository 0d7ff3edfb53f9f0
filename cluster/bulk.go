package cluster

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/fahras/fahras/index"
)

// bulkLoad publishes the lines of a bulk request a window at a time and
// reports them in order once their acknowledgements are in.
type bulkLoad struct {
	c        *clusterIndex
	ctx      context.Context
	onResult func(line int, id string, err error)
	st       *index.BulkStats
	wait     bool
	pending  []pendingWrite
}

// pendingWrite is one line of the window: published (fut), or refused.
type pendingWrite struct {
	line  int
	id    string
	shard int
	msg   *nats.Msg
	fut   jetstream.PubAckFuture
	seq   uint64
	err   error
	bytes int
}

func (b *bulkLoad) reject(source string, line int, id string, err error) {
	b.pending = append(b.pending, pendingWrite{line: line, id: id, err: &index.Reject{Source: source, Line: line, ID: id, Err: err}})
}

func (b *bulkLoad) add(ix *index.Index, line int, doc index.Document) {
	if index.IsActionLine(doc) {
		b.reject("body", line, "", fmt.Errorf("%w: Elasticsearch action lines are not supported on a cluster yet: send the documents alone (docs/cluster.md)", index.ErrInvalid))
		return
	}
	id, err := ix.Validate(doc)
	if err != nil {
		s, _ := doc[index.IDName].(string)
		b.reject("body", line, s, err)
		return
	}
	body, err := json.Marshal(doc)
	if err != nil {
		b.reject("body", line, id, fmt.Errorf("%w: %v", index.ErrInvalid, err))
		return
	}
	d := b.c.def
	i := index.ShardOf(id, d.shards())
	m, mid := writeMsg(d.Name, i, index.ShardOp{ID: id, Doc: doc}, body)
	p := pendingWrite{line: line, id: id, shard: i, msg: m, bytes: len(body)}
	if err := b.c.n.logUp(b.ctx, d.Name, i); err != nil {
		p.err = err
		b.pending = append(b.pending, p)
		return
	}
	p.fut, err = b.c.n.js.PublishMsgAsync(m, jetstream.WithMsgID(mid), jetstream.WithExpectStream(streamName(d.Name, i)))
	if err != nil {
		b.c.n.logFailed(d.Name, i)
		p.err = publishError(b.ctx, d.Name, i, err)
	}
	b.pending = append(b.pending, p)
}

// flush awaits the window's acknowledgements (and, when asked, until a
// replica of every shard written can search them) and reports its lines.
func (b *bulkLoad) flush() {
	d, n := b.c.def, b.c.n
	last := map[int]uint64{}
	for k := range b.pending {
		p := &b.pending[k]
		if p.fut == nil || p.err != nil {
			continue
		}
		select {
		case ack := <-p.fut.Ok():
			p.seq = ack.Sequence
			if ack.Duplicate {
				p.seq, p.err = n.afterDuplicate(b.ctx, d.Name, p.shard, p.msg, ack.Sequence)
			}
		case err := <-p.fut.Err():
			n.logFailed(d.Name, p.shard)
			p.err = publishError(b.ctx, d.Name, p.shard, err)
		case <-b.ctx.Done():
			p.err = publishError(b.ctx, d.Name, p.shard, b.ctx.Err())
		}
		if p.err == nil {
			last[p.shard] = max(last[p.shard], p.seq)
		}
	}
	if b.wait {
		for i, seq := range last {
			if err := n.waitSearchable(b.ctx, d, i, seq); err != nil {
				b.failShard(i, err)
			}
		}
	}
	for _, p := range b.pending {
		if p.err == nil {
			b.st.Documents++
			b.st.Bytes += int64(p.bytes)
		} else if _, ok := p.err.(*index.Reject); ok {
			b.st.Rejected++
		}
		if b.onResult != nil {
			b.onResult(p.line, p.id, p.err)
		}
	}
	b.pending = b.pending[:0]
}

// failShard reports the stored writes of shard i as not yet searchable.
func (b *bulkLoad) failShard(i int, err error) {
	for k := range b.pending {
		if p := &b.pending[k]; p.err == nil && p.fut != nil && p.shard == i {
			p.err = fmt.Errorf("stored, but not searchable yet: %w", err)
		}
	}
}
