package analysis

import (
	bleveanalysis "github.com/blevesearch/bleve/v2/analysis"
)

// Pair analyzes a text at the Stem and Exact levels in one pass: both
// levels tokenize and remove stop words alike and differ only in their
// last filter (stemming or folding), so the tokens are scanned once and
// copied before it. The two streams equal those of the two analyzers.
type Pair struct {
	tok    *tokenizer
	shared []bleveanalysis.TokenFilter
	stem   bleveanalysis.TokenFilter
}

// NewPair returns the one-pass analysis of the analyzers stem and exact,
// or false when they are not this package's Stem and Exact analyzers with
// the same tokenizer settings and stop words (then analyze twice).
func NewPair(stem, exact bleveanalysis.Analyzer) (*Pair, bool) {
	s, ok1 := stem.(*bleveanalysis.DefaultAnalyzer)
	e, ok2 := exact.(*bleveanalysis.DefaultAnalyzer)
	if !ok1 || !ok2 || len(s.CharFilters)+len(e.CharFilters) > 0 || len(s.TokenFilters) != len(e.TokenFilters) || len(s.TokenFilters) == 0 {
		return nil, false
	}
	st, ok1 := s.Tokenizer.(*tokenizer)
	et, ok2 := e.Tokenizer.(*tokenizer)
	if !ok1 || !ok2 || st.vocal || et.vocal {
		return nil, false
	}
	n := len(s.TokenFilters) - 1
	if _, ok := s.TokenFilters[n].(*stemFilter); !ok {
		return nil, false
	}
	if _, ok := e.TokenFilters[n].(foldFilter); !ok {
		return nil, false
	}
	for i := range n {
		a, ok1 := s.TokenFilters[i].(*stopFilter)
		b, ok2 := e.TokenFilters[i].(*stopFilter)
		if !ok1 || !ok2 || a.vocal != b.vocal || !a.set.equal(b.set) {
			return nil, false
		}
	}
	return &Pair{tok: st, shared: s.TokenFilters[:n], stem: s.TokenFilters[n]}, true
}

// Analyze returns the token streams of the Stem and Exact analyzers.
func (p *Pair) Analyze(input []byte) (stem, exact bleveanalysis.TokenStream) {
	ts := p.tok.Tokenize(input)
	for _, f := range p.shared {
		ts = f.Filter(ts)
	}
	if len(ts) == 0 {
		return ts, nil
	}
	exact = copyStream(ts)
	foldFilter{}.Filter(exact)
	return p.stem.Filter(ts), exact
}

// copyStream copies ts, terms included, in three allocations.
func copyStream(ts bleveanalysis.TokenStream) bleveanalysis.TokenStream {
	n := 0
	for _, t := range ts {
		n += len(t.Term)
	}
	arena := make([]byte, 0, n)
	slab := make([]bleveanalysis.Token, len(ts))
	out := make(bleveanalysis.TokenStream, len(ts))
	for i, t := range ts {
		slab[i] = *t
		at := len(arena)
		arena = append(arena, t.Term...)
		slab[i].Term = arena[at:len(arena):len(arena)]
		out[i] = &slab[i]
	}
	return out
}
