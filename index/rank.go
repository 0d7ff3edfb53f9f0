package index

// Ranking. Scores are bleve's BM25 (the mapping's scoring model), given
// the true mean field length (bm25.go), summed over the clauses below:
//
//   - every query word must match its stem terms in f (field boost) or one
//     of its variants (rank_variants.go: one-letter proclitics, the
//     tanween alef, the ت before a dual ending, spellings one long-vowel
//     letter apart; each ×0.5) and, when it also matches its exact terms in
//     f.exact, adds their score times exactBoost. The exact clause is
//     optional inside a required one, not an alternative in a disjunction:
//     bleve's disjunctions multiply by the share of matched clauses, which
//     would halve every stem-only match. For the same reason the
//     alternates and variants of one word are summed (rank_sum.go), not
//     OR'ed in a bleve disjunction. Words are OR'ed (with bleve's
//     coordination, which measurably helps) over the searched text fields;
//   - with Request.Diacritics a word written with harakat is matched in
//     f.vocal only (same vocalization); a word written without them must
//     match both its stem and its exact terms (f.vocal holds only vocalized
//     words, store_vocal.go);
//   - phrases likewise: the stem phrase required, the exact words a bonus
//     (f.exact has no positions: mapping.go); with Request.Diacritics a
//     phrase of vocalized words is matched in f.vocal, any other as the stem
//     phrase with every exact word, and every vocalized word in f.vocal,
//     required;
//     quoted and excluded words get no variants;
//   - prefixes and fuzzy words are matched in f.exact or f;
//   - consecutive plain words add an optional phrase clause per adjacent pair
//     on the stem field (boost proximityBoost), so that words found next to
//     each other rank first without being required to;
//   - the words of a query are coordinated by idf (rank_coord.go): the
//     summed score is multiplied by the square of the share of the query's
//     idf that the words a document matches carry, where bleve would
//     multiply by the share of the words;
//   - optionally (off by default), pseudo-relevance feedback (prf.go).
//
// Every choice is measured by TestRankAblation (docs/relevance.md).

import (
	"fmt"
	"slices"

	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/fahras/fahras/analysis"
	"github.com/fahras/fahras/syntax"
)

const (
	maxPairs      = 16   // proximity clauses per query
	maxExpansions = 1024 // terms a prefix may expand to in one field
)

// rankParams are the ranking choices, fixed for users (defaultRank) and
// varied by the ablation test. They are values carried by the query, never
// package state.
type rankParams struct {
	exactBoost     float64 // bonus of an exact (unstemmed) match over the stem match
	proximityBoost float64 // an adjacent pair of query words found side by side
	trueLength     bool    // give BM25 the true mean field length (bm25.go)
	sumAlternates  bool    // alternates of a word summed, not coordinated (rank_sum.go)
	cliticWeight   float64 // weight of clitic variants of a word (rank_variants.go); 0: none
	verbWeight     float64 // weight of verb-prefix variants; 0: none
	taaWeight      float64 // weight of the variants with a final ت added or removed
	dropQuestions  bool    // drop interrogatives from queries with other words
	feedback       feedbackParams
	related        feedbackParams // related hits after the matches (related.go); docs 0: none
	spellingWeight float64        // weight of the spellings one long-vowel letter apart; 0: none
	pluralWeight   float64        // weight of the broken plural or singular of a word (rank_plurals.go); 0: none
	typoWeight     float64        // weight of the edits of a word the index does not know (rank_typos.go); 0: none
	splitRunOns    bool           // search run-on words as their words (query_split.go)
	idfCoord       bool           // coordinate the words of a query by idf, not by count (rank_coord.go)
	coordPow       float64        // exponent of the idf coordination factor (0: 1)
	rescoreFrom    uint64         // estimated candidates from which proximity is rescored (search_rescore.go)
	groups         bool           // score the terms of a word as one group (rank_group.go)
	tiers          tiers          // with groups, the factors of documents holding a word only through its alternatives
	prefixWeight   float64        // weight of a prefix expansion of the last word (query_prefix.go)
	unionDF        bool           // a group's document frequency counts its variants' too
}

