package cluster

import (
	"context"
	"fmt"
	"strings"

	"github.com/fahras/fahras/index"
	"github.com/fahras/fahras/server"
)

// Update merges patch into document id (a null removes a field) and
// writes the result through the log. Unlike on one machine, two updates
// of the same document on two nodes at once are not serialized: the last
// write wins whole (docs/cluster.md).
func (c *clusterIndex) Update(ctx context.Context, id string, patch index.Document) (index.Document, error) {
	if v, ok := patch[index.IDName]; ok && v != nil && fmt.Sprint(v) != id {
		return nil, fmt.Errorf("update %q: %w: field %q is %v: the id of a document cannot change", id, index.ErrInvalid, index.IDName, v)
	}
	c.n.editMu.Lock()
	defer c.n.editMu.Unlock()
	doc, err := c.Get(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("update: %w", err)
	}
	for k, v := range patch {
		if v == nil {
			delete(doc, k)
		} else {
			doc[k] = v
		}
	}
	doc[index.IDName] = id
	if _, err := c.Put(ctx, doc); err != nil {
		return nil, fmt.Errorf("update: %w", err)
	}
	return doc, nil
}

// DeleteByQuery finds the matches of req on one replica of every shard
// and deletes them through the logs. It fails when a shard has no replica
// that answers, having deleted nothing.
func (c *clusterIndex) DeleteByQuery(ctx context.Context, req index.Request) (int, error) {
	if strings.TrimSpace(req.Query) == "" && len(req.Filters) == 0 {
		return 0, fmt.Errorf("delete by query: %w: give a query or a filter (to delete every document, drop the index)", index.ErrInvalid)
	}
	p := newPlan(c.n, c.def)
	var ids []string
	err := p.run(ctx, func(ctx context.Context, node string, shards []int) error {
		rep, err := c.n.call(ctx, node, "ids", rpcRequest{Index: c.def.Name, Shards: shards, Req: &req})
		if err != nil {
			return err
		}
		p.mu.Lock()
		defer p.mu.Unlock()
		ids = append(ids, rep.IDs...)
		return nil
	})
	if err == nil && len(p.failed) > 0 {
		i := p.failedShards()[0]
		err = fmt.Errorf("%w: shard %d: %s", index.ErrUnavailable, i, p.failed[i])
	}
	if err != nil {
		return 0, fmt.Errorf("delete by query: %w", err)
	}
	last := map[int]uint64{}
	for n, id := range ids {
		i, seq, err := c.n.publish(ctx, c.def, index.ShardOp{ID: id}, nil)
		if err != nil {
			return n, fmt.Errorf("delete by query: %w", err)
		}
		last[i] = max(last[i], seq)
	}
	if server.WaitSearchable(ctx) {
		for i, seq := range last {
			if err := c.n.waitSearchable(ctx, c.def, i, seq); err != nil {
				return len(ids), err
			}
		}
	}
	return len(ids), nil
}
