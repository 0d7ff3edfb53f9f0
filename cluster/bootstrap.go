package cluster

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/fahras/fahras/index"
	"github.com/fahras/fahras/internal/tarfs"
)

// errBehindLog says that a replica's position is below the first
// sequence its log still holds: the writes in between were truncated, and
// only a snapshot can bring it back.
var errBehindLog = errors.New("the replica is behind the start of its truncated log")

// bootShard is a shard to start from a snapshot.
type bootShard struct {
	shard int
	rec   snapRecord
	dir   string // the extracted copy
}

// toBootstrap returns the shards, of those given, that must or should
// start from their snapshot: those whose position is below the log's first
// sequence, and empty ones when a snapshot exists.
func (n *Node) toBootstrap(ctx context.Context, ix *index.Index, d indexDef, shards []int) []bootShard {
	var out []bootShard
	for _, i := range shards {
		applied, err := ix.AppliedSeq(i, seqKey)
		if err != nil {
			continue
		}
		rec, _, ok, err := n.snapshotRecord(ctx, d.Name, i)
		if err != nil {
			n.log.Warn("cannot read the snapshot catalogue", "index", d.Name, "shard", i, "error", err)
			continue
		}
		first := n.logFirst(ctx, d.Name, i)
		docs, _ := ix.ShardDocs(i)
		behind := first > applied+1
		empty := applied == 0 && docs == 0
		switch {
		case behind && (!ok || rec.Seq+1 < first):
			n.log.Error("a replica is behind its truncated log and no snapshot covers the gap", "index", d.Name, "shard", i,
				"applied", applied, "log_first", first)
		case ok && rec.Seq > applied && (behind || empty):
			out = append(out, bootShard{shard: i, rec: rec})
		}
	}
	return out
}

// logFirst returns the first sequence the log of shard i still holds (1
// for a log never truncated, 0 when it cannot be read).
func (n *Node) logFirst(ctx context.Context, name string, i int) uint64 {
	cctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	s, err := n.js.Stream(cctx, streamName(name, i))
	if err != nil {
		return 0
	}
	st := s.CachedInfo().State
	if st.Msgs == 0 {
		return st.LastSeq + 1 // everything up to the last was purged
	}
	return st.FirstSeq
}

// bootstrap downloads the snapshots of boot, stops the appliers of the
// index, puts the copies in place of its shards and reopens it. The
// caller starts the appliers again.
func (n *Node) bootstrap(ctx context.Context, d indexDef, boot []bootShard) (*index.Index, error) {
	tmp, err := os.MkdirTemp(n.tmpDir(), "restore-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	for k := range boot {
		boot[k].dir = filepath.Join(tmp, fmt.Sprint(boot[k].shard))
		if err := n.download(ctx, boot[k].rec.Object, boot[k].dir); err != nil {
			return nil, fmt.Errorf("shard %d: snapshot %s: %w", boot[k].shard, boot[k].rec.Object, err)
		}
	}
	n.stopAppliers(d.Name)
	ix, err := n.local.Reopen(d.Name, func(path string) error {
		for _, b := range boot {
			if err := index.ReplaceShard(path, b.shard, b.dir); err != nil {
				return err
			}
		}
		return nil
	})
	for _, b := range boot {
		n.log.Info("replica started from a snapshot", "index", d.Name, "shard", b.shard, "seq", b.rec.Seq, "from", b.rec.Node, "error", err)
	}
	return ix, err
}

// download extracts the snapshot object into dir.
func (n *Node) download(ctx context.Context, object, dir string) error {
	cctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	r, err := n.obj.Get(cctx, object)
	if err != nil {
		return err
	}
	defer r.Close()
	return tarfs.Extract(r, dir)
}

// stopAppliers stops the appliers of the index name on this node and
// waits for them.
func (n *Node) stopAppliers(name string) {
	n.mu.Lock()
	var stopped []*applier
	for k, a := range n.appliers {
		if a.name == name {
			a.stop()
			stopped = append(stopped, a)
			delete(n.appliers, k)
		}
	}
	n.mu.Unlock()
	for _, a := range stopped {
		<-a.done
	}
}

// rebootstrap replaces an applier that found itself behind its truncated
// log: once it has stopped, the index is opened again (openLocal), which
// starts the shard from its snapshot.
func (n *Node) rebootstrap(a *applier) {
	n.goLoop(func(ctx context.Context) {
		<-a.done
		sleep(ctx, time.Second) // no hot loop when no snapshot covers the gap
		n.mu.Lock()
		if n.appliers[appliedKey(a.name, a.shard)] == a {
			delete(n.appliers, appliedKey(a.name, a.shard))
		}
		n.mu.Unlock()
		if d, ok := n.def(a.name); ok && ctx.Err() == nil {
			if err := n.openLocal(d); err != nil {
				n.log.Error("cannot start a replica again from its snapshot", "index", a.name, "shard", a.shard, "error", err)
			}
		}
	})
}

// checkLogStart returns errBehindLog when the log no longer holds the
// message after seq.
func (a *applier) checkLogStart(ctx context.Context, seq uint64) error {
	first := a.n.logFirst(ctx, a.name, a.shard)
	if first > seq+1 {
		return fmt.Errorf("%w: applied %d, the log starts at %d", errBehindLog, seq, first)
	}
	return nil
}
