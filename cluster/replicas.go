package cluster

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/fahras/fahras/index"
	"github.com/fahras/fahras/server"
)

// AddReplica makes node hold a replica of shard i of index name: the
// definition's assignment is changed by compare-and-set on its revision
// (retried when another change came first); the node starts the replica
// from the shard's snapshot, or from the whole log when there is none.
func (n *Node) AddReplica(ctx context.Context, name string, i int, node string) (server.ClusterIndex, error) {
	if !n.reg.alive(node) {
		return server.ClusterIndex{}, fmt.Errorf("%w: node %q is not alive in the cluster", index.ErrInvalid, node)
	}
	for try := 0; ; try++ {
		e, err := n.kv.Get(ctx, indexPrefix+name)
		if errors.Is(err, jetstream.ErrKeyNotFound) {
			return server.ClusterIndex{}, fmt.Errorf("index %q: %w", name, index.ErrNotFound)
		}
		if err != nil {
			return server.ClusterIndex{}, fmt.Errorf("%w: index %q: %v", index.ErrUnavailable, name, err)
		}
		d, err := decodeDef(e.Value())
		if err != nil {
			return server.ClusterIndex{}, err
		}
		if i < 0 || i >= d.shards() {
			return server.ClusterIndex{}, fmt.Errorf("%w: shard %d: index %q has shards 0 to %d", index.ErrInvalid, i, name, d.shards()-1)
		}
		if d.hosts(node, i) {
			return server.ClusterIndex{}, fmt.Errorf("%w: node %q already holds a replica of shard %d of %q", index.ErrExists, node, i, name)
		}
		d.Assign[i] = append(slices.Clone(d.Assign[i]), node)
		data, err := json.Marshal(d)
		if err != nil {
			return server.ClusterIndex{}, err
		}
		_, err = n.kv.Update(ctx, indexPrefix+name, data, e.Revision())
		if err == nil {
			if err := n.openLocal(d); err != nil {
				return server.ClusterIndex{}, err
			}
			st, err := n.ClusterStatus(ctx)
			for _, ix := range st.Indexes {
				if ix.Name == name {
					return ix, err
				}
			}
			return server.ClusterIndex{Name: name}, err
		}
		if try == 5 || ctx.Err() != nil {
			return server.ClusterIndex{}, fmt.Errorf("%w: change the assignment of %q: %v", index.ErrUnavailable, name, err)
		}
	}
}
