package cluster

import (
	"context"
	"slices"
	"time"

	"github.com/fahras/fahras/server"
)

// ClusterStatus reports the nodes of the registry and, for every shard of
// every index, its log's last sequence and leader and its replicas'
// applied sequence and lag.
func (n *Node) ClusterStatus(ctx context.Context) (server.ClusterStatus, error) {
	st := server.ClusterStatus{Node: n.cfg.Name, Nodes: []server.ClusterNode{}, Indexes: []server.ClusterIndex{}}
	for _, s := range n.reg.snapshot() {
		age := time.Since(s.seen)
		st.Nodes = append(st.Nodes, server.ClusterNode{Name: s.rec.Name, HTTP: s.rec.HTTP, Alive: age < aliveFor, LastSeenMS: age.Milliseconds()})
	}
	n.mu.Lock()
	defs := make([]indexDef, 0, len(n.defs))
	for _, d := range n.defs {
		defs = append(defs, d)
	}
	n.mu.Unlock()
	slices.SortFunc(defs, func(a, b indexDef) int { return cmpString(a.Name, b.Name) })
	for _, d := range defs {
		ci := server.ClusterIndex{Name: d.Name, Replicas: d.Schema.Replicas}
		for i := range d.shards() {
			ci.Shards = append(ci.Shards, n.shardStatus(ctx, d, i))
		}
		st.Indexes = append(st.Indexes, ci)
	}
	return st, nil
}

func (n *Node) shardStatus(ctx context.Context, d indexDef, i int) server.ClusterShard {
	sh := server.ClusterShard{Shard: i}
	cctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if s, err := n.js.Stream(cctx, streamName(d.Name, i)); err == nil {
		info := s.CachedInfo()
		sh.LastSeq, sh.FirstSeq = info.State.LastSeq, info.State.FirstSeq
		if info.State.Msgs == 0 {
			sh.FirstSeq = info.State.LastSeq + 1
		}
		if info.Cluster != nil {
			sh.Leader = info.Cluster.Leader
		}
	}
	if rec, _, ok, err := n.snapshotRecord(cctx, d.Name, i); err == nil && ok {
		sh.Snapshot = &server.ClusterSnapshot{Seq: rec.Seq, Node: rec.Node, Bytes: rec.Bytes, Taken: rec.Taken.Format(time.RFC3339)}
	}
	for _, node := range d.Assign[i] {
		r := server.ClusterReplica{Node: node, Alive: node == n.cfg.Name || n.reg.alive(node)}
		r.Applied = n.reg.applied(node, d.Name, i)
		if r.Alive {
			if rep, err := n.call(cctx, node, "applied", rpcRequest{Index: d.Name, Shard: i}); err == nil {
				r.Applied = rep.Seq
			}
		}
		if sh.LastSeq > r.Applied {
			r.Lag = sh.LastSeq - r.Applied
		}
		sh.Replicas = append(sh.Replicas, r)
	}
	return sh
}
