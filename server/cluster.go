package server

import (
	"context"
	"net/http"
	"strconv"
)

// ClusterInfo reports the state of a cluster of fahras nodes (package
// cluster) for GET /v1/cluster. Options.Cluster is nil on one machine.
type ClusterInfo interface {
	ClusterStatus(ctx context.Context) (ClusterStatus, error)
	// AddReplica makes node hold a replica of shard of the named index,
	// built from the shard's log (index.ErrNotFound, index.ErrInvalid for
	// a bad shard or node, index.ErrExists when it holds one already).
	AddReplica(ctx context.Context, name string, shard int, node string) (ClusterIndex, error)
}

// ClusterStatus is the answer of GET /v1/cluster.
type ClusterStatus struct {
	Node    string         `json:"node"` // the node that answered
	Nodes   []ClusterNode  `json:"nodes"`
	Indexes []ClusterIndex `json:"indexes"`
}

// ClusterNode is one node of the registry.
type ClusterNode struct {
	Name       string `json:"name"`
	HTTP       string `json:"http"`
	Alive      bool   `json:"alive"`
	LastSeenMS int64  `json:"last_seen_ms"` // since its last heartbeat
}

// ClusterIndex is one index of a cluster with its shards.
type ClusterIndex struct {
	Name     string         `json:"name"`
	Replicas int            `json:"replicas"`
	Shards   []ClusterShard `json:"shards"`
}

// ClusterShard is one shard: its write log and its replicas.
type ClusterShard struct {
	Shard    int              `json:"shard"`
	LastSeq  uint64           `json:"last_seq"`  // the log's last sequence
	FirstSeq uint64           `json:"first_seq"` // the first it still holds (truncation)
	Snapshot *ClusterSnapshot `json:"snapshot,omitempty"`
	Leader   string           `json:"leader,omitempty"` // the node leading the log
	Replicas []ClusterReplica `json:"replicas"`
}

// ClusterSnapshot is the latest snapshot of a shard, which a new replica
// starts from before reading the log after it.
type ClusterSnapshot struct {
	Seq   uint64 `json:"seq"`   // it holds every write up to this log sequence
	Node  string `json:"node"`  // the node that took it
	Bytes uint64 `json:"bytes"` // its size
	Taken string `json:"taken"` // when, RFC 3339
}

// ClusterReplica is one copy of a shard: the log sequence it has applied
// and how far behind the log it is.
type ClusterReplica struct {
	Node    string `json:"node"`
	Alive   bool   `json:"alive"`
	Applied uint64 `json:"applied"`
	Lag     uint64 `json:"lag"`
}

func (s *Server) handleCluster(w http.ResponseWriter, r *http.Request) {
	if s.opts.Cluster == nil {
		s.writeError(w, r, errorf(http.StatusNotFound, "not_a_cluster", "this server is one machine, not a cluster node (fahras serve -cluster-join)"))
		return
	}
	ctx, cancel := s.withTimeout(r)
	defer cancel()
	st, err := s.opts.Cluster.ClusterStatus(ctx)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, st)
}

// handleAddReplica adds a replica of a shard on a node.
func (s *Server) handleAddReplica(w http.ResponseWriter, r *http.Request) {
	var none struct{} // the route takes no body; one, if sent, must be {}
	if r.ContentLength != 0 {
		if err := decodeJSON(r, &none); err != nil && !isEmptyBody(err) {
			s.writeError(w, r, err)
			return
		}
	}
	if s.opts.Cluster == nil {
		s.writeError(w, r, errorf(http.StatusNotFound, "not_a_cluster", "this server is one machine, not a cluster node (fahras serve -cluster-join)"))
		return
	}
	shard, err := strconv.Atoi(r.PathValue("shard"))
	if err != nil || shard < 0 {
		s.writeError(w, r, badRequest("shard %q: want a shard number", r.PathValue("shard")))
		return
	}
	ctx, cancel := s.withTimeout(r)
	defer cancel()
	ix, err := s.opts.Cluster.AddReplica(ctx, r.PathValue("name"), shard, r.PathValue("node"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, ix)
}

type waitKey struct{}

// WaitSearchable reports whether the write of ctx asked, with
// ?wait=searchable, to be acknowledged only once it can be searched. On
// one machine every acknowledged write already can; a cluster waits until
// a replica of the shard has applied it.
func WaitSearchable(ctx context.Context) bool {
	v, _ := ctx.Value(waitKey{}).(bool)
	return v
}

// withWaitOr reads the wait parameter of a write request into its
// context. On a bad value it returns r itself with the error.
func withWaitOr(r *http.Request) (*http.Request, error) {
	switch v := r.URL.Query().Get("wait"); v {
	case "":
		return r, nil
	case "searchable":
		return r.WithContext(context.WithValue(r.Context(), waitKey{}, true)), nil
	default:
		return r, badRequest("wait=%q: the only value is searchable", v)
	}
}
