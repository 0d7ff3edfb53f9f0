package cluster

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/fahras/fahras/index"
)

// Paging of a cluster search: every replica returns the first from+size
// hits of its shards, which the coordinator merges.
const (
	defaultSize = 10
	maxWindow   = 1000
)

// search runs req on one replica of every shard in two phases (the
// statistics, then the search with their sums) and merges the hits.
func (n *Node) search(ctx context.Context, d indexDef, req index.Request) (*index.Result, error) {
	start := time.Now()
	if len(req.Sort) > 0 || len(req.SearchAfter) > 0 {
		return nil, fmt.Errorf("%w: sort and search_after are not supported on a cluster yet (docs/cluster.md)", index.ErrInvalid)
	}
	off := false
	req.Related = &off // related hits would be chosen per replica (docs/cluster.md)
	size := req.Size
	if size == 0 {
		size = defaultSize
	}
	from := req.From
	window := req
	if from >= 0 && size > 0 {
		if from+size > maxWindow {
			return nil, fmt.Errorf("%w: from+size %d: a cluster search pages within the first %d hits", index.ErrInvalid, from+size, maxWindow)
		}
		window.From, window.Size = 0, from+size
	}
	p := newPlan(n, d)
	var global *index.GlobalStats
	var dict *index.DictAnswers
	if d.shards() > 1 {
		var err error
		if dict, err = n.agreeDict(ctx, d, p, &window); err != nil {
			return nil, fmt.Errorf("search %s: %w", d.Name, err)
		}
		global = &index.GlobalStats{}
		err = p.run(ctx, func(ctx context.Context, node string, shards []int) error {
			rep, err := n.call(ctx, node, "stats", rpcRequest{Index: d.Name, Shards: shards, Req: &window, Dict: dict})
			if err != nil {
				return err
			}
			p.mu.Lock()
			defer p.mu.Unlock()
			global.Add(*rep.Stats)
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("search %s: %w", d.Name, err)
		}
	}
	var results []*index.Result
	err := p.run(ctx, func(ctx context.Context, node string, shards []int) error {
		rep, err := n.call(ctx, node, "search", rpcRequest{Index: d.Name, Shards: shards, Req: &window, Stats: global, Dict: dict})
		if err != nil {
			return err
		}
		p.mu.Lock()
		defer p.mu.Unlock()
		results = append(results, rep.Result)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("search %s: %w", d.Name, err)
	}
	if len(p.failed) == d.shards() {
		i := p.failedShards()[0]
		return nil, fmt.Errorf("%w: search %s: no replica of any shard answered: shard %d: %s", index.ErrUnavailable, d.Name, i, p.failed[i])
	}
	out := merge(results, from, size, req.Facets)
	if d.shards() > 1 {
		out.Shards = shardsStatus(d.shards(), p.failed, results)
	}
	out.TookMS = float64(time.Since(start).Microseconds()) / 1000
	return out, nil
}

// maxDictRounds bounds the rounds of dictionary questions of a search.
const maxDictRounds = 4

// agreeDict gathers the dictionary questions the query of req asks on the
// chosen replicas and their answers over every shard, round after round
// until no new question comes, so that every replica builds the query one
// index would build (index/scope_dict.go).
func (n *Node) agreeDict(ctx context.Context, d indexDef, p *plan, req *index.Request) (*index.DictAnswers, error) {
	known := &index.DictAnswers{}
	_, ask, err := n.dictRound(ctx, d, p, rpcRequest{Req: req, Dict: known})
	for r := 0; err == nil && ask.Len() > 0 && r < maxDictRounds; r++ {
		var answers *index.DictAnswers
		if answers, _, err = n.dictRound(ctx, d, p, rpcRequest{Ask: ask}); err != nil {
			break
		}
		known.Merge(*answers)
		var questions *index.DictAnswers
		if _, questions, err = n.dictRound(ctx, d, p, rpcRequest{Req: req, Dict: known}); err != nil {
			break
		}
		*ask = questions.Without(*known)
	}
	return known, err
}

// dictRound sends one "dict" call to every chosen replica: answers to
// r.Ask, or the questions of r.Req beyond r.Dict.
func (n *Node) dictRound(ctx context.Context, d indexDef, p *plan, r rpcRequest) (answers, questions *index.DictAnswers, err error) {
	answers, questions = &index.DictAnswers{}, &index.DictAnswers{}
	r.Index = d.Name
	err = p.run(ctx, func(ctx context.Context, node string, shards []int) error {
		r := r
		r.Shards = shards
		rep, err := n.call(ctx, node, "dict", r)
		if err != nil {
			return err
		}
		p.mu.Lock()
		defer p.mu.Unlock()
		if rep.Answers != nil {
			answers.Merge(*rep.Answers)
		}
		if rep.Questions != nil {
			questions.Ask(*rep.Questions)
		}
		return nil
	})
	return answers, questions, err
}

// merge joins the windows of the replicas into the page [from, from+size)
// in the default order: best score first, then id.
func merge(results []*index.Result, from, size int, facets map[string]index.FacetRequest) *index.Result {
	out := &index.Result{Hits: []index.Hit{}}
	var hits []index.Hit
	var fs []map[string]index.FacetResult
	for _, r := range results {
		out.Total += r.Total
		hits = append(hits, r.Hits...)
		if len(out.Rewrites) == 0 {
			out.Rewrites = r.Rewrites
		}
		fs = append(fs, r.Facets)
	}
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].Score != hits[j].Score {
			return hits[i].Score > hits[j].Score
		}
		return hits[i].ID < hits[j].ID
	})
	if from < len(hits) {
		out.Hits = append(out.Hits, hits[from:min(len(hits), from+size)]...)
	}
	out.Facets = mergeFacets(fs, facets)
	return out
}

