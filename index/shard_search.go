package index

// Searching a sharded index. searchContext opens one snapshot of every
// shard that is up, computes the global BM25 statistics from them (the
// token totals of bm25_tokens.go, summed over the shards, or the postings
// counted when those are not kept) and puts them in the search context
// with the global document frequencies (shard_idf.go). Every search of the
// request (feedback, the fast first page and its fallback) then runs on
// those shards in parallel behind a bleve IndexAlias, which merges the
// hits, sorts them, pages them and merges the facets. A shard that is down
// or whose search fails is left out and reported in Result.Shards; only
// when every shard fails does the search fail.

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/fahras/fahras/analysis"
)

type shardSearchKey struct{}

// shardSearch is one search request over the shards.
type shardSearch struct {
	total   int
	live    []bleve.Index // shards searched, named by their number
	readers []bleveindex.IndexReader

	mu     sync.Mutex
	failed map[int]string // shard → why it did not answer
}

// fail records that shard i did not answer.
func (ss *shardSearch) fail(i int, err error) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	if _, ok := ss.failed[i]; !ok {
		ss.failed[i] = err.Error()
	}
}

// status reports how the shards answered.
func (ss *shardSearch) status() *ShardsStatus {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	st := &ShardsStatus{Total: ss.total, Failed: len(ss.failed), Successful: ss.total - len(ss.failed)}
	for i, msg := range ss.failed {
		st.Failures = append(st.Failures, ShardFailure{Shard: i, Error: msg})
	}
	sort.Slice(st.Failures, func(a, b int) bool { return st.Failures[a].Shard < st.Failures[b].Shard })
	return st
}

// close releases the snapshots.
func (ss *shardSearch) close() {
	for _, r := range ss.readers {
		r.Close()
	}
	ss.readers = nil
}

// shardSearchOf returns the shard search of a context made by
// searchContext, or nil.
func shardSearchOf(ctx context.Context) *shardSearch {
	ss, _ := ctx.Value(shardSearchKey{}).(*shardSearch)
	return ss
}

// releaseShards releases the snapshots of the shard search of ctx, if any.
func releaseShards(ctx context.Context) {
	if ss := shardSearchOf(ctx); ss != nil {
		ss.close()
	}
}

// shardContext returns ctx with a shard search over the shards that are
// up and the global statistics of the fields of levels.
func (ix *Index) shardContext(ctx context.Context, levels []analysis.Level) (context.Context, error) {
	scope := scopeOf(ctx)
	ss := &shardSearch{total: len(ix.shards.all), failed: map[int]string{}}
	if scope != nil {
		ss.total = len(scope.Shards)
	}
	for i, sh := range ix.shards.all {
		if !scope.includes(i) {
			continue
		}
		if sh == nil {
			ss.fail(i, ix.shards.down[i])
			continue
		}
		r, err := plainReader(sh)
		if err != nil {
			ss.fail(i, err)
			continue
		}
		ss.live = append(ss.live, sh)
		ss.readers = append(ss.readers, r)
	}
	if len(ss.live) == 0 {
		return nil, fmt.Errorf("search %s: every shard failed: %s", ix.name, ss.status().Failures[0].Error)
	}
	var st *search.BM25Stats
	var err error
	df := &docFreqs{readers: ss.readers, seen: map[string]uint64{}}
	if scope != nil {
		st, err = ix.scopedStats(ctx, scope, ss.readers, levels)
		df = scopedDocFreqs(scope, ss.readers)
	} else {
		st, err = ix.shardBM25(ctx, ss.readers, levels)
	}
	if err != nil {
		ss.close()
		return nil, fmt.Errorf("search %s: %w", ix.name, err)
	}
	ctx = context.WithValue(ctx, docFreqsKey{}, df)
	ctx = context.WithValue(ctx, search.BM25StatsKey, st)
	return context.WithValue(ctx, shardSearchKey{}, ss), nil
}

// plainReader opens a snapshot of shard sh that counts document
// frequencies locally (counting must not recurse).
func plainReader(sh bleve.Index) (bleveindex.IndexReader, error) {
	adv, err := sh.Advanced()
	if err != nil {
		return nil, err
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, err
	}
	if r == nil {
		return nil, errors.New("the shard is closed")
	}
	if sr, ok := r.(shardReader); ok {
		return sr.IndexSnapshot, nil
	}
	return r, nil
}

