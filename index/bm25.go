package index

// BM25 statistics. bleve v2.6.3 scores BM25 with an "average field length"
// of ceil(distinct terms of the field / documents): the size of the field's
// dictionary, not the mean number of tokens of a document. On any real
// collection that is far from the mean length (on XQuAD-R the stem field has
// about 11 distinct terms per document against about 27 tokens), so the
// length normalization of every document is wrong by the same factor. bleve
// reads the statistics from the search context when they are there
// (search.BM25StatsKey): we give it the true mean, as
// FieldCardinality = mean tokens × documents.
//
// The mean is computed from the postings (the sum of term frequencies of the
// field, deleted documents excluded) and cached; it is recomputed when the
// document count has moved by more than a quarter since, so an index
// growing to n documents pays passes over about 5n documents' postings in
// all, and replaced documents, which do not move the count, leave a mean
// that is still close. Only the representations a search scores are
// counted (stem and exact, or vocal). The live document count is read at
// every search. The first search of 5,000 news articles (1.4 M tokens of
// text) pays about 1.4 s of counting.
//
// An index created by this version counts its tokens at index time instead
// (bm25_tokens.go): the mean is then exact at every search, with no
// counting at all. What follows is the fallback for older indexes.
//
// The means are also saved inside the index (bm25Key) with the document
// count and the dictionary sizes they were counted at, so that a new
// process serving an unchanged index answers its first search without
// counting again (5 to 9 s on the 31,030 news articles, docs/performance.md).
// A saved record is used only when the document count and every field's
// dictionary size equal the index's exactly; otherwise the means are
// counted as before. Saving is best effort (a read-only index keeps them
// in memory only).

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"sync"

	"github.com/blevesearch/bleve/v2/search"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/fahras/fahras/analysis"
)

// statsDrift is the relative change of the document count that makes the
// cached mean field lengths stale.
const statsDrift = 0.25

// unscoredField is the field name of bleve's optimized filter searchers.
const unscoredField = "*"

// bm25Cache holds the mean field lengths of an index.
type bm25Cache struct {
	mu     sync.Mutex
	docs   uint64             // document count when mean was computed
	mean   map[string]float64 // bleve field → mean tokens per document
	loaded bool               // the saved means were looked for
}

// bm25Key is the bleve internal key of the saved means.
var bm25Key = []byte("fahras_bm25_means")

// savedMeans is the record saved under bm25Key.
type savedMeans struct {
	Docs  uint64             `json:"docs"`
	Cards map[string]int     `json:"cards"` // dictionary size of each field
	Mean  map[string]float64 `json:"mean"`
}

// stale reports whether means computed at n0 documents are out of date at n.
func stale(n0, n uint64) bool {
	if n0 == 0 {
		return n != 0
	}
	return math.Abs(float64(n)-float64(n0)) > statsDrift*float64(n0)
}

// bm25Stats returns the statistics bleve scores BM25 with for the fields
// of the schema: the true mean length for the representations of text
// fields at the levels searched, bleve's own figure for the other fields
// (a query does not score them).
func (ix *Index) bm25Stats(ctx context.Context, levels ...analysis.Level) (*search.BM25Stats, error) {
	adv, err := ix.bi.Advanced()
	if err != nil {
		return nil, fmt.Errorf("bm25 statistics: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, fmt.Errorf("bm25 statistics: %w", err)
	}
	defer r.Close()
	n, err := r.DocCount()
	if err != nil {
		return nil, fmt.Errorf("bm25 statistics: %w", err)
	}
	text, other := ix.statFields(levels)
	mean, ok := ix.tokenMeans(n, text)
	if !ok {
		if mean, err = ix.bm25.means(ctx, r, n, text, func(b []byte) error { return ix.bi.SetInternal(bm25Key, b) }); err != nil {
			return nil, err
		}
	}
	st := &search.BM25Stats{DocCount: float64(n), FieldCardinality: make(map[string]int, len(text)+len(other))}
	for _, f := range text {
		st.FieldCardinality[f] = int(math.Round(mean[f] * float64(n)))
	}
	// bleve's unscored disjunctions and conjunctions of filters run as one
	// term searcher on the pseudo-field "*".
	st.FieldCardinality[unscoredField] = int(n)
	br, _ := r.(bleveindex.BM25Reader)
	for _, f := range other {
		c := 0
		if br != nil {
			if c, err = br.FieldCardinality(f); err != nil {
				return nil, fmt.Errorf("bm25 statistics %s: %w", f, err)
			}
		}
		st.FieldCardinality[f] = c
	}
	return st, nil
}

// statFields lists the bleve fields of the schema: the representations of
// text fields at levels, and the others.
func (ix *Index) statFields(levels []analysis.Level) (text, other []string) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	for _, f := range ix.schema.Fields {
		if f.Type != Text {
			other = append(other, f.Name)
			continue
		}
		for _, l := range analysis.Levels {
			if slices.Contains(levels, l) {
				text = append(text, fieldName(f.Name, l))
			} else {
				other = append(other, fieldName(f.Name, l))
			}
		}
	}
	return text, other
}

