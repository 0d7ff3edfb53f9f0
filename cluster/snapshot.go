package cluster

// Snapshots and log truncation. Every SnapshotEvery, the first live
// replica of a shard (in the definition's order) copies its shard
// (index.CopyShard), puts the copy in the object store bucket
// fahras-snapshots, records it under snapshots.NAME.SHARD in the metadata
// bucket, and purges the shard's log below the lowest sequence applied by
// every replica and the snapshot's. A replica that starts empty, or whose
// position is below the log's first sequence, starts from the snapshot
// (bootstrap.go) and then reads the log after it.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/fahras/fahras/internal/tarfs"
)

// snapshotBucket is the object store of the shard copies.
const snapshotBucket = "fahras-snapshots"

// snapshotPrefix prefixes the catalogue's keys in the metadata bucket.
const snapshotPrefix = "snapshots."

// snapRecord is the value of snapshots.NAME.SHARD: the latest copy of a
// shard and the log sequence it holds every write up to.
type snapRecord struct {
	Object string    `json:"object"`
	Seq    uint64    `json:"seq"`
	Node   string    `json:"node"`
	Bytes  uint64    `json:"bytes"`
	Taken  time.Time `json:"taken"`
}

func snapshotKey(name string, i int) string { return snapshotPrefix + name + "." + strconv.Itoa(i) }

// snapshotRecord returns the catalogue's record of shard i of name; ok is
// false when there is none.
func (n *Node) snapshotRecord(ctx context.Context, name string, i int) (rec snapRecord, rev uint64, ok bool, err error) {
	e, err := n.kv.Get(ctx, snapshotKey(name, i))
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return rec, 0, false, nil
	}
	if err != nil {
		return rec, 0, false, err
	}
	if err := json.Unmarshal(e.Value(), &rec); err != nil {
		return rec, 0, false, fmt.Errorf("snapshot record %s: %w", e.Key(), err)
	}
	return rec, e.Revision(), true, nil
}

// maintain takes snapshots and truncates logs every SnapshotEvery.
func (n *Node) maintain(ctx context.Context) {
	if n.cfg.SnapshotEvery <= 0 {
		return
	}
	t := time.NewTicker(n.cfg.SnapshotEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		for _, d := range n.defList() {
			for i := range d.shards() {
				if n.snapshotTaker(d, i) != n.cfg.Name {
					continue
				}
				if err := n.snapshotAndTruncate(ctx, d, i); err != nil && ctx.Err() == nil {
					n.log.Warn("snapshot of a shard failed", "index", d.Name, "shard", i, "error", err)
				}
			}
		}
	}
}

// defList returns the definitions the node knows.
func (n *Node) defList() []indexDef {
	n.mu.Lock()
	defer n.mu.Unlock()
	out := make([]indexDef, 0, len(n.defs))
	for _, d := range n.defs {
		out = append(out, d)
	}
	return out
}

// snapshotTaker is the replica of shard i that takes its snapshots: the
// first of the assignment that is alive (this node counts as alive).
func (n *Node) snapshotTaker(d indexDef, i int) string {
	for _, node := range d.Assign[i] {
		if node == n.cfg.Name || n.reg.alive(node) {
			return node
		}
	}
	return ""
}

// snapshotAndTruncate snapshots this node's replica of shard i when it
// moved since the last snapshot, then truncates the shard's log.
func (n *Node) snapshotAndTruncate(ctx context.Context, d indexDef, i int) error {
	a := n.localApplier(d.Name, i)
	if a == nil || !a.caughtUp() {
		return nil // not built yet
	}
	rec, rev, ok, err := n.snapshotRecord(ctx, d.Name, i)
	if err != nil {
		return err
	}
	if !ok || a.applied() > rec.Seq {
		if rec, err = n.takeSnapshot(ctx, a, rec, rev, ok); err != nil {
			return err
		}
	}
	return n.truncate(ctx, d, i, rec)
}

