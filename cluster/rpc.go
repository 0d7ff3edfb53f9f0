package cluster

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/fahras/fahras/index"
)

// Calls between nodes are NATS requests on fahras.rpc.NODE.METHOD with a
// JSON rpcRequest; the answer is a JSON rpcReply. A node calls itself
// directly.

// rpcTimeout bounds a call without a deadline of its own.
const rpcTimeout = 10 * time.Second

type rpcRequest struct {
	Index  string             `json:"index"`
	Shards []int              `json:"shards,omitempty"`
	Shard  int                `json:"shard,omitempty"`
	ID     string             `json:"id,omitempty"`
	Req    *index.Request     `json:"req,omitempty"`
	Stats  *index.GlobalStats `json:"stats,omitempty"`
	Dict   *index.DictAnswers `json:"dict,omitempty"` // the known dictionary answers
	Ask    *index.DictAnswers `json:"ask,omitempty"`  // questions to answer
}

type rpcReply struct {
	Error  string             `json:"error,omitempty"`
	Code   string             `json:"code,omitempty"` // the sentinel of Error
	Stats  *index.GlobalStats `json:"stats,omitempty"`
	Result *index.Result      `json:"result,omitempty"`
	Doc    index.Document     `json:"doc,omitempty"`
	Seq    uint64             `json:"seq,omitempty"`
	Docs   uint64             `json:"docs,omitempty"`
	Bytes  int64              `json:"bytes,omitempty"`
	// Answers are the answers to rpcRequest.Ask, Questions the new
	// dictionary questions of the query.
	IDs       []string           `json:"ids,omitempty"`
	Answers   *index.DictAnswers `json:"answers,omitempty"`
	Questions *index.DictAnswers `json:"questions,omitempty"`
}

// sentinels are the errors that keep their meaning across a call.
var sentinels = map[string]error{
	"not_found": index.ErrNotFound, "invalid": index.ErrInvalid, "invalid_query": index.ErrInvalidQuery,
	"unavailable": index.ErrUnavailable, "disk_full": index.ErrDiskFull,
}

func replyError(err error) rpcReply {
	r := rpcReply{Error: err.Error()}
	for code, s := range sentinels {
		if errors.Is(err, s) {
			r.Code = code
		}
	}
	return r
}

func (r rpcReply) err() error {
	if r.Error == "" {
		return nil
	}
	if s, ok := sentinels[r.Code]; ok {
		return fmt.Errorf("%w: %s", s, r.Error)
	}
	return errors.New(r.Error)
}

func rpcSubject(node, method string) string { return "fahras.rpc." + node + "." + method }

// subscribeRPC serves the node's calls, each in its own goroutine (NATS
// delivers the messages of a subscription one at a time).
func (n *Node) subscribeRPC() error {
	_, err := n.nc.Subscribe(rpcSubject(n.cfg.Name, "*"), func(m *nats.Msg) {
		go func() {
			method := m.Subject[len(rpcSubject(n.cfg.Name, "")):]
			var req rpcRequest
			var rep rpcReply
			if err := json.Unmarshal(m.Data, &req); err != nil {
				rep = replyError(fmt.Errorf("%w: bad call: %v", index.ErrInvalid, err))
			} else {
				ctx, cancel := context.WithTimeout(context.Background(), rpcTimeout)
				rep = n.serve(ctx, method, req)
				cancel()
			}
			data, err := json.Marshal(rep)
			if err != nil {
				data, _ = json.Marshal(replyError(err))
			}
			m.Respond(data)
		}()
	})
	if err != nil {
		return fmt.Errorf("subscribe: %w", err)
	}
	return nil
}

// call runs method on node.
func (n *Node) call(ctx context.Context, node, method string, req rpcRequest) (rpcReply, error) {
	if node == n.cfg.Name {
		rep := n.serve(ctx, method, req)
		return rep, rep.err()
	}
	data, err := json.Marshal(req)
	if err != nil {
		return rpcReply{}, err
	}
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, rpcTimeout)
		defer cancel()
	}
	m, err := n.nc.RequestWithContext(ctx, rpcSubject(node, method), data)
	if err != nil {
		return rpcReply{}, fmt.Errorf("%w: node %s: %v", index.ErrUnavailable, node, err)
	}
	var rep rpcReply
	if err := json.Unmarshal(m.Data, &rep); err != nil {
		return rpcReply{}, fmt.Errorf("%w: node %s: bad answer: %v", index.ErrUnavailable, node, err)
	}
	return rep, rep.err()
}

