package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/fahras/fahras/cluster"
	"github.com/fahras/fahras/server"
)

// clusterFlags are the flags of "fahras serve" that make it a cluster node.
type clusterFlags struct {
	node, listen, join, natsURL string
	natsLog                     bool
	snapshotEvery               time.Duration
}

func (c *clusterFlags) flags(fs *flag.FlagSet) {
	fs.StringVar(&c.node, "node", "", "run as the cluster node `name` (with -data)")
	fs.StringVar(&c.listen, "cluster-listen", "", "`address` of this node's embedded NATS cluster port")
	fs.StringVar(&c.join, "cluster-join", "", "comma-separated cluster `addresses` of every node, this one's included")
	fs.StringVar(&c.natsURL, "nats-url", "", "reach a NATS JetStream cluster run apart at `url` instead of embedding one")
	fs.BoolVar(&c.natsLog, "nats-log", false, "log the embedded NATS server's messages on stderr")
	fs.DurationVar(&c.snapshotEvery, "cluster-snapshot-every", 10*time.Minute,
		"how often the first live replica of each shard snapshots it and truncates its log (0: never)")
}

func (c *clusterFlags) on() bool {
	return c.node != "" || c.listen != "" || c.join != "" || c.natsURL != ""
}

func (c *clusterFlags) joinList() []string {
	var out []string
	for _, j := range strings.Split(c.join, ",") {
		if j = strings.TrimSpace(j); j != "" {
			out = append(out, j)
		}
	}
	return out
}

func (c *clusterFlags) check(cfg serveConfig) error {
	switch {
	case c.node == "":
		return usageError{"-cluster-listen, -cluster-join and -nats-url need -node NAME"}
	case cfg.data == "":
		return usageError{"a cluster node needs -data DIR"}
	case cfg.index != "":
		return usageError{"a cluster node serves -data, not -index"}
	case c.natsURL == "" && (c.listen == "" || len(c.joinList()) == 0):
		return usageError{"a cluster node needs -cluster-listen and -cluster-join (or -nats-url)"}
	}
	return nil
}

// serveCluster starts a cluster node and serves its indexes.
func serveCluster(ctx context.Context, e env, cfg serveConfig, logger *slog.Logger) error {
	fmt.Fprintf(e.stderr, "fahras: node %s: joining the cluster\n", cfg.cluster.node)
	node, err := cluster.Open(ctx, cluster.Config{
		Name: cfg.cluster.node, Data: cfg.data, HTTP: cfg.addr,
		Listen: cfg.cluster.listen, Join: cfg.cluster.joinList(), NATSURL: cfg.cluster.natsURL,
		Index: cfg.indexOptions(), Logger: logger, NATSLog: cfg.cluster.natsLog,
		SnapshotEvery: snapshotEvery(cfg.cluster.snapshotEvery),
	})
	if err != nil {
		return err
	}
	defer node.Close()
	opts := cfg.options(logger)
	opts.Cluster = node
	srv, err := server.New(node.Catalog(), opts)
	if err != nil {
		return err
	}
	return serveHTTP(ctx, e, cfg, srv, logger)
}

// snapshotEvery maps the flag's 0 (never) to the configuration's negative.
func snapshotEvery(d time.Duration) time.Duration {
	if d <= 0 {
		return -1
	}
	return d
}