// mergeFacets sums the facet counts of the replicas; term buckets are
// ordered by count, then term, and cut to the requested size.
func mergeFacets(parts []map[string]index.FacetResult, req map[string]index.FacetRequest) map[string]index.FacetResult {
	var out map[string]index.FacetResult
	for _, part := range parts {
		for name, f := range part {
			if out == nil {
				out = map[string]index.FacetResult{}
			}
			m := out[name]
			m.Field = f.Field
			m.Total += f.Total
			m.Missing += f.Missing
			m.Other += f.Other
			for _, b := range f.Buckets {
				at := slices.IndexFunc(m.Buckets, func(x index.FacetBucket) bool { return x.Term == b.Term && x.Name == b.Name })
				if at < 0 {
					m.Buckets = append(m.Buckets, b)
				} else {
					m.Buckets[at].Count += b.Count
				}
			}
			out[name] = m
		}
	}
	for name, m := range out {
		if len(req[name].Ranges) == 0 {
			sort.SliceStable(m.Buckets, func(i, j int) bool {
				if m.Buckets[i].Count != m.Buckets[j].Count {
					return m.Buckets[i].Count > m.Buckets[j].Count
				}
				return m.Buckets[i].Term < m.Buckets[j].Term
			})
			if size := req[name].Size; size > 0 && len(m.Buckets) > size {
				for _, b := range m.Buckets[size:] {
					m.Other += b.Count
				}
				m.Buckets = m.Buckets[:size]
			}
		}
		out[name] = m
	}
	return out
}

// shardsStatus says which shards answered: those with no replica left,
// and those a replica reported failed.
func shardsStatus(total int, failed map[int]string, results []*index.Result) *index.ShardsStatus {
	why := map[int]string{}
	for i, e := range failed {
		why[i] = e
	}
	for _, r := range results {
		if r.Shards != nil {
			for _, f := range r.Shards.Failures {
				why[f.Shard] = f.Error
			}
		}
	}
	st := &index.ShardsStatus{Total: total, Failed: len(why), Successful: total - len(why)}
	for i, e := range why {
		st.Failures = append(st.Failures, index.ShardFailure{Shard: i, Error: e})
	}
	sort.Slice(st.Failures, func(a, b int) bool { return st.Failures[a].Shard < st.Failures[b].Shard })
	return st
}