// defaultRank returns the ranking every search uses.
func defaultRank() rankParams {
	return rankParams{
		exactBoost: 0.5, proximityBoost: 0.5, trueLength: true, sumAlternates: true,
		cliticWeight: 0.5, taaWeight: 0.5, spellingWeight: 0.5, dropQuestions: true,
		idfCoord: true, coordPow: 2, rescoreFrom: rescoreMinCandidates, related: relatedFeedback(),
		typoWeight: 0.25, splitRunOns: true,
		groups: true, tiers: defaultTiers(), prefixWeight: 0.5, unionDF: true,
	}
}

// termsQuery ORs the terms in field, and the weighted variants.
func (b *builder) termsQuery(field string, terms []string, boost float64, variants []variant) query.Query {
	qs := termQueries(nil, field, terms, boost, variants)
	if len(qs) == 1 {
		return qs[0]
	}
	if b.rank.sumAlternates {
		return anyOf(qs)
	}
	return query.NewDisjunctionQuery(qs)
}

// termQueries appends to qs a term query in field for each of terms and
// each variant, weighted.
func termQueries(qs []query.Query, field string, terms []string, boost float64, variants []variant) []query.Query {
	add := func(t string, w float64) {
		tq := query.NewTermQuery(t)
		tq.SetField(field)
		tq.SetBoost(w)
		qs = append(qs, tq)
	}
	for _, t := range terms {
		add(t, boost)
	}
	for _, v := range variants {
		add(v.term, boost*v.weight)
	}
	return qs
}

// defaultTiers are the tier factors of the word groups (rank_group.go).
func defaultTiers() tiers {
	var t tiers
	t.factors[altOwn], t.factors[altSynonym], t.factors[altVariant], t.factors[altTypo], t.factors[altPrefix] = 0.8, 0.8, 0.5, 0.5, 0.3
	t.exclusive = true
	return t
}

// unitQuery matches one query word in fields, and its variants if asked;
// with prefix, also the longer words it begins (query_prefix.go).
func (b *builder) unitQuery(fields []Field, u unit, variants, prefix bool) query.Query {
	qs := make([]query.Query, 0, len(fields))
	for _, f := range fields {
		if q := b.groupUnit(f, u, variants, prefix); q != nil {
			qs = append(qs, q)
			continue
		}
		if q := b.flatUnit(f, u, variants); q != nil {
			qs = append(qs, q)
			continue
		}
		qs = append(qs, b.stemWithExactBonus(f, vocalized(u), func(field string, l analysis.Level, boost float64) query.Query {
			if len(u.terms[l]) == 0 {
				return nil
			}
			var vs []variant
			if l == analysis.Stem && variants {
				vs = b.variants(u)
			}
			return b.termsQuery(field, u.terms[l], boost, vs)
		}))
	}
	return disjunction(qs)
}

// flatUnit returns the query of stemWithExactBonus for one word u in f as
// a single sum of term queries: its stem terms, their variants and, at
// exactBoost, its exact terms. A document holding the exact form of a word
// holds its stem too (both come from the same word), so the exact terms
// never match alone, and the sum scores as the stem query with the exact
// query as an optional bonus (bit for bit: the sums are made in the same
// order), with one searcher instead of three (a boolean, a conjunction and
// a disjunction per word and field). It returns nil where that does not hold
// or the sum would score differently: diacritic-sensitive search, words
// without a stem term, alternates coordinated instead of summed.
func (b *builder) flatUnit(f Field, u unit, variants bool) query.Query {
	stems := u.terms[analysis.Stem]
	if b.level != analysis.Exact || !b.rank.sumAlternates || len(stems) == 0 {
		return nil
	}
	var vs []variant
	if variants {
		vs = b.variants(u)
	}
	qs := termQueries(nil, fieldName(f.Name, analysis.Stem), stems, boost(f), vs)
	if b.rank.exactBoost > 0 {
		qs = termQueries(qs, fieldName(f.Name, analysis.Exact), u.terms[analysis.Exact], boost(f)*b.rank.exactBoost, nil)
	}
	return anyOf(qs)
}