// means returns the mean field lengths of fields at n documents, from the
// cache when it is fresh, or from the saved record at the first call. New
// counts are saved with save.
func (c *bm25Cache) means(ctx context.Context, r bleveindex.IndexReader, n uint64, fields []string, save func([]byte) error) (map[string]float64, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.mean == nil || stale(c.docs, n) {
		c.mean, c.docs = map[string]float64{}, n
		if !c.loaded {
			c.loaded = true
			c.load(r, n)
		}
	}
	counted := false
	for _, f := range fields {
		if _, ok := c.mean[f]; ok {
			continue
		}
		total, err := fieldTokens(ctx, r, f)
		if err != nil {
			return nil, err
		}
		c.mean[f] = 0
		if n > 0 {
			c.mean[f] = float64(total) / float64(n)
		}
		counted = true
	}
	if counted && save != nil {
		if b, err := c.record(r); err == nil {
			_ = save(b) // best effort: the means stay cached in memory
		}
	}
	return c.mean, nil
}

// load fills c.mean from the saved record when it was counted on an index
// with n documents and the same dictionary sizes, and reports whether it
// did.
func (c *bm25Cache) load(r bleveindex.IndexReader, n uint64) bool {
	b, err := r.GetInternal(bm25Key)
	if err != nil || b == nil {
		return false
	}
	var s savedMeans
	if json.Unmarshal(b, &s) != nil || s.Docs != n || len(s.Mean) == 0 {
		return false
	}
	cards, err := cardinalities(r, s.Mean)
	if err != nil {
		return false
	}
	for f := range s.Mean {
		if want, ok := s.Cards[f]; !ok || cards[f] != want {
			return false
		}
	}
	for f, m := range s.Mean {
		c.mean[f] = m
	}
	return true
}

// record encodes the cached means with what they were counted at.
func (c *bm25Cache) record(r bleveindex.IndexReader) ([]byte, error) {
	cards, err := cardinalities(r, c.mean)
	if err != nil {
		return nil, err
	}
	return json.Marshal(savedMeans{Docs: c.docs, Cards: cards, Mean: c.mean})
}

// cardinalities returns the dictionary size of every field of mean.
func cardinalities(r bleveindex.IndexReader, mean map[string]float64) (map[string]int, error) {
	br, ok := r.(bleveindex.BM25Reader)
	if !ok {
		return nil, fmt.Errorf("bm25 statistics: the reader has no dictionary sizes")
	}
	out := make(map[string]int, len(mean))
	for f := range mean {
		n, err := br.FieldCardinality(f)
		if err != nil {
			return nil, err
		}
		out[f] = n
	}
	return out, nil
}

// fieldTokens sums the term frequencies of field over its postings.
func fieldTokens(ctx context.Context, r bleveindex.IndexReader, field string) (uint64, error) {
	d, err := r.FieldDict(field)
	if err != nil {
		return 0, fmt.Errorf("bm25 statistics %s: %w", field, err)
	}
	defer d.Close()
	var total uint64
	for {
		e, err := d.Next()
		if err != nil {
			return 0, fmt.Errorf("bm25 statistics %s: %w", field, err)
		}
		if e == nil {
			return total, nil
		}
		n, err := termTokens(ctx, r, field, e.Term)
		if err != nil {
			return 0, fmt.Errorf("bm25 statistics %s: %w", field, err)
		}
		total += n
	}
}

// termTokens sums the frequencies of term in field over the documents.
func termTokens(ctx context.Context, r bleveindex.IndexReader, field, term string) (uint64, error) {
	tfr, err := r.TermFieldReader(ctx, []byte(term), field, true, false, false)
	if err != nil {
		return 0, err
	}
	defer tfr.Close()
	var total uint64
	tfd := &bleveindex.TermFieldDoc{}
	for {
		p, err := tfr.Next(tfd)
		if err != nil || p == nil {
			return total, err
		}
		total += p.Freq
		tfd = p.Reset()
	}
}
