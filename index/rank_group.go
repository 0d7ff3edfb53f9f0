package index

// One word, one group. A query word reaches documents through several
// terms: its own readings (the stems the analyzer gives it), its exact
// form, its variants (rank_variants.go), its typo edits (rank_typos.go)
// and, while it is being typed, the longer words it begins (query_prefix.go).
// Scored as independent terms, each with its own idf, a rare look-alike of
// a common word (اللهو beside الله, كافور beside الكافرين) weighs far more
// than the word itself, and one such match outranks every document that
// holds the word.
//
// groupQuery scores all the terms of one word in one field as one term, in
// the manner of Lucene's SynonymQuery: every alternative is scored with the
// document frequency of the group (the largest of the word's own readings,
// or of all its alternatives when the index holds none of the readings),
// weighted by its kind, and the scores of the alternatives a document
// holds are summed. On top of that, a document that holds the word only
// through alternatives of a lower kind (no own reading) is scored times
// the tier factor of the best kind it holds, so that, among documents
// matching the same words, those holding the word itself come first:
//
//	exact form (and a reading)          1
//	own reading (stem) only             tierStem
//	synonym (synonyms.go)               tierSynonym
//	variant (clitic, ت, spelling)       tierVariant
//	typo edit                           tierTypo
//	prefix expansion (search as typed)  tierPrefix
//
// A look-alike may add to a document that also holds the word; it never
// gives a document more than the word would.

