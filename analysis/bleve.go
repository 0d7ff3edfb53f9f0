package analysis

import (
	"fmt"
	"unsafe"

	bleveanalysis "github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

// Names of the bleve components registered by this package. The analyzers
// named by AnalyzerName and QueryAnalyzerName are compositions of them:
//
//	fahras_stem   = fahras       → fahras_stop → fahras_stem
//	fahras_exact  = fahras       → fahras_stop → fahras_fold
//	fahras_vocal  = fahras_vocal → fahras_stop → fahras_fold
//
// and the _query variants add fahras_question after fahras_stop.
const (
	TokenizerName      = "fahras"
	VocalTokenizerName = "fahras_vocal"
	StopFilterName     = "fahras_stop"
	QuestionFilterName = "fahras_question"
	FoldFilterName     = "fahras_fold"
	StemFilterName     = "fahras_stem"
)

// tokenizer is the bleve tokenizer: one pass over the input, original
// offsets, L1 terms in one arena. It allocates exactly three times per call
// (terms, tokens, token pointers) and reserves free tokens at the end of the
// stream for the alternates the stem filter may add.
type tokenizer struct {
	vocal   bool
	reserve bool          // reserve free tokens for the stem filter's alternates
	free    chan *scanner // scratch scanners reused across calls
}

// Scratch scanners are kept for reuse unless their buffers grew beyond
// maxKeep bytes (a huge field should not pin its memory forever). A channel
// rather than a sync.Pool: the pool is emptied at every GC and reallocates.
const (
	freeScanners = 8
	maxKeep      = 8 << 20
)

func newTokenizer(vocal, reserve bool) *tokenizer {
	return &tokenizer{vocal: vocal, reserve: reserve, free: make(chan *scanner, freeScanners)}
}

func (tz *tokenizer) get() *scanner {
	select {
	case s := <-tz.free:
		return s
	default:
		return new(scanner)
	}
}

func (tz *tokenizer) put(s *scanner) {
	if cap(s.arena) > maxKeep || cap(s.toks)*int(unsafe.Sizeof(rawTok{})) > maxKeep {
		return
	}
	select {
	case tz.free <- s:
	default:
	}
}

func (tz *tokenizer) Tokenize(input []byte) bleveanalysis.TokenStream {
	s := tz.get()
	defer tz.put(s)
	s.reset(tz.vocal)
	s.scan(input)
	n := len(s.toks)
	if n == 0 {
		return nil
	}
	spare := 0
	if tz.reserve {
		spare = s.nAlt
	}
	arena := make([]byte, len(s.arena))
	copy(arena, s.arena)
	slab := make([]bleveanalysis.Token, n+spare)
	ts := make(bleveanalysis.TokenStream, n+spare)
	for i, t := range s.toks {
		typ := bleveanalysis.AlphaNumeric
		if t.num {
			typ = bleveanalysis.Numeric
		}
		slab[i] = bleveanalysis.Token{Start: t.start, End: t.end, Position: t.pos, Type: typ,
			Term: arena[t.term0:t.term1:(t.term1 + t.spare)]}
	}
	for i := range ts {
		ts[i] = &slab[i]
	}
	return ts[:n]
}

// stopFilter removes stop words, leaving position gaps. Removed tokens are
// moved behind the stream's end and marked free (Position 0) so that a later
// stem filter can reuse them for alternates.
type stopFilter struct {
	set   *wordSet
	vocal bool // terms may carry harakat
}

func (f *stopFilter) Filter(ts bleveanalysis.TokenStream) bleveanalysis.TokenStream {
	w := 0
	for i, t := range ts {
		if f.set.has(t.Term, f.vocal) {
			continue
		}
		if w != i {
			ts[w], ts[i] = ts[i], ts[w]
		}
		w++
	}
	for _, t := range ts[w:] {
		t.Position = 0
	}
	return ts[:w]
}

// foldFilter folds L1 terms to L2 in place (Exact and Vocal levels).
type foldFilter struct{}

func (foldFilter) Filter(ts bleveanalysis.TokenStream) bleveanalysis.TokenStream {
	for _, t := range ts {
		fold(t.Term) // in place, same length
	}
	return ts
}

// stemFilter folds and stems L1 terms. Tokens marked KeyWord are folded but
// not stemmed. An ambiguous word gets a second token, right after it, with
// the same Position, Start and End.
type stemFilter struct{ st stemmer }

func (f *stemFilter) Filter(ts bleveanalysis.TokenStream) bleveanalysis.TokenStream {
	n, k := len(ts), 0
	for _, t := range ts {
		if !t.KeyWord && mayAlternate(t.Term) {
			k++
		}
	}
	if k == 0 {
		for _, t := range ts {
			f.one(t)
		}
		return ts
	}
	ts = withFreeTail(ts, k)[:n+k]
	// Walk backwards; slots (i, j] always hold free tokens.
	j := n + k - 1
	for i := n - 1; i >= 0; i-- {
		t := ts[i]
		alt := f.one(t)
		if alt != nil && j > i {
			*ts[j] = bleveanalysis.Token{Start: t.Start, End: t.End, Position: t.Position, Type: t.Type, Term: alt}
			j--
		}
		if j != i {
			ts[i], ts[j] = ts[j], ts[i]
		}
		j--
	}
	// The stream is ts[j+1 : n+k]; move it to the front, free tokens last.
	if off := j + 1; off > 0 { // fewer alternates than reserved
		for x := 0; x+off < n+k; x++ {
			ts[x], ts[x+off] = ts[x+off], ts[x]
		}
		return ts[:n+k-off]
	}
	return ts
}

// one stems t in place and returns its alternate term, if any.
func (f *stemFilter) one(t *bleveanalysis.Token) []byte {
	if t.KeyWord || t.Type == bleveanalysis.Numeric {
		t.Term = fold(t.Term)
		return nil
	}
	var alt []byte
	t.Term, alt = f.st.stem(t.Term)
	return alt
}

// withFreeTail returns ts with at least k free tokens (non-nil, Position 0)
// in its capacity beyond len(ts), allocating only when the tokenizer did not
// reserve them.
func withFreeTail(ts bleveanalysis.TokenStream, k int) bleveanalysis.TokenStream {
	n := len(ts)
	if cap(ts)-n >= k {
		ok := true
		for _, t := range ts[n : n+k] {
			if t == nil || t.Position != 0 {
				ok = false
				break
			}
		}
		if ok {
			return ts
		}
	}
	out := make(bleveanalysis.TokenStream, n, n+k)
	copy(out, ts)
	slab := make([]bleveanalysis.Token, k)
	for i := range slab {
		out = append(out, &slab[i])
	}
	return out[:n]
}

// components are the bleve building blocks for one set of options.
type components struct {
	tok, vocalTok *tokenizer // registered: they reserve room for alternates
	exactTok      *tokenizer // for the Exact analyzer, which has none
	stop, quest   *stopFilter
	stem          *stemFilter
}

func newComponents(o Options) *components {
	words := o.StopWords
	if words == nil {
		words = StopWords()
	}
	st := stemmer{extra: make(map[string]struct{})}
	for _, w := range o.Protected {
		if t := NormalizeQueryTerm(w, Exact); t != "" {
			st.extra[t] = struct{}{}
		}
	}
	return &components{
		tok:      newTokenizer(false, true),
		vocalTok: newTokenizer(true, true),
		exactTok: newTokenizer(false, false),
		stop:     &stopFilter{set: newWordSet(words), vocal: true},
		quest:    &stopFilter{set: newWordSet(QuestionWords()), vocal: true},
		stem:     &stemFilter{st: st},
	}
}

// analyzer composes the components for level l.
func (c *components) analyzer(l Level, question bool) *bleveanalysis.DefaultAnalyzer {
	a := &bleveanalysis.DefaultAnalyzer{Tokenizer: c.tok}
	switch l {
	case Vocal:
		a.Tokenizer = c.vocalTok
	case Exact:
		a.Tokenizer = c.exactTok
	}
	vocal := l == Vocal
	a.TokenFilters = append(a.TokenFilters, &stopFilter{set: c.stop.set, vocal: vocal})
	if question {
		a.TokenFilters = append(a.TokenFilters, &stopFilter{set: c.quest.set, vocal: vocal})
	}
	if l == Stem {
		a.TokenFilters = append(a.TokenFilters, c.stem)
	} else {
		a.TokenFilters = append(a.TokenFilters, foldFilter{})
	}
	return a
}

// stringList reads a []string option from a bleve component config.
func stringList(config map[string]interface{}, key string) ([]string, bool, error) {
	v, ok := config[key]
	if !ok {
		return nil, false, nil
	}
	list, ok := v.([]interface{})
	if !ok {
		return nil, true, fmt.Errorf("%s: want a list of strings, got %T", key, v)
	}
	out := make([]string, 0, len(list))
	for i, e := range list {
		s, ok := e.(string)
		if !ok {
			return nil, true, fmt.Errorf("%s[%d]: want a string, got %T", key, i, e)
		}
		out = append(out, s)
	}
	return out, true, nil
}

// register registers every component and analyzer with bleve. The
// analyzers and the default components are shared by every index.
func register(def *components) error {
	type reg struct {
		name string
		err  error
	}
	var errs []reg
	check := func(name string, err error) {
		if err != nil {
			errs = append(errs, reg{name, err})
		}
	}
	check(TokenizerName, registry.RegisterTokenizer(TokenizerName, func(map[string]interface{}, *registry.Cache) (bleveanalysis.Tokenizer, error) {
		return def.tok, nil
	}))
	check(VocalTokenizerName, registry.RegisterTokenizer(VocalTokenizerName, func(map[string]interface{}, *registry.Cache) (bleveanalysis.Tokenizer, error) {
		return def.vocalTok, nil
	}))
	check(StopFilterName, registry.RegisterTokenFilter(StopFilterName, func(config map[string]interface{}, _ *registry.Cache) (bleveanalysis.TokenFilter, error) {
		words, ok, err := stringList(config, "stop_words")
		if err != nil || !ok {
			return def.stop, err
		}
		return &stopFilter{set: newWordSet(words), vocal: true}, nil
	}))
	check(QuestionFilterName, registry.RegisterTokenFilter(QuestionFilterName, func(map[string]interface{}, *registry.Cache) (bleveanalysis.TokenFilter, error) {
		return def.quest, nil
	}))
	check(FoldFilterName, registry.RegisterTokenFilter(FoldFilterName, func(map[string]interface{}, *registry.Cache) (bleveanalysis.TokenFilter, error) {
		return foldFilter{}, nil
	}))
	check(StemFilterName, registry.RegisterTokenFilter(StemFilterName, func(config map[string]interface{}, _ *registry.Cache) (bleveanalysis.TokenFilter, error) {
		words, ok, err := stringList(config, "protected")
		if err != nil || !ok {
			return def.stem, err
		}
		return newComponents(Options{Protected: words}).stem, nil
	}))
	for _, l := range Levels {
		for _, q := range []bool{false, true} {
			a := def.analyzer(l, q)
			name := AnalyzerName(l)
			if q {
				name = QueryAnalyzerName(l)
			}
			check(name, registry.RegisterAnalyzer(name, func(map[string]interface{}, *registry.Cache) (bleveanalysis.Analyzer, error) {
				return a, nil
			}))
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("register %s: %w", errs[0].name, errs[0].err)
	}
	return nil
}

// defaults are the components behind the registered analyzers and the
// package-level functions. Set once by init, never changed.
var (
	defaults         *components
	defaultAnalyzers [3]bleveanalysis.Analyzer // by Level
)

func init() {
	defaults = newComponents(Options{})
	for _, l := range Levels {
		defaultAnalyzers[l] = defaults.analyzer(l, false)
	}
	if err := register(defaults); err != nil {
		panic("analysis: " + err.Error())
	}
}
