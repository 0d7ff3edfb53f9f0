package cluster

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	natsserver "github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/fahras/fahras/index"
)

// Config configures a node.
type Config struct {
	Name string // the node's name, unique in the cluster
	Data string // its folder: nats/ (JetStream's store) and indexes/
	HTTP string // its HTTP address, reported in the registry
	// Listen is the address of the embedded NATS server's cluster port;
	// Join lists the cluster ports of every node, this one's included.
	Listen string
	Join   []string
	// NATSURL, when set, connects to a NATS cluster run apart instead of
	// embedding a server (Listen and Join are then unused).
	NATSURL string
	// LogReplicas is the number of copies of every write log and of the
	// metadata bucket (default: three, or fewer when fewer nodes join).
	LogReplicas int
	// SnapshotEvery is how often the first live replica of every shard
	// snapshots it and truncates its log (default 10 min; negative: never).
	SnapshotEvery time.Duration
	// StartTimeout bounds waiting for the other servers (default 2 min).
	StartTimeout time.Duration
	Index        index.Options // of the local indexes
	Logger       *slog.Logger
	NATSLog      bool // log the embedded server's messages to stderr
}

var nodeName = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

func (c *Config) check() error {
	switch {
	case !nodeName.MatchString(c.Name):
		return fmt.Errorf("%w: -node %q: want 1 to 64 letters, digits, '-' or '_'", index.ErrInvalid, c.Name)
	case c.Data == "":
		return fmt.Errorf("%w: a cluster node needs -data", index.ErrInvalid)
	case c.NATSURL == "" && c.Listen == "":
		return fmt.Errorf("%w: a cluster node needs -cluster-listen (or -nats-url)", index.ErrInvalid)
	case c.NATSURL == "" && !slices.Contains(c.Join, c.Listen):
		return fmt.Errorf("%w: -cluster-join %s must name this node's own -cluster-listen %s too", index.ErrInvalid, strings.Join(c.Join, ","), c.Listen)
	}
	if c.LogReplicas == 0 {
		c.LogReplicas = 3
		if c.NATSURL == "" {
			c.LogReplicas = min(3, len(c.Join))
		}
	}
	if c.SnapshotEvery == 0 {
		c.SnapshotEvery = 10 * time.Minute
	}
	if c.StartTimeout == 0 {
		c.StartTimeout = 2 * time.Minute
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return nil
}

// Node is one fahras node of a cluster.
type Node struct {
	cfg   Config
	ns    *natsserver.Server // nil with Config.NATSURL
	nc    *nats.Conn
	js    jetstream.JetStream
	kv    jetstream.KeyValue
	obj   jetstream.ObjectStore // the shards' snapshots
	local *index.Catalog
	reg   registry
	log   *slog.Logger

	openMu   sync.Mutex // serializes openLocal and dropLocal
	editMu   sync.Mutex // serializes this node's partial updates (edit.go)
	mu       sync.Mutex
	defs     map[string]indexDef
	appliers map[string]*applier  // by appliedKey
	suspect  map[string]time.Time // logs whose last write failed, by appliedKey (write.go)

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// Open starts a node and waits until the cluster's metadata is reachable.
func Open(ctx context.Context, cfg Config) (*Node, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	n := &Node{cfg: cfg, log: cfg.Logger, defs: map[string]indexDef{}, appliers: map[string]*applier{}}
	if err := n.start(ctx); err != nil {
		n.Close()
		return nil, err
	}
	return n, nil
}

func (n *Node) start(ctx context.Context) error {
	var err error
	if n.cfg.NATSURL == "" {
		if n.ns, err = startNATS(n.cfg); err != nil {
			return err
		}
	}
	if n.nc, err = connect(n.cfg, n.ns); err != nil {
		return err
	}
	if n.js, err = jetstream.New(n.nc, jetstream.WithPublishAsyncTimeout(publishTimeout), jetstream.WithPublishAsyncMaxPending(4*bulkWindow)); err != nil {
		return fmt.Errorf("jetstream: %w", err)
	}
	sctx, cancel := context.WithTimeout(ctx, n.cfg.StartTimeout)
	defer cancel()
	err = retry(sctx, "create the metadata bucket", func(ctx context.Context) error {
		n.kv, err = n.js.CreateOrUpdateKeyValue(ctx, jetstream.KeyValueConfig{
			Bucket: bucket, Replicas: n.cfg.LogReplicas, Storage: jetstream.FileStorage, History: 1,
		})
		return err
	})
	if err != nil {
		return err
	}
	err = retry(sctx, "create the snapshot bucket", func(ctx context.Context) error {
		n.obj, err = n.js.CreateOrUpdateObjectStore(ctx, jetstream.ObjectStoreConfig{
			Bucket: snapshotBucket, Replicas: n.cfg.LogReplicas, Storage: jetstream.FileStorage,
		})
		return err
	})
	if err != nil {
		return err
	}
	if n.local, err = index.OpenCatalogWith(filepath.Join(n.cfg.Data, "indexes"), n.cfg.Index); err != nil {
		return err
	}
	if err := n.subscribeRPC(); err != nil {
		return err
	}
	if err := retry(sctx, "register the node", func(ctx context.Context) error { return n.heartbeat(ctx) }); err != nil {
		return err
	}
	n.ctx, n.cancel = context.WithCancel(context.Background())
	n.goLoop(n.heartbeats)
	n.goLoop(n.maintain)
	nodes, defs := make(chan struct{}), make(chan struct{})
	n.goLoop(func(ctx context.Context) { watch(ctx, n.kv, nodePrefix+"*", n.onNode, nodes) })
	n.goLoop(func(ctx context.Context) { watch(ctx, n.kv, indexPrefix+"*", n.onDef, defs) })
	for _, ready := range []chan struct{}{nodes, defs} { // serve knowing the nodes and the indexes
		select {
		case <-ready:
		case <-sctx.Done():
			return fmt.Errorf("read the cluster's metadata: %w", sctx.Err())
		}
	}
	return nil
}

// goLoop runs fn in a goroutine until the node closes.
func (n *Node) goLoop(fn func(context.Context)) {
	n.wg.Add(1)
	go func() {
		defer n.wg.Done()
		fn(n.ctx)
	}()
}

// Close stops the appliers, the loops, the connection and the embedded
// server, and closes the local indexes.
func (n *Node) Close() error {
	if n.cancel != nil {
		n.cancel()
	}
	n.wg.Wait()
	if n.nc != nil {
		n.nc.Close()
	}
	if n.ns != nil {
		n.ns.Shutdown()
		n.ns.WaitForShutdown()
	}
	if n.local != nil {
		return n.local.Close()
	}
	return nil
}

// Name returns the node's name.
func (n *Node) Name() string { return n.cfg.Name }

// heartbeat writes the node's record.
func (n *Node) heartbeat(ctx context.Context) error {
	rec := nodeRecord{Name: n.cfg.Name, HTTP: n.cfg.HTTP, Applied: map[string]uint64{}}
	n.mu.Lock()
	for k, a := range n.appliers {
		rec.Applied[k] = a.applied()
	}
	n.mu.Unlock()
	data, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	_, err = n.kv.Put(ctx, nodePrefix+n.cfg.Name, data)
	return err
}

func (n *Node) heartbeats(ctx context.Context) {
	t := time.NewTicker(heartbeatEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			hctx, cancel := context.WithTimeout(ctx, 2*time.Second)
			if err := n.heartbeat(hctx); err != nil && ctx.Err() == nil {
				n.log.Warn("cluster heartbeat failed", "error", err)
			}
			cancel()
		}
	}
}

func (n *Node) onNode(e jetstream.KeyValueEntry) {
	if e.Operation() != jetstream.KeyValuePut {
		n.reg.remove(strings.TrimPrefix(e.Key(), nodePrefix))
		return
	}
	var rec nodeRecord
	if err := json.Unmarshal(e.Value(), &rec); err == nil {
		n.reg.update(rec)
	}
}

// onDef opens or drops the local copy of an index as its definition
// appears or goes, and starts or stops the appliers of its shards.
func (n *Node) onDef(e jetstream.KeyValueEntry) {
	name := strings.TrimPrefix(e.Key(), indexPrefix)
	if e.Operation() != jetstream.KeyValuePut {
		n.dropLocal(name)
		return
	}
	def, err := decodeDef(e.Value())
	if err != nil {
		n.log.Error("bad index definition in the cluster's metadata", "index", name, "error", err)
		return
	}
	if err := n.openLocal(def); err != nil {
		n.log.Error("cannot open the local copy of an index", "index", name, "error", err)
	}
}

// openLocal creates or opens the node's copy of def and starts an applier
// for every shard of it the node hosts.
func (n *Node) openLocal(def indexDef) error {
	if def.Analyzer != index.AnalyzerFingerprint() {
		n.log.Warn("index defined by a node whose analyzer analyzes differently", "index", def.Name)
	}
	n.openMu.Lock() // the watcher and createIndex may open the same index
	defer n.openMu.Unlock()
	ix, err := n.local.Get(def.Name)
	if errors.Is(err, index.ErrNotFound) {
		ix, err = n.local.Create(def.Name, def.localSchema())
	}
	if err != nil {
		return err
	}
	if ix.Shards() != def.shards() {
		return fmt.Errorf("the local copy has %d shards, the definition %d (a stale folder of a dropped index?)", ix.Shards(), def.shards())
	}
	n.mu.Lock()
	n.defs[def.Name] = def
	var starts []int
	for i := range def.shards() {
		if _, ok := n.appliers[appliedKey(def.Name, i)]; !ok && def.hosts(n.cfg.Name, i) {
			starts = append(starts, i)
		}
	}
	n.mu.Unlock()
	if boot := n.toBootstrap(n.ctx, ix, def, starts); len(boot) > 0 {
		if ix, err = n.bootstrap(n.ctx, def, boot); err != nil && ix == nil {
			return err
		}
		if err != nil {
			n.log.Error("cannot start replicas from their snapshots; reading their logs", "index", def.Name, "error", err)
		}
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	for i := range def.shards() {
		k := appliedKey(def.Name, i)
		if _, ok := n.appliers[k]; ok || !def.hosts(n.cfg.Name, i) {
			continue
		}
		a := newApplier(n, ix, def.Name, i)
		n.appliers[k] = a
		n.goLoop(a.run)
	}
	return nil
}

// dropLocal stops the appliers of an index and deletes the local copy.
func (n *Node) dropLocal(name string) {
	n.openMu.Lock()
	defer n.openMu.Unlock()
	n.mu.Lock()
	delete(n.defs, name)
	n.mu.Unlock()
	n.stopAppliers(name)
	if err := n.local.Drop(name); err != nil && !errors.Is(err, index.ErrNotFound) {
		n.log.Error("cannot drop the local copy of an index", "index", name, "error", err)
	}
}

// def returns the definition of index name.
func (n *Node) def(name string) (indexDef, bool) {
	n.mu.Lock()
	defer n.mu.Unlock()
	d, ok := n.defs[name]
	return d, ok
}

// localApplier returns the applier of shard i of name on this node.
func (n *Node) localApplier(name string, i int) *applier {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.appliers[appliedKey(name, i)]
}
