package cluster

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/fahras/fahras/index"
	"github.com/fahras/fahras/server"
)

// clusterIndex is one index of the cluster as the server uses it.
type clusterIndex struct {
	n   *Node
	def indexDef
}

func (c *clusterIndex) Name() string { return c.def.Name }

// local returns this node's copy, which validates documents.
func (c *clusterIndex) local() (*index.Index, error) { return c.n.local.Get(c.def.Name) }

// Schema is the local copy's schema (with the fields discovered here) and
// the cluster's shard and replica counts.
func (c *clusterIndex) Schema() index.Schema {
	s := c.def.Schema
	if ix, err := c.local(); err == nil {
		s = ix.Schema()
	}
	s.Shards, s.Replicas = c.def.shards(), c.def.Schema.Replicas
	return s
}

// replicaOrder lists the nodes holding shard i in the order a read tries
// them: this node when its copy is caught up with the log, then the live
// ones that applied the most, then the others.
func (n *Node) replicaOrder(d indexDef, i int) []string {
	nodes := slices.Clone(d.Assign[i])
	local := n.localApplier(d.Name, i)
	rank := func(node string) int {
		switch {
		case node == n.cfg.Name && local != nil && local.caughtUp():
			return 0
		case node == n.cfg.Name:
			return 1
		case n.reg.alive(node):
			return 1
		}
		return 2
	}
	slices.SortStableFunc(nodes, func(a, b string) int {
		if ra, rb := rank(a), rank(b); ra != rb {
			return ra - rb
		}
		pa, pb := n.reg.applied(a, d.Name, i), n.reg.applied(b, d.Name, i)
		switch {
		case pa > pb:
			return -1
		case pa < pb:
			return 1
		}
		return 0
	})
	return nodes
}

func (c *clusterIndex) Stats(ctx context.Context) (index.Stats, error) {
	st := index.Stats{Name: c.def.Name, Shards: c.def.shards()}
	p := newPlan(c.n, c.def)
	sizes := map[string]int64{}
	err := p.run(ctx, func(ctx context.Context, node string, shards []int) error {
		rep, err := c.n.call(ctx, node, "docs", rpcRequest{Index: c.def.Name, Shards: shards})
		if err != nil {
			return err
		}
		p.mu.Lock()
		st.Documents += rep.Docs
		sizes[node] = rep.Bytes
		p.mu.Unlock()
		return nil
	})
	for _, b := range sizes {
		st.SizeBytes += b
	}
	if err == nil && len(p.failed) > 0 {
		err = fmt.Errorf("%w: index %s: shard %d: %s", index.ErrUnavailable, c.def.Name, p.failedShards()[0], p.failed[p.failedShards()[0]])
	}
	return st, err
}

func (c *clusterIndex) Get(ctx context.Context, id string) (index.Document, error) {
	i := index.ShardOf(id, c.def.shards())
	var last error
	for _, node := range c.n.replicaOrder(c.def, i) {
		rep, err := c.n.call(ctx, node, "get", rpcRequest{Index: c.def.Name, ID: id})
		if err == nil {
			return rep.Doc, nil
		}
		if !errors.Is(err, index.ErrUnavailable) {
			return nil, err
		}
		last = err
	}
	return nil, fmt.Errorf("get %q: %w", id, last)
}

func (c *clusterIndex) Put(ctx context.Context, doc index.Document) (string, error) {
	ix, err := c.local()
	if err != nil {
		return "", err
	}
	id, err := ix.Validate(doc)
	if err != nil {
		return "", err
	}
	body, err := json.Marshal(doc)
	if err != nil {
		return "", fmt.Errorf("%w: %v", index.ErrInvalid, err)
	}
	i, seq, err := c.n.publish(ctx, c.def, index.ShardOp{ID: id, Doc: doc}, body)
	if err != nil {
		return "", err
	}
	if server.WaitSearchable(ctx) {
		if err := c.n.waitSearchable(ctx, c.def, i, seq); err != nil {
			return "", err
		}
	}
	return id, nil
}

func (c *clusterIndex) Delete(ctx context.Context, id string) error {
	if _, err := c.Get(ctx, id); errors.Is(err, index.ErrNotFound) {
		return fmt.Errorf("delete %q: %w", id, index.ErrNotFound)
	} else if err != nil {
		return fmt.Errorf("delete %q: %w", id, err)
	}
	i, seq, err := c.n.publish(ctx, c.def, index.ShardOp{ID: id}, nil)
	if err != nil {
		return err
	}
	if server.WaitSearchable(ctx) {
		return c.n.waitSearchable(ctx, c.def, i, seq)
	}
	return nil
}

func (c *clusterIndex) Search(ctx context.Context, req index.Request) (*index.Result, error) {
	return c.n.search(ctx, c.def, req)
}

// Compact compacts this node's copy.
func (c *clusterIndex) Compact(ctx context.Context) error {
	ix, err := c.local()
	if err != nil {
		return err
	}
	return ix.Compact(ctx)
}

// bulkWindow is the number of writes of a bulk load published before their
// acknowledgements are awaited.
const bulkWindow = 1024

// BulkNDJSON validates every line here and publishes the good ones; each
// line is reported once its log acknowledged it (or, with
// ?wait=searchable, once a replica applied it).
func (c *clusterIndex) BulkNDJSON(ctx context.Context, r io.Reader, name string, opts index.BulkOptions,
	onResult func(line int, id string, err error)) (index.BulkStats, error) {
	start := time.Now()
	var st index.BulkStats
	ix, err := c.local()
	if err != nil {
		return st, err
	}
	maxDoc := opts.MaxDocBytes
	if maxDoc <= 0 {
		maxDoc = 1 << 20
	}
	b := &bulkLoad{c: c, ctx: ctx, onResult: onResult, st: &st, wait: server.WaitSearchable(ctx)}
	err = index.ReadJSONL(r, maxDoc, func(line int, doc index.Document, derr error) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if derr == nil {
			b.add(ix, line, doc)
		} else {
			b.reject(name, line, "", derr)
		}
		if len(b.pending) >= bulkWindow {
			b.flush()
		}
		return nil
	})
	b.flush()
	st.Elapsed = time.Since(start)
	return st, err
}
