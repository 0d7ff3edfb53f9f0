package index

// Shards and global statistics. A sharded index is N bleve indexes, each
// holding the documents whose id hashes to it, searched in parallel behind
// a bleve IndexAlias. For its rankings to equal those of one index, every
// BM25 input must be global:
//
//   - the document count and the mean field lengths: bm25Stats sums them
//     over the shards (globalStats) and passes them in the search context
//     (search.BM25StatsKey), which the alias hands to every shard;
//   - the document frequency of every term, behind the idf. bleve v2.6.3
//     takes it from the shard's own term reader (TermFieldReader.Count),
//     and its alias pre-search only aggregates the document count and the
//     field cardinalities (pre_search.go), so a term frequent in one shard
//     and rare in another gets a different idf in each.
//
// Shards are therefore created with the index type shardIndexType: scorch
// whose readers report, when the search context carries a *docFreqs, the
// term's document frequency summed over every shard.

import (
	"context"
	"fmt"
	"hash/fnv"
	"math"
	"sync"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/registry"
	"github.com/blevesearch/bleve/v2/search"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// shardIndexType is the bleve index type of a shard.
const shardIndexType = "fahras_shard"

func init() {
	if err := registry.RegisterIndexType(shardIndexType, newShardIndex); err != nil {
		panic(err)
	}
}

// shardOf returns the shard, of n, that holds the document with id.
func shardOf(id string, n int) int {
	h := fnv.New32a()
	h.Write([]byte(id))
	return int(h.Sum32() % uint32(n))
}

// shardIndex is scorch with global document frequencies and, when its
// runtime configuration names its shard group (shard_expand.go), term
// expansion over the dictionaries of every shard.
type shardIndex struct {
	*scorch.Scorch
	group *shardGroup
	num   int
}

func newShardIndex(storeName string, config map[string]any, q *bleveindex.AnalysisQueue) (bleveindex.Index, error) {
	ix, err := scorch.NewScorch(storeName, config, q)
	if err != nil {
		return nil, err
	}
	s := shardIndex{Scorch: ix.(*scorch.Scorch)}
	if g, ok := config[shardGroupKey].(*shardGroup); ok {
		s.group, s.num = g, config[shardNumberKey].(int)
		g.add(s.num, s.Scorch)
	}
	return s, nil
}

func (s shardIndex) Reader() (bleveindex.IndexReader, error) {
	r, err := s.Scorch.Reader()
	if err != nil {
		return nil, err
	}
	return shardReader{r.(*scorch.IndexSnapshot), s.group, s.num}, nil
}

// shardReader is a scorch snapshot whose term readers count documents
// globally when the search context asks for it, and whose prefix and
// fuzzy dictionaries are those of the whole group.
type shardReader struct {
	*scorch.IndexSnapshot
	group *shardGroup
	num   int
}

func (r shardReader) TermFieldReader(ctx context.Context, term []byte, field string, freq, norm, vectors bool) (bleveindex.TermFieldReader, error) {
	tfr, err := r.IndexSnapshot.TermFieldReader(ctx, term, field, freq, norm, vectors)
	if err != nil {
		return nil, err
	}
	df, ok := ctx.Value(docFreqsKey{}).(*docFreqs)
	if !ok {
		return tfr, nil
	}
	n, err := df.count(ctx, field, term)
	if err != nil {
		tfr.Close()
		return nil, err
	}
	return globalTermReader{tfr, n}, nil
}

// globalTermReader is a term reader whose Count is the global document
// frequency.
type globalTermReader struct {
	bleveindex.TermFieldReader
	n uint64
}

func (g globalTermReader) Count() uint64 { return g.n }

type docFreqsKey struct{}

// docFreqs sums document frequencies over the readers of every shard, one
// snapshot per shard for the whole search, memoized per term.
type docFreqs struct {
	readers []bleveindex.IndexReader
	mu      sync.Mutex
	seen    map[string]uint64
}

func (d *docFreqs) count(ctx context.Context, field string, term []byte) (uint64, error) {
	key := field + "\x00" + string(term)
	d.mu.Lock()
	defer d.mu.Unlock()
	if n, ok := d.seen[key]; ok {
		return n, nil
	}
	var n uint64
	for _, r := range d.readers {
		tfr, err := r.TermFieldReader(context.WithoutCancel(ctx), term, field, false, false, false)
		if err != nil {
			return 0, fmt.Errorf("document frequency of %q in %s: %w", term, field, err)
		}
		n += tfr.Count()
		tfr.Close()
	}
	d.seen[key] = n
	return n, nil
}

// globalSearch opens a snapshot of every shard and returns a search context
// carrying the global document frequencies and st, the global BM25
// statistics (shardStats, cached by the caller as bm25Cache does), with a
// function that releases the snapshots. The snapshots used for counting
// are plain scorch readers, so counting never recurses.
func globalSearch(ctx context.Context, shards []bleveindex.Index, st *search.BM25Stats) (context.Context, func(), error) {
	readers, release, err := shardReaders(shards)
	if err != nil {
		return nil, nil, err
	}
	ctx = context.WithValue(ctx, docFreqsKey{}, &docFreqs{readers: readers, seen: map[string]uint64{}})
	return context.WithValue(ctx, search.BM25StatsKey, st), release, nil
}

// shardStats returns the global BM25 statistics of fields over shards.
func shardStats(ctx context.Context, shards []bleveindex.Index, fields []string) (*search.BM25Stats, error) {
	readers, release, err := shardReaders(shards)
	if err != nil {
		return nil, err
	}
	defer release()
	return globalStats(ctx, readers, fields)
}

// shardReaders opens a plain scorch snapshot of every shard.
func shardReaders(shards []bleveindex.Index) ([]bleveindex.IndexReader, func(), error) {
	var readers []bleveindex.IndexReader
	release := func() {
		for _, r := range readers {
			r.Close()
		}
	}
	for i, s := range shards {
		r, err := s.Reader()
		if err != nil {
			release()
			return nil, nil, fmt.Errorf("shard %d: %w", i, err)
		}
		if sr, ok := r.(shardReader); ok {
			r = sr.IndexSnapshot
		}
		readers = append(readers, r)
	}
	return readers, release, nil
}

// globalStats is bm25Stats over several readers: the document count and
// each field's total tokens summed, FieldCardinality = total tokens, as
// one index holding every document would have.
func globalStats(ctx context.Context, readers []bleveindex.IndexReader, fields []string) (*search.BM25Stats, error) {
	st := &search.BM25Stats{FieldCardinality: make(map[string]int, len(fields)+1)}
	for _, r := range readers {
		n, err := r.DocCount()
		if err != nil {
			return nil, fmt.Errorf("bm25 statistics: %w", err)
		}
		st.DocCount += float64(n)
		for _, f := range fields {
			t, err := fieldTokens(ctx, r, f)
			if err != nil {
				return nil, err
			}
			st.FieldCardinality[f] += int(t)
		}
	}
	st.FieldCardinality[unscoredField] = int(math.Round(st.DocCount))
	return st, nil
}