// shardBM25 is bm25Stats over the snapshots of several shards.
func (ix *Index) shardBM25(ctx context.Context, readers []bleveindex.IndexReader, levels []analysis.Level) (*search.BM25Stats, error) {
	var n uint64
	for _, r := range readers {
		c, err := r.DocCount()
		if err != nil {
			return nil, fmt.Errorf("bm25 statistics: %w", err)
		}
		n += c
	}
	text, other := ix.statFields(levels)
	var st *search.BM25Stats
	if mean, ok := ix.tokenMeans(n, text); ok {
		st = &search.BM25Stats{DocCount: float64(n), FieldCardinality: make(map[string]int, len(text)+len(other)+1)}
		for _, f := range text {
			st.FieldCardinality[f] = int(math.Round(mean[f] * float64(n)))
		}
		st.FieldCardinality[unscoredField] = int(n)
	} else {
		mean, err := ix.shardMeans(ctx, readers, n, text)
		if err != nil {
			return nil, err
		}
		st = &search.BM25Stats{DocCount: float64(n), FieldCardinality: make(map[string]int, len(text)+len(other)+1)}
		for _, f := range text {
			st.FieldCardinality[f] = int(math.Round(mean[f] * float64(n)))
		}
		st.FieldCardinality[unscoredField] = int(n)
	}
	if err := addDictSizes(st, readers, other); err != nil { // not scored: dictionary sizes, summed
		return nil, err
	}
	return st, nil
}

// shardMeans returns the mean lengths of fields over n documents when the
// token totals are not kept (a shard's record did not match its documents
// at open, after a crash, or a shard is down): counted over the postings
// of the shards' snapshots and cached in ix.bm25 until the document count
// drifts, as bm25.go does for one index.
func (ix *Index) shardMeans(ctx context.Context, readers []bleveindex.IndexReader, n uint64, fields []string) (map[string]float64, error) {
	c := &ix.bm25
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.mean == nil || stale(c.docs, n) {
		c.mean, c.docs = map[string]float64{}, n
	}
	var missing []string
	for _, f := range fields {
		if _, ok := c.mean[f]; !ok {
			missing = append(missing, f)
		}
	}
	if len(missing) == 0 {
		return c.mean, nil
	}
	st, err := globalStats(ctx, readers, missing)
	if err != nil {
		return nil, err
	}
	for _, f := range missing {
		c.mean[f] = 0
		if n > 0 {
			c.mean[f] = float64(st.FieldCardinality[f]) / float64(n)
		}
	}
	return c.mean, nil
}

// searchIn runs sr on the index: on a sharded one, on its shards with the
// statistics of ctx (searchContext).
func (ix *Index) searchIn(ctx context.Context, sr *bleve.SearchRequest) (*bleve.SearchResult, error) {
	if !ix.shards.sharded() {
		return ix.bi.SearchInContext(ctx, sr)
	}
	ss := shardSearchOf(ctx)
	if ss == nil {
		var err error
		if ctx, err = ix.shardContext(ctx, []analysis.Level{analysis.Stem, analysis.Exact}); err != nil {
			return nil, err
		}
		ss = shardSearchOf(ctx)
		defer ss.close()
	}
	return ss.search(ctx, sr)
}

// search runs sr on the live shards in parallel. Shards that fail are
// recorded; the search fails only when all do, with the error of the
// first. Every shard counts up to maxFacetSize terms of a term facet, so
// that the merged counts of the requested top terms are exact unless a
// shard matches more distinct terms than that.
func (ss *shardSearch) search(ctx context.Context, sr *bleve.SearchRequest) (*bleve.SearchResult, error) {
	wide := *sr
	if len(sr.Facets) > 0 {
		wide.Facets = make(bleve.FacetsRequest, len(sr.Facets))
		for name, fr := range sr.Facets {
			w := *fr
			w.Size = max(fr.Size, maxFacetSize)
			wide.Facets[name] = &w
		}
	}
	res, err := bleve.NewIndexAlias(ss.live...).SearchInContext(ctx, &wide)
	if err != nil {
		return nil, err
	}
	for name, fr := range sr.Facets {
		res.Facets.Fixup(name, fr.Size)
	}
	if res.Status == nil || len(res.Status.Errors) == 0 {
		return res, nil
	}
	failed := make([]int, 0, len(res.Status.Errors))
	for name, e := range res.Status.Errors {
		i, _ := strconv.Atoi(name)
		ss.fail(i, e)
		failed = append(failed, i)
	}
	if len(failed) < len(ss.live) {
		return res, nil
	}
	first := slices.Min(failed)
	return nil, fmt.Errorf("shard %d: %w", first, res.Status.Errors[strconv.Itoa(first)])
}

// dicts returns the term dictionaries queries are built against: the
// index's, or the union of its shards'.
func (ix *Index) dicts() termDicts {
	if !ix.shards.sharded() {
		return ix.bi
	}
	return shardDicts(ix.shards.up())
}