// groupUnit returns the word group of u in f (rank_group.go): its stem
// terms, its exact terms at exactBoost, its variants and, with prefix, the
// words beginning with it. It returns nil where flatUnit would.
func (b *builder) groupUnit(f Field, u unit, variants, prefix bool) query.Query {
	stems := u.terms[analysis.Stem]
	if !b.grouped() || len(stems) == 0 {
		return nil
	}
	stemField, exactField := fieldName(f.Name, analysis.Stem), fieldName(f.Name, analysis.Exact)
	g := &groupQuery{dfField: stemField, boost: boost(f), tiers: b.rank.tiers, union: b.rank.unionDF}
	for _, t := range stems {
		g.alts = append(g.alts, alt{field: stemField, term: t, weight: 1, kind: altOwn})
	}
	for _, t := range b.synonymsOf(u) {
		g.alts = append(g.alts, alt{field: stemField, term: t, weight: 1, kind: altSynonym})
	}
	if variants {
		for _, v := range b.variants(u) {
			g.alts = append(g.alts, alt{field: stemField, term: v.term, weight: v.weight, kind: v.kind})
		}
	}
	if b.rank.exactBoost > 0 {
		for _, t := range u.terms[analysis.Exact] {
			g.alts = append(g.alts, alt{field: exactField, term: t, weight: b.rank.exactBoost, kind: altExact})
		}
	}
	if prefix && b.rank.prefixWeight > 0 {
		if p := normalizePrefix(u.surface, analysis.Exact); p != "" {
			g.alts = append(g.alts, b.prefixAlts(exactField, p, b.rank.prefixWeight, u.terms[analysis.Exact])...)
		}
	}
	return g
}

// synonymsOf returns the stems of the synonyms of u (synonyms.go) that are
// not stems of u, and records the word in the rewrites once.
func (b *builder) synonymsOf(u unit) []string {
	stems := u.terms[analysis.Stem]
	var out []string
	for _, s := range stems {
		for _, o := range b.view.synonyms[s] {
			if !slices.Contains(stems, o) && !slices.Contains(out, o) {
				out = append(out, o)
			}
		}
	}
	if len(out) > 0 && !slices.ContainsFunc(b.rewrites, func(r Rewrite) bool { return r.Word == u.surface && r.Synonyms != nil }) {
		b.rewrites = append(b.rewrites, Rewrite{Word: u.surface, Synonyms: out})
	}
	return out
}

// grouped reports whether the words of this query are scored as groups:
// with rankParams.groups, outside diacritic-sensitive search.
func (b *builder) grouped() bool {
	return b.rank.groups && b.level == analysis.Exact && b.rank.sumAlternates
}

// stemWithExactBonus returns mk's stem query of f with mk's exact query as
// an optional bonus; in diacritic-sensitive search, the vocal query alone
// for vocalized words, and both required for the others.
func (b *builder) stemWithExactBonus(f Field, vocal bool, mk func(field string, l analysis.Level, boost float64) query.Query) query.Query {
	if b.level == analysis.Vocal && vocal {
		return orNone(mk(fieldName(f.Name, analysis.Vocal), analysis.Vocal, boost(f)))
	}
	stem := mk(fieldName(f.Name, analysis.Stem), analysis.Stem, boost(f))
	exact := mk(fieldName(f.Name, analysis.Exact), analysis.Exact, boost(f)*b.rank.exactBoost)
	switch {
	case stem == nil:
		return orNone(exact)
	case exact == nil:
		return stem
	case b.level == analysis.Vocal:
		return query.NewBooleanQuery([]query.Query{stem, exact}, nil, nil)
	}
	return query.NewBooleanQuery([]query.Query{stem}, []query.Query{exact}, nil)
}

// vocalized reports whether the word u was written with harakat (its
// vocal terms, computed in diacritic-sensitive search only, carry some).
func vocalized(us ...unit) bool {
	for _, u := range us {
		if !slices.ContainsFunc(u.terms[analysis.Vocal], isVocalized) {
			return false
		}
	}
	return len(us) > 0
}

func orNone(q query.Query) query.Query {
	if q == nil {
		return query.NewMatchNoneQuery()
	}
	return q
}

