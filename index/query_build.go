package index

import (
	"errors"
	"fmt"
	"sort"

	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/fahras/fahras/analysis"
	"github.com/fahras/fahras/syntax"
)

// schemaView is what query building needs from the schema.
type schemaView struct {
	fields   map[string]Field
	search   []Field       // text fields searched by queries without field:
	synonyms synonymMap    // synonyms.go; never changed, replaced whole
	text     *textAnalysis // the index's stop list (stopwords.go)
}

func (v schemaView) isField(name string) bool { _, ok := v.fields[name]; return ok }

// unit is one query word as the analyzer sees it: the terms of every level
// at one word (alternates of a level are OR'ed). pos is the word's position
// at the stem level, used to lay out phrases.
type unit struct {
	start   int
	surface string      // the word as written in the query
	terms   [3][]string // indexed by analysis.Level
	pos     [3]int
}

// builder turns parsed clauses into one bleve query.
type builder struct {
	bi    termDicts // for bounding prefix expansion and spellings (shard_dict.go)
	view  schemaView
	req   Request
	level analysis.Level // Exact, or Vocal for diacritic-sensitive search
	rank  rankParams
	// plain is set by build when the query is only optional words, without
	// required, excluded, typed clauses or filters: feedback may extend it.
	plain bool
	stems map[string]bool        // stem terms of the query words
	base  query.Query            // set by build when the query has proximity pairs: the query without them
	parts built                  // and its parts, to restrict it to documents (search_rescore.go)
	rd    dictReader             // opened by reader, closed when build returns
	known func(term string) bool // knownTerms, over rd
	// knownExact is knownExactTerms, over rd.
	knownExact func(term string) bool
	// variantsOf memoizes variants by the stems of a word; rewrites
	// records the run-on words split and the words searched through
	// their typo edits, for Result.Rewrites.
	variantsOf map[string][]variant
	rewrites   []Rewrite
	prefixCol  int // column of the word also searched as a prefix (Request.PrefixLast); 0: none
}

// reader returns a reader for dictionary look-ups while building, or nil
// if the index cannot give one.
func (b *builder) reader() dictReader {
	if b.rd == nil {
		b.rd = openDictReader(b.bi)
	}
	return b.rd
}

// built is the query split into its parts before assembly.
type built struct {
	must, should, mustNot, filter, boost []query.Query
	seq                                  []unit // plain words in order, for proximity
	// shouldTerms holds the stem terms of each should clause (nil for
	// prefixes, fuzzy words and phrases), coordFields the stem fields
	// searched: with rankParams.idfCoord the should clauses are
	// coordinated by idf (rank_coord.go).
	shouldTerms [][]string
	coordFields []string
	coordPow    float64
	// typed holds the field:value clauses of non-text fields: values of
	// one field are OR'ed, fields AND'ed, without scoring.
	typed map[string][]query.Query
}

func newBuilder(bi termDicts, v schemaView, req Request, r rankParams) *builder {
	b := &builder{bi: bi, view: v, req: req, level: analysis.Exact, rank: r}
	if req.Diacritics {
		b.level = analysis.Vocal
	}
	return b
}

// build parses q and returns the bleve query for the whole request.
func (b *builder) build() (query.Query, error) {
	defer func() {
		if b.rd != nil {
			b.rd.Close()
			b.rd, b.known, b.knownExact = nil, nil, nil
		}
	}()
	parse := syntax.Parse
	if b.req.Lenient {
		parse = syntax.ParseLenient
	}
	clauses, err := parse(b.req.Query, b.view.isField)
	if err != nil {
		return nil, err
	}
	clauses = b.splitRunOns(clauses) // query_split.go
	b.prefixCol = lastWordCol(b.req, clauses)
	p := built{typed: map[string][]query.Query{}}
	units := b.analyzeWords(clauses)
	clauses, units = b.limitTerms(clauses, units) // query_limit.go
	for i, c := range clauses {
		if err := b.addClause(&p, c, units[i]); err != nil {
			if !b.req.Lenient || !errors.As(err, new(*QueryError)) {
				return nil, err
			}
			w := asText(c) // lenient: a clause the index refuses is text
			if err := b.addClause(&p, w, analyzeUnits(b.view.text, w.Text, b.level)); err != nil {
				return nil, err
			}
		}
	}
	if len(clauses) > 0 && len(p.must)+len(p.should)+len(p.mustNot)+len(p.typed) == 0 {
		// Only stop words or punctuation: nothing to look for.
		return query.NewMatchNoneQuery(), nil
	}
	for _, c := range clauses { // in query order, for a stable query
		if qs, ok := p.typed[c.Field]; ok {
			p.filter = append(p.filter, disjunction(qs))
			delete(p.typed, c.Field)
		}
	}
	if err := b.addFilters(&p); err != nil {
		return nil, err
	}
	p.boost = b.proximity(p.seq)
	p.coordPow = b.rank.coordPow
	if b.rank.idfCoord && b.level != analysis.Vocal {
		for _, f := range b.view.search {
			p.coordFields = append(p.coordFields, fieldName(f.Name, analysis.Stem))
		}
	}
	b.plain = len(p.must)+len(p.mustNot)+len(p.filter) == 0 && len(p.should) > 0
	if len(p.boost) > 0 { // the query without its proximity pairs (search_rescore.go)
		base := p
		base.boost = nil
		b.base = assemble(base)
		b.parts = p
	}
	b.stems = map[string]bool{}
	for _, u := range p.seq {
		for _, t := range u.terms[analysis.Stem] {
			b.stems[t] = true
		}
	}
	return assemble(p), nil
}

