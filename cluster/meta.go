package cluster

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/fahras/fahras/index"
)

// bucket is the key-value bucket of the cluster's metadata.
const bucket = "fahras"

// Keys of the bucket.
const (
	indexPrefix = "indexes."
	nodePrefix  = "nodes."
)

// aliveFor is how long a node counts as alive after its last heartbeat.
const aliveFor = 10 * time.Second

// heartbeatEvery is the period of a node's heartbeat.
const heartbeatEvery = time.Second

// indexDef is the definition of an index, the value of indexes.NAME.
type indexDef struct {
	Name     string       `json:"name"`
	Schema   index.Schema `json:"schema"` // Shards ≥ 1, Replicas ≥ 1
	Analyzer string       `json:"analyzer"`
	// Assign lists the nodes holding each shard, in preference order.
	Assign [][]string `json:"assignment"`
}

// shards is the number of shards of the index.
func (d indexDef) shards() int { return len(d.Assign) }

// hosts reports whether node holds shard i.
func (d indexDef) hosts(node string, i int) bool { return slices.Contains(d.Assign[i], node) }

// localSchema is the schema of a node's local copy: every shard, one copy.
func (d indexDef) localSchema() index.Schema {
	s := d.Schema
	s.Replicas = 0
	return s
}

// streamName is the stream of shard i of index name.
func streamName(name string, i int) string { return "FAHRAS_" + name + "_" + strconv.Itoa(i) }

// subject is the subject of the writes to shard i of index name.
func subject(name string, i int) string { return "fahras.w." + name + "." + strconv.Itoa(i) }

// nodeRecord is a node's heartbeat, the value of nodes.NAME.
type nodeRecord struct {
	Name string `json:"name"`
	HTTP string `json:"http"`
	// Applied is the stream sequence applied by each replica the node
	// hosts, keyed "index/shard".
	Applied map[string]uint64 `json:"applied"`
}

func appliedKey(name string, i int) string { return name + "/" + strconv.Itoa(i) }

// registry is the nodes as the heartbeats of the bucket show them, with
// the local time each was last seen.
type registry struct {
	mu    sync.Mutex
	nodes map[string]seenNode
}

type seenNode struct {
	rec  nodeRecord
	seen time.Time
}

func (r *registry) update(rec nodeRecord) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.nodes == nil {
		r.nodes = map[string]seenNode{}
	}
	r.nodes[rec.Name] = seenNode{rec, time.Now()}
}

func (r *registry) remove(name string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.nodes, name)
}

// alive reports whether node sent a heartbeat recently.
func (r *registry) alive(node string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	n, ok := r.nodes[node]
	return ok && time.Since(n.seen) < aliveFor
}

// applied returns what node last reported as applied for shard i of name.
func (r *registry) applied(node, name string, i int) uint64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.nodes[node].rec.Applied[appliedKey(name, i)]
}

// position returns what node last reported as applied for shard i of
// name; known is false when its last heartbeat reported no such replica.
func (r *registry) position(node, name string, i int) (seq uint64, known bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	seq, known = r.nodes[node].rec.Applied[appliedKey(name, i)]
	return seq, known
}

// snapshot returns every known node, sorted by name.
func (r *registry) snapshot() []seenNode {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]seenNode, 0, len(r.nodes))
	for _, n := range r.nodes {
		out = append(out, n)
	}
	slices.SortFunc(out, func(a, b seenNode) int { return cmpString(a.rec.Name, b.rec.Name) })
	return out
}

// aliveNames returns the names of the nodes alive now, sorted.
func (r *registry) aliveNames() []string {
	var out []string
	for _, n := range r.snapshot() {
		if time.Since(n.seen) < aliveFor {
			out = append(out, n.rec.Name)
		}
	}
	return out
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// assign places replicas copies of each of shards shards on nodes,
// spreading them round-robin.
func assign(nodes []string, shards, replicas int) [][]string {
	out := make([][]string, shards)
	for i := range out {
		for k := range replicas {
			out[i] = append(out[i], nodes[(i+k)%len(nodes)])
		}
	}
	return out
}

// watch calls fn for every entry of the keys matching pattern, first the
// current ones then every change, until ctx ends; nil entries (the end of
// the initial values) are skipped. It restarts the watch after an error.
//
// ready, when not nil, is closed once the initial values were delivered.
func watch(ctx context.Context, kv jetstream.KeyValue, pattern string, fn func(jetstream.KeyValueEntry), ready chan struct{}) {
	for ctx.Err() == nil {
		w, err := kv.Watch(ctx, pattern)
		if err != nil {
			sleep(ctx, time.Second)
			continue
		}
		for e := range w.Updates() {
			if e != nil {
				fn(e)
			} else if ready != nil {
				close(ready)
				ready = nil
			}
		}
		w.Stop()
		sleep(ctx, 250*time.Millisecond)
	}
}

func sleep(ctx context.Context, d time.Duration) {
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
}

// decodeDef decodes an index definition.
func decodeDef(data []byte) (indexDef, error) {
	var d indexDef
	if err := json.Unmarshal(data, &d); err != nil {
		return d, fmt.Errorf("index definition: %w", err)
	}
	if d.shards() == 0 {
		return d, errors.New("index definition: no shards")
	}
	return d, nil
}
