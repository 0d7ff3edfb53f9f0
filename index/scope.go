package index

// Searching some shards of an index with statistics from elsewhere. A
// cluster (package cluster) keeps the shards of one index on several
// machines; each machine holds a local sharded index of which only the
// shards it hosts have documents. A search spread over the machines runs in
// two phases, both through Index.Search with a *ShardScope in the context:
//
//  1. every machine searches the shards chosen on it with Scope.Record set:
//     the search records the statistics it used (document count, total
//     tokens of every text field, the document frequency of every term it
//     read), which the coordinator sums into global statistics;
//  2. every machine searches the same shards again with Scope.Stats set to
//     the sums: BM25 then sees the document count, field lengths and
//     document frequencies of the whole collection, so scores equal those
//     of one index holding every document, and the coordinator merges the
//     hits by score.
//
// A scope on an unsharded index is ignored (its one shard is the index).

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/blevesearch/bleve/v2/search"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/fahras/fahras/analysis"
)

// ShardScope restricts a search of a sharded index to some of its shards.
type ShardScope struct {
	// Shards are the shards searched; the others are neither searched nor
	// reported as failed.
	Shards []int
	// Stats, when set, replaces the statistics of the searched shards.
	Stats *GlobalStats
	// Record, when true, keeps the statistics the search used (Recorded).
	Record bool
	// Dict answers the dictionary questions of query building
	// (scope_dict.go); the others are answered by the searched shards and
	// recorded (Questions).
	Dict *DictAnswers

	recorded *GlobalStats
	df       *docFreqs
	log      *dictLog
}

// GlobalStats are the BM25 inputs of a set of shards.
type GlobalStats struct {
	DocCount uint64 `json:"doc_count"`
	// Fields is every field's FieldCardinality as BM25 reads it: the total
	// tokens of a text representation, the dictionary size of the others.
	Fields   map[string]int `json:"fields"`
	DocFreqs []TermCount    `json:"doc_freqs,omitempty"`
}

// TermCount is the number of documents holding Term in Field.
type TermCount struct {
	Field string `json:"f"`
	Term  []byte `json:"t"`
	Docs  uint64 `json:"n"`
}

// Add adds the statistics of other shards to g.
func (g *GlobalStats) Add(o GlobalStats) {
	g.DocCount += o.DocCount
	if g.Fields == nil {
		g.Fields = map[string]int{}
	}
	for f, n := range o.Fields {
		g.Fields[f] += n
	}
	at := make(map[string]int, len(g.DocFreqs))
	for i, tc := range g.DocFreqs {
		at[tc.Field+"\x00"+string(tc.Term)] = i
	}
	for _, tc := range o.DocFreqs {
		if i, ok := at[tc.Field+"\x00"+string(tc.Term)]; ok {
			g.DocFreqs[i].Docs += tc.Docs
			continue
		}
		at[tc.Field+"\x00"+string(tc.Term)] = len(g.DocFreqs)
		g.DocFreqs = append(g.DocFreqs, tc)
	}
}

// WithShardScope returns ctx with scope, read by Index.Search.
func WithShardScope(ctx context.Context, scope *ShardScope) context.Context {
	return context.WithValue(ctx, shardScopeKey{}, scope)
}

type shardScopeKey struct{}

func scopeOf(ctx context.Context) *ShardScope {
	s, _ := ctx.Value(shardScopeKey{}).(*ShardScope)
	return s
}

// includes reports whether shard i is searched.
func (s *ShardScope) includes(i int) bool { return s == nil || slices.Contains(s.Shards, i) }

// Recorded returns the statistics a search with Record used, or false when
// none was recorded (an unsharded index, or a search that failed early).
func (s *ShardScope) Recorded() (GlobalStats, bool) {
	if s.recorded == nil || s.df == nil {
		return GlobalStats{}, false
	}
	out := *s.recorded
	s.df.mu.Lock()
	defer s.df.mu.Unlock()
	for key, n := range s.df.seen {
		f, t, _ := cutKey(key)
		out.DocFreqs = append(out.DocFreqs, TermCount{Field: f, Term: []byte(t), Docs: n})
	}
	return out, true
}

