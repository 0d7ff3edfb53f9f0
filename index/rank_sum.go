package index

// A disjunction that sums the scores of the clauses a document matches.
// bleve's DisjunctionQuery multiplies that sum by the share of clauses
// matched (coordination), which is right for the words of a query but
// wrong for alternatives of one word: a document that has one of three
// readings of a word would get a third of its score. sumQuery is used for
// alternatives only (the readings of one word, its clitic variants).

import (
	"context"
	"math"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// sumQuery matches documents that match any of qs, scored by the sum of
// the scores of the clauses they match.
type sumQuery struct {
	qs []query.Query
}

// anyOf returns the sum of qs, or the query itself when there is one.
func anyOf(qs []query.Query) query.Query {
	switch len(qs) {
	case 0:
		return query.NewMatchNoneQuery()
	case 1:
		return qs[0]
	}
	return &sumQuery{qs: qs}
}

// Searcher implements query.Query.
func (q *sumQuery) Searcher(ctx context.Context, i bleveindex.IndexReader, m mapping.IndexMapping, o search.SearcherOptions) (search.Searcher, error) {
	subs := make([]search.Searcher, 0, len(q.qs))
	for _, c := range q.qs {
		s, err := c.Searcher(ctx, i, m, o)
		if err != nil {
			for _, s := range subs {
				s.Close()
			}
			return nil, err
		}
		subs = append(subs, s)
	}
	s := &sumSearcher{subs: subs, cur: make([]*search.DocumentMatch, len(subs))}
	s.normalize()
	return s, nil
}

// normalize gives the subs the query norm of their weights, as bleve's
// disjunctions do: a searcher nobody normalizes would score its terms
// with weight 1 whatever their boost. An enclosing query normalizes again.
func (s *sumSearcher) normalize() {
	if w := s.Weight(); w > 0 {
		s.SetQueryNorm(1 / math.Sqrt(w))
	}
}

// sumSearcher merges its searchers' matches in document order.
type sumSearcher struct {
	subs    []search.Searcher
	cur     []*search.DocumentMatch // current match of each sub; nil once done
	started bool
	// coord, when set, weighs each sub (rank_coord.go): the sum is scaled
	// by the share of coordTotal carried by the subs that match.
	coord      []float64
	coordTotal float64
	coordPow   float64
}

func (s *sumSearcher) start(ctx *search.SearchContext) error {
	if s.started {
		return nil
	}
	s.started = true
	for i, sub := range s.subs {
		m, err := sub.Next(ctx)
		if err != nil {
			return err
		}
		s.cur[i] = m
	}
	return nil
}

// Next returns the next document any sub matches, with the summed score.
func (s *sumSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	if err := s.start(ctx); err != nil {
		return nil, err
	}
	first := -1
	for i, m := range s.cur {
		if m != nil && (first < 0 || m.IndexInternalID.Compare(s.cur[first].IndexInternalID) < 0) {
			first = i
		}
	}
	if first < 0 {
		return nil, nil
	}
	rv := s.cur[first]
	var matched float64
	for i := first; i < len(s.cur); i++ {
		m := s.cur[i]
		if m == nil || !m.IndexInternalID.Equals(rv.IndexInternalID) {
			continue
		}
		if s.coord != nil {
			matched += s.coord[i]
		}
		if m != rv {
			rv.Score += m.Score
			rv.FieldTermLocations = search.MergeFieldTermLocations(rv.FieldTermLocations, []*search.DocumentMatch{m})
			if rv.Expl != nil && m.Expl != nil {
				rv.Expl = &search.Explanation{Value: rv.Score, Message: "sum of:", Children: []*search.Explanation{rv.Expl, m.Expl}}
			}
			ctx.DocumentMatchPool.Put(m)
		}
		next, err := s.subs[i].Next(ctx)
		if err != nil {
			return nil, err
		}
		s.cur[i] = next
	}
	if s.coord != nil && s.coordTotal > 0 {
		f := matched / s.coordTotal
		if s.coordPow > 0 {
			f = math.Pow(f, s.coordPow)
		}
		rv.Score *= f
		if rv.Expl != nil {
			rv.Expl = &search.Explanation{Value: rv.Score, Message: "idf coordination:", Children: []*search.Explanation{rv.Expl}}
		}
	}
	return rv, nil
}

// Advance skips to the first document at or after id.
func (s *sumSearcher) Advance(ctx *search.SearchContext, id bleveindex.IndexInternalID) (*search.DocumentMatch, error) {
	if err := s.start(ctx); err != nil {
		return nil, err
	}
	for i, m := range s.cur {
		if m == nil || m.IndexInternalID.Compare(id) >= 0 {
			continue
		}
		ctx.DocumentMatchPool.Put(m)
		next, err := s.subs[i].Advance(ctx, id)
		if err != nil {
			return nil, err
		}
		s.cur[i] = next
	}
	return s.Next(ctx)
}

func (s *sumSearcher) Close() error {
	var err error
	for _, sub := range s.subs {
		if e := sub.Close(); e != nil && err == nil {
			err = e
		}
	}
	return err
}

func (s *sumSearcher) Weight() float64 {
	var w float64
	for _, sub := range s.subs {
		w += sub.Weight()
	}
	return w
}

func (s *sumSearcher) SetQueryNorm(n float64) {
	for _, sub := range s.subs {
		sub.SetQueryNorm(n)
	}
}

func (s *sumSearcher) Count() uint64 {
	var n uint64
	for _, sub := range s.subs {
		n += sub.Count()
	}
	return n
}

func (s *sumSearcher) Min() int { return 0 }

func (s *sumSearcher) Size() int {
	n := 64 + 16*len(s.subs)
	for _, sub := range s.subs {
		n += sub.Size()
	}
	return n
}

func (s *sumSearcher) DocumentMatchPoolSize() int {
	n := len(s.subs) + 1
	for _, sub := range s.subs {
		n += sub.DocumentMatchPoolSize()
	}
	return n
}