// serve runs one call on this node's copy.
func (n *Node) serve(ctx context.Context, method string, req rpcRequest) rpcReply {
	ix, err := n.localIndex(req.Index)
	if err != nil {
		return replyError(err)
	}
	switch method {
	case "stats":
		return n.serveStats(ctx, ix, req)
	case "dict":
		return n.serveDict(ctx, ix, req)
	case "search":
		if req.Req == nil {
			return replyError(fmt.Errorf("%w: no request", index.ErrInvalid))
		}
		res, err := ix.Search(index.WithShardScope(ctx, &index.ShardScope{Shards: req.Shards, Stats: req.Stats, Dict: req.Dict}), *req.Req)
		if err != nil {
			return replyError(err)
		}
		return rpcReply{Result: res}
	case "ids":
		if req.Req == nil {
			return replyError(fmt.Errorf("%w: no request", index.ErrInvalid))
		}
		ids, err := ix.MatchingIDs(index.WithShardScope(ctx, &index.ShardScope{Shards: req.Shards}), *req.Req)
		if err != nil {
			return replyError(err)
		}
		return rpcReply{IDs: ids}
	case "get":
		d, err := ix.Get(ctx, req.ID)
		if err != nil {
			return replyError(err)
		}
		return rpcReply{Doc: d}
	case "applied":
		a := n.localApplier(req.Index, req.Shard)
		if a == nil {
			return replyError(fmt.Errorf("%w: node %s holds no replica of shard %d of %s", index.ErrNotFound, n.cfg.Name, req.Shard, req.Index))
		}
		return rpcReply{Seq: a.applied()}
	case "docs":
		var docs uint64
		for _, i := range req.Shards {
			c, err := ix.ShardDocs(i)
			if err != nil {
				return replyError(err)
			}
			docs += c
		}
		st, err := ix.Stats(ctx)
		if err != nil {
			return replyError(err)
		}
		return rpcReply{Docs: docs, Bytes: st.SizeBytes}
	}
	return replyError(fmt.Errorf("%w: unknown call %q", index.ErrInvalid, method))
}

// serveStats runs the first phase of a search: the statistics the search
// reads on the given shards, without highlights.
func (n *Node) serveStats(ctx context.Context, ix *index.Index, req rpcRequest) rpcReply {
	if req.Req == nil {
		return replyError(fmt.Errorf("%w: no request", index.ErrInvalid))
	}
	r := *req.Req
	r.Highlight = &index.HighlightOptions{Disabled: true}
	scope := &index.ShardScope{Shards: req.Shards, Record: true, Dict: req.Dict}
	if _, err := ix.Search(index.WithShardScope(ctx, scope), r); err != nil {
		return replyError(err)
	}
	st, ok := scope.Recorded()
	if !ok {
		return replyError(fmt.Errorf("%w: no statistics were recorded", index.ErrUnavailable))
	}
	return rpcReply{Stats: &st}
}

// serveDict answers the dictionary questions of req.Ask from the given
// shards and returns the questions the query asks beyond req.Dict.
func (n *Node) serveDict(ctx context.Context, ix *index.Index, req rpcRequest) rpcReply {
	scope := &index.ShardScope{Shards: req.Shards, Dict: req.Dict}
	sctx := index.WithShardScope(ctx, scope)
	var rep rpcReply
	if req.Ask != nil && req.Ask.Len() > 0 {
		a, err := ix.AnswerDict(sctx, *req.Ask)
		if err != nil {
			return replyError(err)
		}
		rep.Answers = &a
	}
	if req.Req == nil {
		return rep
	}
	if err := ix.BuildQuery(sctx, *req.Req); err != nil {
		return replyError(err)
	}
	q := scope.Questions()
	rep.Questions = &q
	return rep
}

// localIndex returns this node's copy of index name, opening it if the
// definition was created too recently for the watcher to have seen it.
func (n *Node) localIndex(name string) (*index.Index, error) {
	ix, err := n.local.Get(name)
	if errors.Is(err, index.ErrNotFound) {
		if _, err := (catalog{n}).Get(name); err != nil {
			return nil, err
		}
		ix, err = n.local.Get(name)
	}
	return ix, err
}