import (
	"cmp"
	"context"
	"slices"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// altKind is how an alternative term relates to the query word, from the
// closest to the farthest.
type altKind uint8

const (
	altExact   altKind = iota // the exact form, in f.exact: a bonus
	altOwn                    // a reading of the word (its stem terms)
	altSynonym                // a stem of a synonym of the word (synonyms.go)
	altVariant                // clitic, ت and spelling variants
	altTypo                   // an edit of a word the index does not know
	altPrefix                 // a longer word the typed word begins
)

// alt is one term of a word group.
type alt struct {
	field  string
	term   string
	weight float64 // relative to the field's boost
	kind   altKind
}

// tiers are the factors of a document that holds a word only through
// alternatives of one kind, indexed by altKind.
type tiers struct {
	factors [altPrefix + 1]float64
	// exclusive: a document holding the word through alternatives of
	// several kinds is scored and marked by those of the best kind only;
	// with marksOnly, it is marked by them only and scored by all.
	exclusive, marksOnly bool
}

// groupQuery matches the documents holding any alternative of one word,
// scored as one term (see above). dfField is the field whose dictionary
// gives the group's document frequency (the stem field).
type groupQuery struct {
	alts    []alt
	dfField string
	boost   float64
	tiers   tiers
	union   bool // the variants' document frequencies added to the word's
}

// maxPrefixAlts bounds the prefix expansions of one word in one field: the
// most frequent words beginning with the prefix.
const maxPrefixAlts = 64

// Searcher implements query.Query.
func (q *groupQuery) Searcher(ctx context.Context, r bleveindex.IndexReader, m mapping.IndexMapping, o search.SearcherOptions) (search.Searcher, error) {
	df, err := q.docFreq(ctx, r)
	if err != nil {
		return nil, err
	}
	gr := &groupReader{IndexReader: r, df: df}
	subs := make([]search.Searcher, 0, len(q.alts))
	kinds := make([]altKind, 0, len(q.alts))
	for _, a := range q.alts {
		s, err := searcher.NewTermSearcher(ctx, gr, a.term, a.field, q.boost*a.weight, o)
		if err != nil {
			for _, s := range subs {
				s.Close()
			}
			return nil, err
		}
		subs = append(subs, s)
		kinds = append(kinds, a.kind)
	}
	s := newSumSearcher(subs)
	s.kinds, s.tiers = kinds, &q.tiers
	s.normalize()
	return s, nil
}

// docFreq returns the document frequency of the group: the largest of the
// word's own readings in dfField or, when the index holds none of them,
// of every alternative in its own field.
func (q *groupQuery) docFreq(ctx context.Context, r bleveindex.IndexReader) (uint64, error) {
	count := func(field, term string) (uint64, error) {
		tfr, err := r.TermFieldReader(ctx, []byte(term), field, false, false, false)
		if err != nil {
			return 0, err
		}
		defer tfr.Close()
		return tfr.Count(), nil
	}
	var own, any, variants uint64
	for _, a := range q.alts {
		if a.kind != altOwn && own > 0 && (!q.union || a.kind != altVariant && a.kind != altSynonym) {
			continue
		}
		field := a.field
		if a.kind == altOwn {
			field = q.dfField
		}
		n, err := count(field, a.term)
		if err != nil {
			return 0, err
		}
		switch a.kind {
		case altOwn:
			own = max(own, n)
		case altVariant, altSynonym:
			variants += n
		}
		any = max(any, n)
	}
	if own == 0 {
		return any, nil
	}
	if q.union {
		docs, err := r.DocCount()
		if err != nil {
			return 0, err
		}
		if st, ok := ctx.Value(search.BM25StatsKey).(*search.BM25Stats); ok {
			docs = uint64(st.DocCount)
		}
		return min(own+variants, docs), nil
	}
	return own, nil
}

// groupReader is an index reader whose term readers report the group's
// document frequency, which bleve's term searchers take their idf from.
type groupReader struct {
	bleveindex.IndexReader
	df uint64
}

func (g *groupReader) TermFieldReader(ctx context.Context, term []byte, field string, freq, norm, vectors bool) (bleveindex.TermFieldReader, error) {
	tfr, err := g.IndexReader.TermFieldReader(ctx, term, field, freq, norm, vectors)
	if err != nil {
		return nil, err
	}
	return &groupTermReader{TermFieldReader: tfr, df: g.df}, nil
}

// FieldCardinality keeps bleve's BM25 fallback (no statistics in the
// search context) working through the wrapper.
func (g *groupReader) FieldCardinality(field string) (int, error) {
	if br, ok := g.IndexReader.(bleveindex.BM25Reader); ok {
		return br.FieldCardinality(field)
	}
	return 0, nil
}

type groupTermReader struct {
	bleveindex.TermFieldReader
	df uint64
}

func (t *groupTermReader) Count() uint64 { return t.df }

// tierFactor returns the factor of a document whose best match in the
// group is of kind k.
func (t *tiers) factor(k altKind) float64 {
	if k == altExact {
		return 1
	}
	return t.factors[k]
}

// prefixAlts returns the alternatives of the words of field that begin
// with p, other than the terms in skip, the most frequent first, at most
// maxPrefixAlts.
func (b *builder) prefixAlts(field, p string, weight float64, skip []string) []alt {
	d, err := b.bi.FieldDictPrefix(field, []byte(p))
	if err != nil {
		return nil
	}
	defer d.Close()
	type entry struct {
		term  string
		count uint64
	}
	var es []entry
	for e, err := d.Next(); e != nil && err == nil && len(es) <= maxExpansions; e, err = d.Next() {
		if !slices.Contains(skip, e.Term) {
			es = append(es, entry{e.Term, e.Count})
		}
	}
	slices.SortStableFunc(es, func(a, b entry) int { return cmp.Compare(b.count, a.count) })
	out := make([]alt, 0, min(len(es), maxPrefixAlts))
	for _, e := range es[:min(len(es), maxPrefixAlts)] {
		out = append(out, alt{field: field, term: e.term, weight: weight, kind: altPrefix})
	}
	return out
}

// heldMatch is the match of one sub of a group at a document, with its kind.
type heldMatch struct {
	m    *search.DocumentMatch
	kind altKind
}

// class puts own readings and the exact form in one kind.
func class(k altKind) altKind { return max(k, altOwn) }

// mergeBest makes rv, which is held[0].m, the match of the group at its
// document from the matches in held of the best class alone: with
// exclusive tiers, a document holding the word is scored and highlighted
// by the word, without its look-alikes. It returns held emptied, for reuse.
func (s *sumSearcher) mergeBest(ctx *search.SearchContext, rv *search.DocumentMatch, held []heldMatch) []heldMatch {
	if len(held) == 0 {
		return held
	}
	best := held[0].kind
	for _, h := range held {
		best = min(best, class(h.kind))
	}
	scoreAll := s.tiers.marksOnly
	if class(held[0].kind) != class(best) {
		rv.FieldTermLocations = rv.FieldTermLocations[:0]
		if !scoreAll {
			rv.Score = 0
		}
	}
	for _, h := range held[1:] {
		if scoreAll || class(h.kind) == class(best) {
			rv.Score += h.m.Score
		}
		if class(h.kind) == class(best) {
			rv.FieldTermLocations = search.MergeFieldTermLocations(rv.FieldTermLocations, []*search.DocumentMatch{h.m})
		}
		ctx.DocumentMatchPool.Put(h.m)
	}
	return held[:0]
}
