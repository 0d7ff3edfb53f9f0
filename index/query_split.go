package index

// Run-on words: Arabic letters that do not join the letter after them
// (ا د ذ ر ز و ة ى ء and the hamza forms of ا and و) end a word visibly
// even when the space after them is missing, so "تشتهرالبلد" reads as
// two words to the person typing it, and the mistake is common. A query
// word that the index does not know is split after such a letter when
// both parts are words it knows of three letters or more (a stop word
// counts as known: "علىالطاولة").

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/fahras/fahras/analysis"
	"github.com/fahras/fahras/syntax"
)

// minRunOnPart is the shortest part, in letters, a run-on word is split
// into.
const minRunOnPart = 3

// maxRunOnParts is the most words one run-on word is split into
// (توبواإلىالله: توبوا إلى الله).
const maxRunOnParts = 3

// splitRunOns returns clauses with each run-on word of the default fields
// replaced by its words, with the same occurrence.
func (b *builder) splitRunOns(clauses []syntax.Clause) []syntax.Clause {
	if !b.rank.splitRunOns {
		return clauses
	}
	var out []syntax.Clause
	for i, c := range clauses {
		parts := b.runOn(c)
		if parts == nil {
			if out != nil {
				out = append(out, c)
			}
			continue
		}
		if out == nil {
			out = append(make([]syntax.Clause, 0, len(clauses)+len(parts)), clauses[:i]...)
		}
		b.rewrites = append(b.rewrites, Rewrite{Word: c.Text, Split: parts})
		col := c.Col
		for _, p := range parts {
			w := c
			w.Text, w.Col = p, col
			col += utf8.RuneCountInString(p)
			out = append(out, w)
		}
	}
	if out == nil {
		return clauses
	}
	return out
}

// runOn returns the words of c when c is an unknown word written without
// the space after non-joining letters, or nil.
func (b *builder) runOn(c syntax.Clause) []string {
	text := trimPunct(c.Text) // تتطورالأعراض؟
	if c.Kind != syntax.KindWord || c.Field != "" || c.Occur == syntax.MustNot || b.level == analysis.Vocal || !oneWord(text) {
		return nil
	}
	known := b.knownTerms()
	if known == nil || b.knownWord(known, text) {
		return nil
	}
	parts := b.splitWord(known, text, true, maxRunOnParts)
	if len(parts) < 2 {
		return nil
	}
	return parts
}

// splitWord returns text as a known part, or as known parts (at most n)
// split after non-joining letters, or nil. Among several splits the one
// with the most parts beginning with the article ال is preferred, then the
// most even. whole tells whether text is the whole query word, which is
// not a part of itself.
func (b *builder) splitWord(known func(string) bool, text string, whole bool, n int) []string {
	if !whole && b.knownPart(known, text, true) {
		return []string{text}
	}
	if n < 2 {
		return nil
	}
	var best []string
	prev := rune(0) // the last letter before i, marks skipped
	for i, r := range text {
		if !isArabicLetter(r) {
			continue
		}
		if i > 0 && nonJoining(prev) && b.knownPart(known, text[:i], false) {
			if rest := b.splitWord(known, text[i:], false, n-1); rest != nil && runOnBoundary(text[:i], rest) {
				if parts := append([]string{text[:i]}, rest...); best == nil || splitScore(parts) > splitScore(best) {
					best = parts
				}
			}
		}
		prev = r
	}
	return best
}

// articles are the article and the proclitics written with it.
var articles = []string{"ال", "بال", "وال", "فال", "كال", "لل"}

// runOnBoundary reports whether a run-on word may be split between left
// and the parts rest: where the next word begins with the article, or
// after a stop word, or before one that more words follow (توبوا|إلى|الله).
// Elsewhere a split of an unknown word into two known ones is mostly
// wrong (ومترامية is not ومترا مية, لآرائه not لآر ائه).
func runOnBoundary(left string, rest []string) bool {
	for _, a := range articles {
		if strings.HasPrefix(rest[0], a) {
			return true
		}
	}
	return analysis.IsStopWord(left) || len(rest) > 1 && analysis.IsStopWord(rest[0])
}