// takeSnapshot copies the applier's shard into the object store and
// records it by compare-and-set (prev and rev, ok: the record it
// replaces), then deletes the copy it replaced.
func (n *Node) takeSnapshot(ctx context.Context, a *applier, prev snapRecord, rev uint64, ok bool) (snapRecord, error) {
	tmp, err := os.MkdirTemp(n.tmpDir(), "snapshot-")
	if err != nil {
		return snapRecord{}, err
	}
	defer os.RemoveAll(tmp)
	dir := filepath.Join(tmp, "shard")
	seq, err := a.ix.CopyShard(a.shard, dir, seqKey)
	if err != nil {
		return snapRecord{}, err
	}
	if ok && seq <= prev.Seq {
		return prev, nil
	}
	rec := snapRecord{Object: fmt.Sprintf("%s/%d/%d", a.name, a.shard, seq), Seq: seq, Node: n.cfg.Name, Taken: time.Now().UTC()}
	pr, pw := io.Pipe()
	go func() { pw.CloseWithError(tarfs.Write(pw, dir)) }()
	info, err := n.obj.Put(ctx, jetstream.ObjectMeta{Name: rec.Object}, pr)
	pr.CloseWithError(err)
	if err != nil {
		return snapRecord{}, fmt.Errorf("store the snapshot: %w", err)
	}
	rec.Bytes = info.Size
	data, err := json.Marshal(rec)
	if err != nil {
		return snapRecord{}, err
	}
	if ok {
		_, err = n.kv.Update(ctx, snapshotKey(a.name, a.shard), data, rev)
	} else {
		_, err = n.kv.Create(ctx, snapshotKey(a.name, a.shard), data)
	}
	if err != nil {
		n.obj.Delete(ctx, rec.Object)
		return snapRecord{}, fmt.Errorf("record the snapshot: %w", err)
	}
	if ok && prev.Object != rec.Object {
		if err := n.obj.Delete(ctx, prev.Object); err != nil && !errors.Is(err, jetstream.ErrObjectNotFound) {
			n.log.Warn("cannot delete a replaced snapshot", "object", prev.Object, "error", err)
		}
	}
	n.log.Info("snapshot taken", "index", a.name, "shard", a.shard, "seq", seq, "bytes", rec.Bytes)
	return rec, nil
}

// truncate purges the log of shard i below the lowest sequence that a
// replica of it, or a replica started from the snapshot rec, still needs.
// A replica the registry has no position for keeps the whole log.
func (n *Node) truncate(ctx context.Context, d indexDef, i int, rec snapRecord) error {
	keep := rec.Seq + 1
	for _, node := range d.Assign[i] {
		applied, known := n.reg.position(node, d.Name, i)
		if node == n.cfg.Name {
			if a := n.localApplier(d.Name, i); a != nil {
				applied, known = a.applied(), true
			}
		}
		if !known {
			return nil
		}
		keep = min(keep, applied+1)
	}
	s, err := n.js.Stream(ctx, streamName(d.Name, i))
	if err != nil {
		return err
	}
	if s.CachedInfo().State.FirstSeq >= keep {
		return nil
	}
	if err := s.Purge(ctx, jetstream.WithPurgeSequence(keep)); err != nil {
		return fmt.Errorf("truncate the log below %d: %w", keep, err)
	}
	n.log.Info("log truncated", "index", d.Name, "shard", i, "below", keep)
	return nil
}

// tmpDir is the node's folder for copies in transit, on the same file
// system as its indexes (a restored copy is moved into place).
func (n *Node) tmpDir() string {
	dir := filepath.Join(n.cfg.Data, "tmp")
	os.MkdirAll(dir, 0o755)
	return dir
}

// dropSnapshots deletes the snapshots of a dropped index.
func (n *Node) dropSnapshots(ctx context.Context, d indexDef) {
	for i := range d.shards() {
		rec, _, ok, err := n.snapshotRecord(ctx, d.Name, i)
		if err != nil || !ok {
			continue
		}
		n.kv.Delete(ctx, snapshotKey(d.Name, i))
		if err := n.obj.Delete(ctx, rec.Object); err != nil && !errors.Is(err, jetstream.ErrObjectNotFound) {
			n.log.Warn("cannot delete the snapshot of a dropped index", "object", rec.Object, "error", err)
		}
	}
}
