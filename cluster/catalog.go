package cluster

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/fahras/fahras/index"
	"github.com/fahras/fahras/server"
)

// dupWindow is how long the write logs remember message ids: a write
// retried within it is stored once.
const dupWindow = 2 * time.Minute

// defaultReplicas is the replica count of an index whose schema names none.
const defaultReplicas = 2

// Catalog returns the cluster's indexes as the HTTP server serves them.
func (n *Node) Catalog() server.Catalog { return catalog{n} }

type catalog struct{ n *Node }

func (c catalog) List() []server.Index {
	c.n.mu.Lock()
	names := make([]string, 0, len(c.n.defs))
	for name := range c.n.defs {
		names = append(names, name)
	}
	c.n.mu.Unlock()
	slices.Sort(names)
	out := make([]server.Index, 0, len(names))
	for _, name := range names {
		if ix, err := c.Get(name); err == nil {
			out = append(out, ix)
		}
	}
	return out
}

// Get returns the named index. A definition this node has not seen yet
// (just created on another node) is read from the bucket.
func (c catalog) Get(name string) (server.Index, error) {
	if d, ok := c.n.def(name); ok {
		return &clusterIndex{n: c.n, def: d}, nil
	}
	if index.ValidateName(name) != nil {
		return nil, fmt.Errorf("index %q: %w", name, index.ErrNotFound)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	e, err := c.n.kv.Get(ctx, indexPrefix+name)
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return nil, fmt.Errorf("index %q: %w", name, index.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: index %q: the cluster's metadata: %v", index.ErrUnavailable, name, err)
	}
	d, err := decodeDef(e.Value())
	if err != nil {
		return nil, err
	}
	if err := c.n.openLocal(d); err != nil {
		return nil, err
	}
	return &clusterIndex{n: c.n, def: d}, nil
}

func (c catalog) Create(name string, s index.Schema) (server.Index, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	d, err := c.n.createIndex(ctx, name, s)
	if err != nil {
		return nil, err
	}
	return &clusterIndex{n: c.n, def: d}, nil
}

func (c catalog) Drop(name string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return c.n.dropIndex(ctx, name)
}

// createIndex defines an index: its streams, then its definition, created
// only if no other node defined it first.
func (n *Node) createIndex(ctx context.Context, name string, s index.Schema) (indexDef, error) {
	if err := index.ValidateName(name); err != nil {
		return indexDef{}, err
	}
	check := s
	check.Replicas = 0
	if err := check.Validate(); err != nil {
		return indexDef{}, err
	}
	alive := n.reg.aliveNames()
	if !slices.Contains(alive, n.cfg.Name) {
		alive = append(alive, n.cfg.Name)
		slices.Sort(alive)
	}
	s.Shards = max(s.Shards, 1)
	if s.Replicas == 0 {
		s.Replicas = min(defaultReplicas, len(alive))
	}
	if s.Replicas > len(alive) {
		return indexDef{}, fmt.Errorf("%w: schema: replicas %d, but %d nodes are alive", index.ErrInvalid, s.Replicas, len(alive))
	}
	for i := range s.Shards {
		_, err := n.js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
			Name: streamName(name, i), Subjects: []string{subject(name, i) + ".>"},
			Replicas: n.cfg.LogReplicas, Storage: jetstream.FileStorage, Duplicates: dupWindow,
		})
		if err != nil {
			return indexDef{}, fmt.Errorf("%w: create the write log of shard %d: %v", index.ErrUnavailable, i, err)
		}
	}
	d := indexDef{Name: name, Schema: s, Analyzer: index.AnalyzerFingerprint(), Assign: assign(alive, s.Shards, s.Replicas)}
	data, err := json.Marshal(d)
	if err != nil {
		return indexDef{}, err
	}
	if _, err := n.kv.Create(ctx, indexPrefix+name, data); errors.Is(err, jetstream.ErrKeyExists) {
		return indexDef{}, fmt.Errorf("%w: index %q", index.ErrExists, name)
	} else if err != nil {
		return indexDef{}, fmt.Errorf("%w: define index %q: %v", index.ErrUnavailable, name, err)
	}
	if err := n.openLocal(d); err != nil {
		return indexDef{}, err
	}
	return d, nil
}

// dropIndex removes an index's definition, its streams and this node's
// copy; the other nodes drop theirs when they see the definition go.
func (n *Node) dropIndex(ctx context.Context, name string) error {
	e, err := n.kv.Get(ctx, indexPrefix+name)
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return fmt.Errorf("index %q: %w", name, index.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("%w: index %q: %v", index.ErrUnavailable, name, err)
	}
	d, err := decodeDef(e.Value())
	if err != nil {
		return err
	}
	if err := n.kv.Delete(ctx, indexPrefix+name, jetstream.LastRevision(e.Revision())); err != nil {
		return fmt.Errorf("%w: drop index %q: %v", index.ErrUnavailable, name, err)
	}
	for i := range d.shards() {
		if err := n.js.DeleteStream(ctx, streamName(name, i)); err != nil && !errors.Is(err, jetstream.ErrStreamNotFound) {
			n.log.Warn("cannot delete the write log of a dropped index", "index", name, "shard", i, "error", err)
		}
	}
	n.dropSnapshots(ctx, d)
	n.dropLocal(name)
	return nil
}
