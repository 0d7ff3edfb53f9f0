package index

// A disjunction that sums the scores of the clauses a document matches.
// bleve's DisjunctionQuery multiplies that sum by the share of clauses
// matched (coordination), which is right for the words of a query but
// wrong for alternatives of one word: a document that has one of three
// readings of a word would get a third of its score. sumQuery is used for
// alternatives only (the readings of one word, its clitic variants).

import (
	"context"
	"encoding/binary"
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
	s := newSumSearcher(subs)
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

// sumSearcher merges its searchers' matches in document order. Many of
// its subs never match (variants absent from the index) or run out early:
// it keeps the ones still running in live, and compares the document
// numbers of scorch's 8-byte internal ids as integers (bytes.Compare over
// every sub showed as a tenth of a query's CPU samples; the change saved
// about 5 % per query, BenchmarkSearchNews).
type sumSearcher struct {
	subs    []search.Searcher
	cur     []*search.DocumentMatch // current match of each sub; nil once done
	key     []uint64                // document number of cur[i]
	live    []int                   // subs not done, in order
	byBytes bool                    // an id is not 8 bytes: compare the bytes
	started bool
	// coord, when set, weighs each sub (rank_coord.go): the sum is scaled
	// by the share of coordTotal carried by the subs that match.
	coord      []float64
	coordTotal float64
	coordPow   float64
	// kinds, when set, holds the kind of each sub of a word group
	// (rank_group.go): a document matching no sub of the closest kinds is
	// scored times the tier factor of the best kind it matches.
	kinds []altKind
	tiers *tiers
	held  []heldMatch
}

func newSumSearcher(subs []search.Searcher) *sumSearcher {
	return &sumSearcher{subs: subs, cur: make([]*search.DocumentMatch, len(subs)), key: make([]uint64, len(subs))}
}

func (s *sumSearcher) start(ctx *search.SearchContext) error {
	if s.started {
		return nil
	}
	s.started = true
	s.live = make([]int, 0, len(s.subs))
	for i, sub := range s.subs {
		m, err := sub.Next(ctx)
		if err != nil {
			return err
		}
		if s.set(i, m) {
			s.live = append(s.live, i)
		}
	}
	return nil
}

// set makes m the current match of sub i and reports whether it has one.
func (s *sumSearcher) set(i int, m *search.DocumentMatch) bool {
	s.cur[i] = m
	if m == nil {
		return false
	}
	if len(m.IndexInternalID) == 8 {
		s.key[i] = binary.BigEndian.Uint64(m.IndexInternalID)
	} else {
		s.byBytes = true
	}
	return true
}

// less reports whether the current match of sub i comes before that of j.
func (s *sumSearcher) less(i, j int) bool {
	if s.byBytes {
		return s.cur[i].IndexInternalID.Compare(s.cur[j].IndexInternalID) < 0
	}
	return s.key[i] < s.key[j]
}

// at reports whether the current match of sub i is the document of rv,
// whose number is key.
func (s *sumSearcher) at(i int, rv *search.DocumentMatch, key uint64) bool {
	if s.byBytes {
		return s.cur[i].IndexInternalID.Equals(rv.IndexInternalID)
	}
	return s.key[i] == key
}

// Next returns the next document any sub matches, with the summed score.
// The scores are added in the order of the subs.
func (s *sumSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	if err := s.start(ctx); err != nil {
		return nil, err
	}
	if len(s.live) == 0 {
		return nil, nil
	}
	first := s.live[0]
	for _, i := range s.live[1:] {
		if s.less(i, first) {
			first = i
		}
	}
	rv, key := s.cur[first], s.key[first]
	var matched float64
	best := altPrefix
	held := s.held[:0] // with exclusive tiers, the matches of the subs, rv first
	live := s.live[:0]
	for _, i := range s.live {
		if i < first || !s.at(i, rv, key) {
			live = append(live, i)
			continue
		}
		m := s.cur[i]
		if s.coord != nil {
			matched += s.coord[i]
		}
		if s.kinds != nil {
			best = min(best, s.kinds[i])
		}
		if s.kinds != nil && s.tiers.exclusive {
			held = append(held, heldMatch{m, s.kinds[i]})
		} else if m != rv {
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
		if s.set(i, next) {
			live = append(live, i)
		}
	}
	s.live = live
	if s.kinds != nil {
		s.held = s.mergeBest(ctx, rv, held)
		if f := s.tiers.factor(best); f != 1 {
			rv.Score *= f
		}
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
	live := s.live[:0]
	for _, i := range s.live {
		m := s.cur[i]
		if m.IndexInternalID.Compare(id) >= 0 {
			live = append(live, i)
			continue
		}
		ctx.DocumentMatchPool.Put(m)
		next, err := s.subs[i].Advance(ctx, id)
		if err != nil {
			return nil, err
		}
		if s.set(i, next) {
			live = append(live, i)
		}
	}
	s.live = live
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