// analyzeWords analyzes every plain default-field word and drops question
// words when the query has other content words.
func (b *builder) analyzeWords(clauses []syntax.Clause) [][]unit {
	units := make([][]unit, len(clauses))
	content := 0
	for i, c := range clauses {
		if c.Kind == syntax.KindWord && b.isTextClause(c) {
			units[i] = analyzeUnits(b.view.text, c.Text, b.level)
			for _, u := range units[i] {
				if !isQuestionWord(u) {
					content++
				}
			}
		}
	}
	if content == 0 || !b.rank.dropQuestions {
		return units
	}
	for i, us := range units {
		kept := us[:0:0]
		for _, u := range us {
			if !isQuestionWord(u) || clauses[i].Occur != syntax.Should {
				kept = append(kept, u)
			}
		}
		units[i] = kept
	}
	return units
}

func (b *builder) isTextClause(c syntax.Clause) bool {
	if c.Field == "" {
		return true
	}
	return b.view.fields[c.Field].Type == Text
}

// fieldsFor returns the text fields a clause searches.
func (b *builder) fieldsFor(c syntax.Clause) []Field {
	if c.Field == "" {
		return b.view.search
	}
	return []Field{b.view.fields[c.Field]}
}

// addClause adds the query for one clause to p.
func (b *builder) addClause(p *built, c syntax.Clause, us []unit) error {
	if c.Slop > 0 && !b.isTextClause(c) {
		return &QueryError{Column: c.Col, Msg: fmt.Sprintf("field %q is not text: a phrase~N needs a text field", c.Field)}
	}
	if !b.isTextClause(c) {
		q, err := b.typedClause(c)
		if err != nil {
			return err
		}
		if c.Occur == syntax.MustNot {
			p.mustNot = append(p.mustNot, q)
		} else {
			p.typed[c.Field] = append(p.typed[c.Field], q)
		}
		return nil
	}
	qs, err := b.textClause(c, us)
	if err != nil || len(qs) == 0 {
		return err
	}
	if c.Col == b.prefixCol && len(qs) == len(us) && !b.grouped() { // query_prefix.go
		qs[len(qs)-1] = b.withPrefix(qs[len(qs)-1], b.fieldsFor(c), c, us[len(us)-1])
	}
	switch {
	case c.Occur == syntax.MustNot:
		p.mustNot = append(p.mustNot, qs...)
	case c.Occur == syntax.Must, b.req.All:
		p.must = append(p.must, qs...)
	default:
		p.should = append(p.should, qs...)
		for i := range qs {
			var terms []string
			if c.Kind == syntax.KindWord && len(qs) == len(us) {
				terms = us[i].terms[analysis.Stem]
			}
			p.shouldTerms = append(p.shouldTerms, terms)
		}
	}
	if c.Kind == syntax.KindWord && c.Field == "" && c.Occur != syntax.MustNot {
		p.seq = append(p.seq, us...)
	}
	return nil
}

// textClause returns the queries for a clause on text fields.
func (b *builder) textClause(c syntax.Clause, us []unit) ([]query.Query, error) {
	fields := b.fieldsFor(c)
	switch c.Kind {
	case syntax.KindWord:
		if c.Field != "" {
			us = analyzeUnits(b.view.text, c.Text, b.level)
		}
		if len(us) > 1 && c.Occur != syntax.Should {
			return []query.Query{b.phraseQuery(fields, us, 0)}, nil
		}
		qs := make([]query.Query, len(us))
		for i, u := range us {
			// An excluded word excludes itself, not its variants.
			prefix := c.Col == b.prefixCol && i == len(us)-1 && b.grouped()
			qs[i] = b.unitQuery(fields, u, c.Occur != syntax.MustNot, prefix)
		}
		return qs, nil
	case syntax.KindPhrase:
		us := analyzeUnits(b.view.text, c.Text, b.level)
		switch len(us) {
		case 0:
			return nil, nil
		case 1:
			return []query.Query{b.unitQuery(fields, us[0], false, false)}, nil
		}
		return []query.Query{b.phraseQuery(fields, us, c.Slop)}, nil
	case syntax.KindPrefix:
		q, err := b.prefixQuery(fields, c)
		return []query.Query{q}, err
	case syntax.KindFuzzy:
		return []query.Query{b.fuzzyQuery(fields, c)}, nil
	}
	return nil, &QueryError{Column: c.Col, Msg: fmt.Sprintf("field %q is text: ranges need a number or date field", c.Field)}
}

// analyzeUnits analyzes text at the stem and exact levels, and at the vocal
// level when l is Vocal, and groups the terms by word.
func analyzeUnits(ta *textAnalysis, text string, l analysis.Level) []unit {
	byStart := map[int]*unit{}
	var order []int
	levels := []analysis.Level{analysis.Stem, analysis.Exact}
	if l == analysis.Vocal { // diacritic-sensitive: words without harakat go through f.exact
		levels = append(levels, analysis.Vocal)
	}
	for _, lv := range levels {
		for _, t := range ta.analyze(text, lv) {
			u, ok := byStart[t.Start]
			if !ok {
				u = &unit{start: t.Start, surface: text[t.Start:t.End]}
				byStart[t.Start] = u
				order = append(order, t.Start)
			}
			if !contains(u.terms[lv], t.Term) {
				u.terms[lv] = append(u.terms[lv], t.Term)
			}
			u.pos[lv] = t.Position
		}
	}
	sort.Ints(order)
	us := make([]unit, len(order))
	for i, s := range order {
		us[i] = *byStart[s]
	}
	return us
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// isQuestionWord reports whether u is an interrogative (كم، متى، كيف...),
// dropped from queries that have other content words.
func isQuestionWord(u unit) bool { return analysis.IsQuestionWord(u.surface) }

// boost returns a field's boost (default 1).
func boost(f Field) float64 {
	if f.Boost > 0 {
		return f.Boost
	}
	return 1
}