// representations calls mk for each bleve field a word of f is matched in:
// f.exact and f, or f.vocal alone in diacritic-sensitive search when the
// word (text) has harakat.
func (b *builder) representations(f Field, text string, mk func(field string, l analysis.Level, boost float64) query.Query) []query.Query {
	var qs []query.Query
	add := func(q query.Query) {
		if q != nil {
			qs = append(qs, q)
		}
	}
	if b.level == analysis.Vocal && isVocalized(analysis.NormalizeQueryTerm(text, analysis.Vocal)) {
		add(mk(fieldName(f.Name, analysis.Vocal), analysis.Vocal, boost(f)))
		return qs
	}
	add(mk(fieldName(f.Name, analysis.Exact), analysis.Exact, boost(f)))
	add(mk(fieldName(f.Name, analysis.Stem), analysis.Stem, boost(f)))
	return qs
}

// phraseQuery matches the words us in order in fields or, when slop > 0,
// within slop moves of the phrase (phrase_slop.go). The exact bonus
// requires the exact words without positions either way.
func (b *builder) phraseQuery(fields []Field, us []unit, slop int) query.Query {
	qs := make([]query.Query, 0, len(fields))
	for _, f := range fields {
		q := b.stemWithExactBonus(f, vocalized(us...), func(field string, l analysis.Level, boost float64) query.Query {
			terms := phraseTerms(us, l)
			if terms == nil {
				return nil
			}
			if l == analysis.Exact {
				return allTerms(terms, field, boost)
			}
			if slop > 0 {
				return newSlopPhraseQuery(terms, field, slop, boost)
			}
			q := query.NewMultiPhraseQuery(terms, field)
			q.SetBoost(boost)
			return q
		})
		if b.level == analysis.Vocal && !vocalized(us...) {
			q = b.withVocalWords(q, f, us)
		}
		qs = append(qs, q)
	}
	return disjunction(qs)
}

// allTerms requires the terms of every position of a phrase, scored as the
// phrase query would (one disjunction per position): the exact bonus of a
// phrase, since f.exact has no positions.
func allTerms(terms [][]string, field string, boost float64) query.Query {
	var conj []query.Query
	for _, ts := range terms {
		var alts []query.Query
		for _, t := range ts {
			if t == "" {
				continue
			}
			tq := query.NewTermQuery(t)
			tq.SetField(field)
			tq.SetBoost(boost)
			alts = append(alts, tq)
		}
		switch len(alts) {
		case 0:
		case 1:
			conj = append(conj, alts[0])
		default:
			d := query.NewDisjunctionQuery(alts)
			d.SetMin(1)
			conj = append(conj, d)
		}
	}
	return query.NewConjunctionQuery(conj)
}

// withVocalWords requires, beside q, every vocalized word of us in f.vocal:
// a diacritic-sensitive phrase mixing words with and without harakat.
func (b *builder) withVocalWords(q query.Query, f Field, us []unit) query.Query {
	must := []query.Query{q}
	for _, u := range us {
		if vocalized(u) {
			must = append(must, b.termsQuery(fieldName(f.Name, analysis.Vocal), u.terms[analysis.Vocal], boost(f), nil))
		}
	}
	if len(must) == 1 {
		return q
	}
	return query.NewBooleanQuery(must, nil, nil)
}

// phraseTerms lays out the terms of level l by position, with "" in the gaps
// stop words leave. It returns nil when a word has no term at l.
func phraseTerms(us []unit, l analysis.Level) [][]string {
	var out [][]string
	for i, u := range us {
		if len(u.terms[l]) == 0 {
			return nil
		}
		if i > 0 {
			for gap := u.pos[l] - us[i-1].pos[l] - 1; gap > 0 && gap < 8; gap-- {
				out = append(out, []string{""})
			}
		}
		out = append(out, u.terms[l])
	}
	return out
}

// prefixQuery matches words starting with c.text, normalized per level.
func (b *builder) prefixQuery(fields []Field, c syntax.Clause) (query.Query, error) {
	if len(fields) == 0 {
		return query.NewMatchNoneQuery(), nil
	}
	var qs []query.Query
	var err error
	for _, f := range fields {
		qs = append(qs, b.representations(f, c.Text, func(field string, l analysis.Level, boost float64) query.Query {
			p := normalizePrefix(c.Text, l)
			if p == "" || err != nil {
				return nil
			}
			if n := b.expansions(field, p); n > maxExpansions {
				err = &QueryError{Column: c.Col, Msg: fmt.Sprintf("prefix %s* matches more than %d words; make it longer", c.Text, maxExpansions)}
				return nil
			}
			q := query.NewPrefixQuery(p)
			q.SetField(field)
			q.SetBoost(boost)
			return q
		})...)
	}
	if err != nil {
		return nil, err
	}
	if len(qs) == 0 {
		return nil, &QueryError{Column: c.Col, Msg: fmt.Sprintf("prefix %s* is empty once normalized", c.Text)}
	}
	return disjunction(qs), nil
}

