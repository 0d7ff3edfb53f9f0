package index

// Sloppy phrases ("a b"~N, package syntax). bleve v2.6.3 has no phrase
// slop, so slopPhraseQuery runs its own searcher: the conjunction of one
// disjunction per phrase word (its alternate terms), read with term
// vectors, and then a check of the positions of every document the
// conjunction matches.
//
// A phrase word i stands at place oi of the phrase (stop words of the
// query keep their place: phraseTerms leaves "" there). A match places
// every word at a token position pi of one field value, each word at its
// own position (two readings the analyzer emits at one position are one
// position), and costs max(pi-oi) - min(pi-oi): 0 for the phrase itself,
// 1 per word between, 2 for two words swapped. Words in different array
// elements never match together. The document matches when its cheapest
// match costs at most the slop.
//
// Its score is the conjunction's (like bleve's phrase searcher) times
// 1/(1 + cost/2), so closer matches rank higher; its locations are those
// of the words in matches within the slop, for the highlighter.

import (
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// slopPhraseQuery matches the terms of a phrase laid out by position (""
// in the gaps, as phraseTerms returns them) within slop moves in field.
type slopPhraseQuery struct {
	terms [][]string
	field string
	slop  int
	boost float64
}

// newSlopPhraseQuery returns the sloppy phrase query of terms in field.
func newSlopPhraseQuery(terms [][]string, field string, slop int, boost float64) *slopPhraseQuery {
	return &slopPhraseQuery{terms: terms, field: field, slop: slop, boost: boost}
}

// phraseWord is one word of a sloppy phrase: its terms and its place.
type phraseWord struct {
	terms []string
	place int
}

// words returns the words of the phrase, skipping the gaps.
func (q *slopPhraseQuery) words() []phraseWord {
	var out []phraseWord
	for place, ts := range q.terms {
		var kept []string
		for _, t := range ts {
			if t != "" {
				kept = append(kept, t)
			}
		}
		if len(kept) > 0 {
			out = append(out, phraseWord{terms: kept, place: place})
		}
	}
	return out
}

// Searcher implements query.Query.
func (q *slopPhraseQuery) Searcher(ctx context.Context, r bleveindex.IndexReader, m mapping.IndexMapping, o search.SearcherOptions) (search.Searcher, error) {
	words := q.words()
	if len(words) == 0 {
		return searcher.NewMatchNoneSearcher(r)
	}
	o.IncludeTermVectors = true
	subs := make([]search.Searcher, 0, len(words))
	closeAll := func() {
		for _, s := range subs {
			s.Close()
		}
	}
	for _, w := range words {
		s, err := q.wordSearcher(ctx, r, w.terms, o)
		if err != nil {
			closeAll()
			return nil, err
		}
		subs = append(subs, s)
	}
	conj, err := searcher.NewConjunctionSearcher(ctx, r, subs, o)
	if err != nil {
		closeAll()
		return nil, fmt.Errorf("sloppy phrase: %w", err)
	}
	s := &slopPhraseSearcher{conj: conj, m: newSlopMatcher(words, q.field, q.slop), explain: o.Explain}
	if w := conj.Weight(); w > 0 {
		conj.SetQueryNorm(1 / math.Sqrt(w))
	}
	return s, nil
}

// wordSearcher matches any of the terms of one phrase word.
func (q *slopPhraseQuery) wordSearcher(ctx context.Context, r bleveindex.IndexReader, terms []string, o search.SearcherOptions) (search.Searcher, error) {
	alts := make([]search.Searcher, 0, len(terms))
	for _, t := range terms {
		s, err := searcher.NewTermSearcher(ctx, r, t, q.field, q.boost, o)
		if err != nil {
			for _, a := range alts {
				a.Close()
			}
			return nil, fmt.Errorf("sloppy phrase term %q: %w", t, err)
		}
		alts = append(alts, s)
	}
	if len(alts) == 1 {
		return alts[0], nil
	}
	d, err := searcher.NewDisjunctionSearcher(ctx, r, alts, 1, o)
	if err != nil {
		for _, a := range alts {
			a.Close()
		}
		return nil, fmt.Errorf("sloppy phrase word: %w", err)
	}
	return d, nil
}

// slopPhraseSearcher keeps the documents of conj whose positions match.
type slopPhraseSearcher struct {
	conj    search.Searcher
	m       *slopMatcher
	explain bool
}

// Next returns the next document with a match within the slop.
func (s *slopPhraseSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	for {
		dm, err := s.conj.Next(ctx)
		if dm == nil || err != nil {
			return nil, err
		}
		if s.check(dm) {
			return dm, nil
		}
		ctx.DocumentMatchPool.Put(dm)
	}
}

// Advance returns the first document at or after id with a match.
func (s *slopPhraseSearcher) Advance(ctx *search.SearchContext, id bleveindex.IndexInternalID) (*search.DocumentMatch, error) {
	dm, err := s.conj.Advance(ctx, id)
	if dm == nil || err != nil {
		return nil, err
	}
	if s.check(dm) {
		return dm, nil
	}
	ctx.DocumentMatchPool.Put(dm)
	return s.Next(ctx)
}

// check reports whether dm matches within the slop and, if so, keeps only
// the locations of the matched words and scales its score by closeness.
func (s *slopPhraseSearcher) check(dm *search.DocumentMatch) bool {
	kept, cost, ok := s.m.match(dm.FieldTermLocations)
	if !ok {
		return false
	}
	dm.FieldTermLocations = kept
	dm.Locations = nil
	f := closeness(cost)
	dm.Score *= f
	if s.explain && dm.Expl != nil {
		dm.Expl = &search.Explanation{Value: dm.Score, Message: fmt.Sprintf("sloppy phrase, cost %d, times %g:", cost, f), Children: []*search.Explanation{dm.Expl}}
	}
	return true
}

// elemKey identifies the array element of a location ("" outside arrays).
func elemKey(ap search.ArrayPositions) string {
	if len(ap) == 0 {
		return ""
	}
	b := make([]byte, 0, 2*len(ap))
	for _, p := range ap {
		b = binary.AppendUvarint(b, p)
	}
	return string(b)
}

// closeness is the score factor of a match of the given cost: 1 for the
// phrase itself, 2/3 with one word between, 1/2 for two words swapped.
func closeness(cost int) float64 { return 1 / (1 + float64(cost)/2) }

func (s *slopPhraseSearcher) Weight() float64            { return s.conj.Weight() }
func (s *slopPhraseSearcher) SetQueryNorm(n float64)     { s.conj.SetQueryNorm(n) }
func (s *slopPhraseSearcher) Count() uint64              { return s.conj.Count() }
func (s *slopPhraseSearcher) Min() int                   { return 0 }
func (s *slopPhraseSearcher) Close() error               { return s.conj.Close() }
func (s *slopPhraseSearcher) Size() int                  { return s.conj.Size() }
func (s *slopPhraseSearcher) DocumentMatchPoolSize() int { return s.conj.DocumentMatchPoolSize() }

// slopMatcher finds the matches of a sloppy phrase in the term locations
// of one document.
type slopMatcher struct {
	words  []phraseWord
	field  string
	slop   int
	byTerm map[string][]int // term → the words that have it
}

func newSlopMatcher(words []phraseWord, field string, slop int) *slopMatcher {
	m := &slopMatcher{words: words, field: field, slop: slop, byTerm: map[string][]int{}}
	for i, w := range words {
		for _, t := range w.terms {
			if !slices.Contains(m.byTerm[t], i) {
				m.byTerm[t] = append(m.byTerm[t], i)
			}
		}
	}
	return m
}

// candidate is one place a word may take: a location of one of its terms.
type candidate struct {
	word int
	d    int // position minus the word's place in the phrase
	pos  uint64
	loc  int // index of the location in the document's term locations
}

// match returns the locations of the words in matches within the slop,
// the cost of the cheapest match, and whether there is one.
func (m *slopMatcher) match(ftls []search.FieldTermLocation) ([]search.FieldTermLocation, int, bool) {
	groups := map[string][]candidate{} // by array element
	for i, l := range ftls {
		if l.Field != m.field {
			continue
		}
		for _, w := range m.byTerm[l.Term] {
			key := elemKey(l.Location.ArrayPositions)
			groups[key] = append(groups[key], candidate{word: w, d: int(l.Location.Pos) - m.words[w].place, pos: l.Location.Pos, loc: i})
		}
	}
	best := math.MaxInt
	var kept []search.FieldTermLocation
	type locKey struct {
		term, elem string
		pos        uint64
	}
	seen := map[locKey]bool{}
	keys := make([]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	slices.Sort(keys) // locations in a stable order
	for _, k := range keys {
		m.matchGroup(groups[k], func(cost int, used []candidate) {
			best = min(best, cost)
			for _, c := range used {
				l := ftls[c.loc]
				id := locKey{l.Term, k, c.pos}
				if !seen[id] {
					seen[id] = true
					l.Location.ArrayPositions = slices.Clone(l.Location.ArrayPositions)
					kept = append(kept, l)
				}
			}
		})
	}
	if best == math.MaxInt {
		return nil, 0, false
	}
	slices.SortStableFunc(kept, func(a, b search.FieldTermLocation) int {
		return strings.Compare(a.Term, b.Term)
	})
	return kept, best, true
}

// matchGroup calls found for every window of candidates (of one array
// element) that holds a match within the slop: the cost of the window and
// the candidates the match uses. Candidates are sorted by d; for each
// lowest d the window grows to the smallest highest d that places every
// word, which never decreases as the lowest d rises.
func (m *slopMatcher) matchGroup(cs []candidate, found func(cost int, used []candidate)) {
	slices.SortFunc(cs, func(a, b candidate) int {
		if a.d != b.d {
			return a.d - b.d
		}
		return int(a.pos) - int(b.pos)
	})
	count := make([]int, len(m.words)) // candidates of each word in the window
	covered := 0
	hi := 0 // the window is cs[lo:hi]
	for lo := 0; lo < len(cs); {
		for covered < len(m.words) || !m.place(cs[lo:hi], nil) {
			if hi == len(cs) || cs[hi].d-cs[lo].d > m.slop {
				break
			}
			for d := cs[hi].d; hi < len(cs) && cs[hi].d == d; hi++ {
				if count[cs[hi].word]++; count[cs[hi].word] == 1 {
					covered++
				}
			}
		}
		if covered == len(m.words) && cs[hi-1].d-cs[lo].d <= m.slop {
			var used []candidate
			if m.place(cs[lo:hi], &used) {
				found(cs[hi-1].d-cs[lo].d, used)
			}
		}
		for d := cs[lo].d; lo < len(cs) && cs[lo].d == d; lo++ {
			if count[cs[lo].word]--; count[cs[lo].word] == 0 {
				covered--
			}
		}
		if hi < lo {
			hi = lo
		}
	}
}

// place reports whether every word can take a candidate of the window at
// a position of its own (a bipartite matching, by augmenting paths), and
// sets *used to the candidates taken when used is not nil.
func (m *slopMatcher) place(window []candidate, used *[]candidate) bool {
	byWord := make([][]int, len(m.words))
	for i, c := range window {
		byWord[c.word] = append(byWord[c.word], i)
	}
	posOwner := map[uint64]int{} // position → word placed there
	taken := make([]int, len(m.words))
	var try func(w int, visited map[uint64]bool) bool
	try = func(w int, visited map[uint64]bool) bool {
		for _, i := range byWord[w] {
			p := window[i].pos
			if visited[p] {
				continue
			}
			visited[p] = true
			if o, ok := posOwner[p]; !ok || try(o, visited) {
				posOwner[p] = w
				taken[w] = i
				return true
			}
		}
		return false
	}
	for w := range m.words {
		if len(byWord[w]) == 0 || !try(w, map[uint64]bool{}) {
			return false
		}
	}
	if used != nil {
		for _, i := range taken {
			*used = append(*used, window[i])
		}
	}
	return true
}
