package index

// Coordination weighted by idf. bleve's disjunction multiplies the summed
// score of the words a document matches by the share of the query's words
// it matches (coordination): matching two words of four gives half the
// sum, whichever two they are. Coordination measurably helps between the
// words of a query (docs/relevance.md), but counting words treats a name
// or a rare term like the commonest word of the query. coordQuery weighs
// each word by its idf instead: the sum is multiplied by the square of
// the share of the query's total idf that the matched words carry (the
// square rewards matching more of the query more than bleve's linear
// factor does: docs/relevance.md). The document frequency
// of a word is the largest of its stem terms over the searched fields
// (the reading that is least specific), read when the searcher is made,
// from the reader the search runs on.

import (
	"context"
	"math"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// coordQuery matches documents that match any of qs; the summed score is
// scaled by the idf share of the clauses matched. terms[i] are the stem
// terms of qs[i], looked up in fields; a clause without terms (prefix,
// fuzzy) weighs the mean of the others.
type coordQuery struct {
	qs     []query.Query
	terms  [][]string
	fields []string
	pow    float64 // exponent of the share (0: 1)
}

// Searcher implements query.Query.
func (q *coordQuery) Searcher(ctx context.Context, i bleveindex.IndexReader, m mapping.IndexMapping, o search.SearcherOptions) (search.Searcher, error) {
	s, err := (&sumQuery{qs: q.qs}).Searcher(ctx, i, m, o)
	if err != nil {
		return nil, err
	}
	ss, ok := s.(*sumSearcher)
	if !ok { // one clause: nothing to coordinate
		return s, nil
	}
	w, err := q.weights(ctx, i)
	if err != nil {
		ss.Close()
		return nil, err
	}
	ss.coord, ss.coordPow = w, q.pow
	for _, x := range w {
		ss.coordTotal += x
	}
	return ss, nil
}

// weights returns the idf of every clause.
func (q *coordQuery) weights(ctx context.Context, r bleveindex.IndexReader) ([]float64, error) {
	n, err := r.DocCount()
	if err != nil {
		return nil, err
	}
	if st, ok := ctx.Value(search.BM25StatsKey).(*search.BM25Stats); ok {
		n = uint64(st.DocCount) // a sharded index's global count (shard_search.go)
	}
	w := make([]float64, len(q.qs))
	var sum float64
	var known int
	for c, terms := range q.terms {
		if len(terms) == 0 {
			w[c] = -1
			continue
		}
		var df uint64
		for _, f := range q.fields {
			for _, t := range terms {
				tfr, err := r.TermFieldReader(ctx, []byte(t), f, false, false, false)
				if err != nil {
					return nil, err
				}
				df = max(df, tfr.Count())
				tfr.Close()
			}
		}
		w[c] = idf(float64(n), float64(df))
		sum += w[c]
		known++
	}
	mean := 1.0
	if known > 0 {
		mean = sum / float64(known)
	}
	for c := range w {
		if w[c] < 0 {
			w[c] = mean
		}
	}
	return w, nil
}

// idf is BM25's inverse document frequency of a term in df of n documents.
func idf(n, df float64) float64 {
	return math.Log(1 + (n-df+0.5)/(df+0.5))
}