// splitScore ranks the splits of a run-on word: by the parts that begin
// with the article, then by the length of the shortest part.
func splitScore(parts []string) int {
	score, shortest := 0, math.MaxInt
	for i, p := range parts {
		if i > 0 && strings.HasPrefix(p, "ال") {
			score += 1000
		}
		shortest = min(shortest, utf8.RuneCountInString(p))
	}
	return score + shortest
}

// knownPart reports whether part of a run-on word has at least
// minRunOnPart letters and is a word the index knows or, unless it is the
// last part, a stop word. Shorter parts are mostly clitics, not words: و،
// ك، لا (لافوزييه is a name); a stop word last is mostly a pronoun suffix
// (عبرهما).
func (b *builder) knownPart(known func(string) bool, part string, last bool) bool {
	if letters(part) < minRunOnPart {
		return false
	}
	if len(b.view.text.analyze(part, analysis.Stem)) == 0 {
		return !last && b.view.text.isStop(part)
	}
	return b.knownWord(known, part)
}

// knownTerms returns a test of membership in the stem dictionaries of the
// searched fields, or nil if the index cannot give one. It is made once
// per query and is valid while the query is built.
func (b *builder) knownTerms() func(term string) bool {
	if b.known == nil {
		b.known = b.dictsContain(analysis.Stem)
	}
	return b.known
}

// knownExactTerms is knownTerms for the exact dictionaries.
func (b *builder) knownExactTerms() func(term string) bool {
	if b.knownExact == nil {
		b.knownExact = b.dictsContain(analysis.Exact)
	}
	return b.knownExact
}

// dictsContain returns a test of membership in the dictionaries of level l
// of the searched fields, or nil.
func (b *builder) dictsContain(l analysis.Level) func(term string) bool {
	rc, ok := b.reader().(bleveindex.IndexReaderContains)
	if !ok {
		return nil
	}
	var dicts []bleveindex.FieldDictContains
	for _, f := range b.view.search {
		if d, err := rc.FieldDictContains(fieldName(f.Name, l)); err == nil {
			dicts = append(dicts, d)
		}
	}
	return func(term string) bool {
		for _, d := range dicts {
			if ok, err := d.Contains([]byte(term)); ok && err == nil {
				return true
			}
		}
		return false
	}
}

// knownWord reports whether a stem term of word (a reading, when the
// analyzer gives two) is in the index; a stop word, which has none, is
// known.
func (b *builder) knownWord(known func(string) bool, word string) bool {
	ts := b.view.text.analyze(word, analysis.Stem)
	for _, t := range ts {
		if known(t.Term) {
			return true
		}
	}
	return len(ts) == 0
}

// trimPunct removes the punctuation and symbols around a word (a question
// mark typed against it).
func trimPunct(text string) string {
	return strings.TrimFunc(text, func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSymbol(r) })
}

// oneWord reports whether text is a single word of Arabic letters and
// marks.
func oneWord(text string) bool {
	if text == "" {
		return false
	}
	for _, r := range text {
		if !isArabicLetter(r) && !isArabicMark(r) {
			return false
		}
	}
	return true
}

// letters counts the Arabic letters of s.
func letters(s string) int {
	n := 0
	for _, r := range s {
		if isArabicLetter(r) {
			n++
		}
	}
	return n
}

// isArabicMark reports whether r is a harakah, tanwin, shadda, sukun or
// the dagger alef.
func isArabicMark(r rune) bool { return r >= 0x064B && r <= 0x0652 || r == 0x0670 }

// isArabicLetter reports whether r is a letter of the Arabic block
// (diacritics and tatweel are not).
func isArabicLetter(r rune) bool {
	return r >= 'ء' && r <= 'ي' && r != 'ـ' || r == 'ٱ'
}

// nonJoining reports whether r does not join the letter after it.
func nonJoining(r rune) bool {
	return strings.ContainsRune("اأإآٱدذرزوؤةىء", r)
}