// normalizePrefix normalizes a prefix like the index normalizes words; at
// the stem level the article and proclitics go (المدرس → مدرس).
func normalizePrefix(p string, l analysis.Level) string {
	return analysis.NormalizePrefix(p, l)
}

// expansions counts the terms of field starting with p, up to maxExpansions+1.
func (b *builder) expansions(field, p string) int {
	d, err := b.bi.FieldDictPrefix(field, []byte(p))
	if err != nil {
		return 0
	}
	defer d.Close()
	n := 0
	for e, err := d.Next(); e != nil && err == nil && n <= maxExpansions; e, err = d.Next() {
		n++
	}
	return n
}

// fuzzyQuery matches words within c.fuzzy edits of c.text.
func (b *builder) fuzzyQuery(fields []Field, c syntax.Clause) query.Query {
	var qs []query.Query
	for _, f := range fields {
		qs = append(qs, b.representations(f, c.Text, func(field string, l analysis.Level, boost float64) query.Query {
			t := analysis.NormalizeQueryTerm(c.Text, l)
			if t == "" {
				return nil
			}
			q := query.NewFuzzyQuery(t)
			q.SetFuzziness(c.Fuzzy)
			q.SetField(field)
			q.SetBoost(boost)
			return q
		})...)
	}
	return disjunction(qs)
}

// proximity returns optional phrase clauses for adjacent query words, on
// the stem field (also in diacritic-sensitive search: f.vocal holds only
// the vocalized words).
func (b *builder) proximity(seq []unit) []query.Query {
	l := analysis.Stem
	var qs []query.Query
	for i := 1; i < len(seq) && len(qs) < maxPairs*len(b.view.search); i++ {
		a, z := seq[i-1].terms[l], seq[i].terms[l]
		if len(a) == 0 || len(z) == 0 {
			continue
		}
		for _, f := range b.view.search {
			q := query.NewMultiPhraseQuery([][]string{a, z}, fieldName(f.Name, l))
			q.SetBoost(boost(f) * b.rank.proximityBoost)
			qs = append(qs, q)
		}
	}
	return qs
}

// disjunction ORs qs (nil for none).
func disjunction(qs []query.Query) query.Query {
	switch len(qs) {
	case 0:
		return query.NewMatchNoneQuery()
	case 1:
		return qs[0]
	}
	return query.NewDisjunctionQuery(qs)
}

// assemble combines the parts: required clauses (or, without any, at least
// one optional clause) score; other optional clauses and the proximity
// boosts add to the score; exclusions and filters do not score.
func assemble(p built) query.Query { return assembleOnly(p, nil) }

// assembleOnly is assemble with only, when not nil, as one more required
// clause (search_rescore.go restricts the query to some documents this
// way: the clause drives the query's required part, which bleve's boolean
// searcher then scores as without it).
func assembleOnly(p built, only query.Query) query.Query {
	bq := query.NewBooleanQuery(nil, nil, nil)
	optional := p.boost
	switch {
	case len(p.must) > 0:
		bq.AddMust(p.must...)
		optional = append(append([]query.Query{}, p.should...), p.boost...)
	case len(p.should) > 1 && len(p.coordFields) > 0:
		bq.AddMust(&coordQuery{qs: p.should, terms: p.shouldTerms, fields: p.coordFields, pow: p.coordPow})
	case len(p.should) > 0:
		bq.AddMust(disjunction(p.should))
	default:
		bq.AddMust(query.NewMatchAllQuery())
	}
	if only != nil {
		bq.AddMust(only)
	}
	if len(optional) > 0 {
		bq.AddShould(optional...)
	}
	if len(p.mustNot) > 0 {
		bq.AddMustNot(p.mustNot...)
	}
	if len(p.filter) > 0 {
		bq.AddFilter(query.NewConjunctionQuery(p.filter))
	}
	return bq
}
