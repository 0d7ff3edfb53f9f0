package analysis

import (
	"strings"

	bleveanalysis "github.com/blevesearch/bleve/v2/analysis"
)

// Analyzer analyzes text at one level with its own options. It is safe for
// concurrent use.
type Analyzer struct {
	a    bleveanalysis.Analyzer
	stop *wordSet
}

// NewAnalyzer returns an analyzer for level l configured by o.
func NewAnalyzer(l Level, o Options) *Analyzer {
	c := newComponents(o)
	return &Analyzer{a: c.analyzer(l, o.DropQuestionWords), stop: c.stop.set}
}

// Bleve returns the analyzer as a bleve analyzer, for indexing text with
// these options (an index's own stop list).
func (a *Analyzer) Bleve() bleveanalysis.Analyzer { return a.a }

// IsStopWord reports whether word is a stop word of this analyzer's list,
// matched as IsStopWord matches the built-in list.
func (a *Analyzer) IsStopWord(word string) bool {
	b, _, ok := scanOne(word, false)
	return ok && a.stop.has(b, false)
}

// Analyze splits input into tokens. See the package documentation for the
// guarantees on offsets and positions.
func (a *Analyzer) Analyze(input []byte) []Token {
	return toTokens(a.a.Analyze(input))
}

// Analyze splits input into tokens at level l with the default options
// (the same analysis as the bleve analyzer AnalyzerName(l)).
func Analyze(input []byte, l Level) []Token {
	if int(l) >= len(defaultAnalyzers) {
		return nil
	}
	return toTokens(defaultAnalyzers[l].Analyze(input))
}

// toTokens converts a bleve token stream, with one string for all terms.
func toTokens(ts bleveanalysis.TokenStream) []Token {
	if len(ts) == 0 {
		return nil
	}
	var sb strings.Builder
	for _, t := range ts {
		sb.Write(t.Term)
	}
	all := sb.String()
	out := make([]Token, len(ts))
	off := 0
	for i, t := range ts {
		out[i] = Token{Term: all[off : off+len(t.Term)], Start: t.Start, End: t.End, Position: t.Position}
		out[i].Alternate = i > 0 && t.Position == ts[i-1].Position && t.Start == ts[i-1].Start
		off += len(t.Term)
	}
	return out
}

// scanOne runs the tokenizer on s and returns the L1 term of its first
// token and whether it is a number, or ok=false when s has no token.
func scanOne(s string, vocal bool) (term []byte, num, ok bool) {
	var sc scanner
	sc.reset(vocal)
	sc.scan([]byte(s))
	if len(sc.toks) == 0 {
		return nil, false, false
	}
	t := sc.toks[0]
	return sc.arena[t.term0:t.term1:(t.term1 + t.spare)], t.num, true
}

// NormalizeQueryTerm returns the term the index holds for the word term at
// level l (Exact: normalized; Stem: normalized and stemmed, primary reading;
// Vocal: normalized with harakat). It is meant for fuzzy and other
// multi-term queries, which bleve does not analyze. Stop words are not
// removed. When term holds several words only the first one counts; the
// result is "" when it holds none.
func NormalizeQueryTerm(term string, l Level) string {
	b, num, ok := scanOne(term, l == Vocal)
	if !ok {
		return ""
	}
	if l == Stem && !num {
		b, _ = defaults.stem.st.stem(b)
	} else {
		b = fold(b)
	}
	return string(b)
}

// NormalizePrefix returns the form of a prefix-query prefix at level l:
// normalized like NormalizeQueryTerm (أحم → احم) and, at Stem level, with
// the article and the proclitics before it removed but no suffix stemming
// (المدرس → مدرس), so that المدرس* finds the مدرس family in the stemmed
// field. prefix must not contain wildcard characters (see NormalizeWildcard).
func NormalizePrefix(prefix string, l Level) string {
	b, num, ok := scanOne(prefix, l == Vocal)
	if !ok {
		return ""
	}
	if l == Stem && !num {
		b = stripProclitics(b)
	}
	return string(fold(b))
}

// NormalizeWildcard normalizes the literal parts of a wildcard pattern
// (between * and ?) for level l, keeping the wildcards: the first part as a
// prefix (NormalizePrefix), the others as NormalizePrefix at the same level
// without proclitic removal.
func NormalizeWildcard(pattern string, l Level) string {
	var sb strings.Builder
	first := true
	for len(pattern) > 0 {
		i := strings.IndexAny(pattern, "*?")
		if i < 0 {
			i = len(pattern)
		}
		if lit := pattern[:i]; lit != "" {
			ll := l
			if !first && l == Stem {
				ll = Exact
			}
			sb.WriteString(NormalizePrefix(lit, ll))
		}
		first = false
		if i < len(pattern) {
			sb.WriteByte(pattern[i])
			i++
		}
		pattern = pattern[i:]
	}
	return sb.String()
}

// IsQuestionWord reports whether word is one of QuestionWords, with or
// without marks, tatweel or a leading و/ف (وكيف، فمتى).
func IsQuestionWord(word string) bool {
	b, _, ok := scanOne(word, false)
	return ok && defaults.quest.set.has(b, false)
}

// IsStopWord reports whether word is a stop word of the built-in list,
// matched as the analyzers match it (على and عَلَى are, the name علي is not).
func IsStopWord(word string) bool {
	b, _, ok := scanOne(word, false)
	return ok && defaults.stop.set.has(b, false)
}
