package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/fahras/fahras/client"
)

const clusterUsage = `Usage: fahras cluster status [-addr 127.0.0.1:8080] [-api-key KEY] [-json]
       fahras cluster add-replica [-addr ...] -index NAME -shard N -node NODE

status asks a cluster node (fahras serve -node ...) for the state of the
cluster: its nodes, and for every shard of every index its write log's
last sequence and leader and each replica's applied sequence and lag.

add-replica makes NODE (a node that joined later, say) hold a replica of
shard N of index NAME; the node builds it from the shard's write log.

Flags:
`

// runCluster is "fahras cluster".
func runCluster(ctx context.Context, e env, args []string) error {
	if len(args) == 0 || (args[0] != "status" && args[0] != "add-replica") {
		fmt.Fprint(e.stderr, clusterUsage)
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
			return flag.ErrHelp
		}
		return usageError{"want: fahras cluster status | add-replica"}
	}
	fs := flag.NewFlagSet("cluster "+args[0], flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "`address` of a node's HTTP API")
	key := fs.String("api-key", "", "API `key` (default $FAHRAS_API_KEY)")
	asJSON := fs.Bool("json", false, "print the API's JSON")
	name := fs.String("index", "", "add-replica: the `index`")
	shard := fs.Int("shard", -1, "add-replica: the shard `number`")
	node := fs.String("node", "", "add-replica: the `node` to hold the replica")
	fs.Usage = func() { fmt.Fprint(e.stderr, clusterUsage); fs.PrintDefaults() }
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	base := *addr
	if !strings.Contains(base, "://") {
		base = "http://" + base
	}
	c := client.New(base)
	if c.APIKey = *key; c.APIKey == "" {
		c.APIKey = os.Getenv("FAHRAS_API_KEY")
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	var out any
	if args[0] == "add-replica" {
		if *name == "" || *shard < 0 || *node == "" {
			return usageError{"add-replica needs -index, -shard and -node"}
		}
		if _, err := c.AddReplica(ctx, *name, *shard, *node); err != nil {
			return err
		}
		fmt.Fprintf(e.stderr, "fahras: node %s now holds a replica of shard %d of %s; it builds it from the log\n", *node, *shard, *name)
	}
	st, err := c.ClusterStatus(ctx)
	if err != nil {
		return err
	}
	if out = st; *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	printClusterStatus(e, st)
	return nil
}

func printClusterStatus(e env, st *client.ClusterStatus) {
	w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(w, "node\thttp\talive\tlast seen\n")
	for _, n := range st.Nodes {
		fmt.Fprintf(w, "%s\t%s\t%v\t%dms ago\n", n.Name, n.HTTP, n.Alive, n.LastSeenMS)
	}
	w.Flush()
	for _, ix := range st.Indexes {
		fmt.Fprintf(e.stdout, "\nindex %s (%d shards, %d replicas)\n", ix.Name, len(ix.Shards), ix.Replicas)
		w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintf(w, "shard\tlog\tleader\tsnapshot\treplica\talive\tapplied\tlag\n")
		for _, sh := range ix.Shards {
			snap := "none"
			if sh.Snapshot != nil {
				snap = fmt.Sprintf("%d (%s, %d KB)", sh.Snapshot.Seq, sh.Snapshot.Node, sh.Snapshot.Bytes>>10)
			}
			for _, r := range sh.Replicas {
				fmt.Fprintf(w, "%d\t%d–%d\t%s\t%s\t%s\t%v\t%d\t%d\n", sh.Shard, sh.FirstSeq, sh.LastSeq, sh.Leader, snap, r.Node, r.Alive, r.Applied, r.Lag)
			}
		}
		w.Flush()
	}
}