func cutKey(key string) (field, term string, ok bool) {
	for i := 0; i < len(key); i++ {
		if key[i] == 0 {
			return key[:i], key[i+1:], true
		}
	}
	return key, "", false
}

// scopedStats returns the BM25 statistics of a scoped search: the given
// ones, or those of readers (counted over their postings, since the kept
// token totals are those of every local shard), recorded when asked.
func (ix *Index) scopedStats(ctx context.Context, s *ShardScope, readers []bleveindex.IndexReader, levels []analysis.Level) (*search.BM25Stats, error) {
	if s.Stats != nil {
		st := &search.BM25Stats{DocCount: float64(s.Stats.DocCount), FieldCardinality: make(map[string]int, len(s.Stats.Fields))}
		for f, n := range s.Stats.Fields {
			st.FieldCardinality[f] = n
		}
		st.FieldCardinality[unscoredField] = int(s.Stats.DocCount)
		return st, nil
	}
	text, other := ix.statFields(levels)
	st, err := ix.scopedTokens(ctx, s, readers, text)
	if err != nil {
		return nil, err
	}
	if err := addDictSizes(st, readers, other); err != nil {
		return nil, err
	}
	if s.Record {
		g := &GlobalStats{DocCount: uint64(math.Round(st.DocCount)), Fields: make(map[string]int, len(st.FieldCardinality))}
		for f, n := range st.FieldCardinality {
			if f != unscoredField {
				g.Fields[f] = n
			}
		}
		s.recorded = g
	}
	return st, nil
}

// scopedTokens returns the document count and the total tokens of the
// text fields over readers, the snapshots of the scope's shards: from the
// kept totals, else counted over the postings.
func (ix *Index) scopedTokens(ctx context.Context, s *ShardScope, readers []bleveindex.IndexReader, text []string) (*search.BM25Stats, error) {
	var n uint64
	for _, r := range readers {
		c, err := r.DocCount()
		if err != nil {
			return nil, fmt.Errorf("bm25 statistics: %w", err)
		}
		n += c
	}
	tokens, ok := ix.shardTokens(s.Shards, n, text)
	if !ok {
		return globalStats(ctx, readers, text)
	}
	st := &search.BM25Stats{DocCount: float64(n), FieldCardinality: make(map[string]int, len(text)+1)}
	for f, c := range tokens {
		st.FieldCardinality[f] = c
	}
	st.FieldCardinality[unscoredField] = int(n)
	return st, nil
}

// scopedDocFreqs returns the document frequency counter of a scoped
// search: primed with the global frequencies, or recording.
func scopedDocFreqs(s *ShardScope, readers []bleveindex.IndexReader) *docFreqs {
	df := &docFreqs{readers: readers, seen: map[string]uint64{}}
	if s.Stats != nil {
		for _, tc := range s.Stats.DocFreqs {
			df.seen[tc.Field+"\x00"+string(tc.Term)] = tc.Docs
		}
	}
	if s.Record {
		s.df = df
	}
	return df
}

// addDictSizes adds the dictionary sizes of the unscored fields over
// readers to st.
func addDictSizes(st *search.BM25Stats, readers []bleveindex.IndexReader, fields []string) error {
	for _, f := range fields {
		for _, r := range readers {
			if br, ok := r.(bleveindex.BM25Reader); ok {
				c, err := br.FieldCardinality(f)
				if err != nil {
					return fmt.Errorf("bm25 statistics %s: %w", f, err)
				}
				st.FieldCardinality[f] += c
			}
		}
	}
	return nil
}

// shardTokens returns the token totals of fields over shards from the
// kept totals, and false when they are not kept or do not match n, the
// documents of the shards' snapshots (a batch being written).
func (ix *Index) shardTokens(shards []int, n uint64, fields []string) (map[string]int, bool) {
	t := &ix.tokens
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.on || t.shards == nil {
		return nil, false
	}
	var docs uint64
	out := make(map[string]int, len(fields))
	for _, i := range shards {
		if i < 0 || i >= len(t.shards) {
			return nil, false
		}
		docs += t.shards[i].Docs
		for _, f := range fields {
			out[f] += int(t.shards[i].Tokens[f])
		}
	}
	return out, docs == n
}
