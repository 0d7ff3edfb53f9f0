package index

// Run-on words: Arabic letters that do not join the letter after them
// (ا د ذ ر ز و ة ى ء and the hamza forms of ا and و) end a word visibly
// even when the space after them is missing, so "تشتهرالبلد" reads as
// two words to the person typing it, and the mistake is common. A query
// word that the index does not know is split after such a letter when
// both parts are words it knows of three letters or more (a stop word
// counts as known: "علىالطاولة").

import (
	"strings"
	"unicode/utf8"

	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/fahras/fahras/analysis"
)

// minRunOnPart is the shortest part, in letters, a run-on word is split
// into.
const minRunOnPart = 3

// splitRunOns returns clauses with each run-on word of the default fields
// replaced by its two words, with the same occurrence.
func (b *builder) splitRunOns(clauses []clause) []clause {
	var out []clause
	for i, c := range clauses {
		left, right, ok := b.runOn(c)
		if !ok {
			if out != nil {
				out = append(out, c)
			}
			continue
		}
		if out == nil {
			out = append(make([]clause, 0, len(clauses)+1), clauses[:i]...)
		}
		b.rewrites = append(b.rewrites, Rewrite{Word: c.text, Split: []string{left, right}})
		l, r := c, c
		l.text, r.text = left, right
		r.col += utf8.RuneCountInString(left)
		out = append(out, l, r)
	}
	if out == nil {
		return clauses
	}
	return out
}

// runOn returns the two words of c when c is an unknown word written
// without the space after a non-joining letter. Among several splits, one
// before the article ال is preferred, then the most even one.
func (b *builder) runOn(c clause) (left, right string, ok bool) {
	if c.kind != kindWord || c.field != "" || c.occur == mustNot || b.level == analysis.Vocal || !oneWord(c.text) {
		return "", "", false
	}
	known := b.knownTerms()
	if known == nil || b.knownWord(known, c.text) {
		return "", "", false
	}
	best := -1
	prev := rune(0) // the last letter before i, marks skipped
	for i, r := range c.text {
		if !isArabicLetter(r) {
			continue
		}
		if i > 0 && nonJoining(prev) && b.knownPart(known, c.text[:i], true) && b.knownPart(known, c.text[i:], false) {
			if s := splitScore(c.text[:i], c.text[i:]); s > best {
				best, left, right = s, c.text[:i], c.text[i:]
			}
		}
		prev = r
	}
	return left, right, best >= 0
}

// knownPart reports whether part of a run-on word has at least
// minRunOnPart letters and is a word the index knows or, first, a stop
// word. Shorter parts are mostly clitics, not words: و، ك، لا (لافوزييه
// is a name); a stop word second is mostly a pronoun suffix (عبرهما).
func (b *builder) knownPart(known func(string) bool, part string, first bool) bool {
	if letters(part) < minRunOnPart {
		return false
	}
	if len(analysis.Analyze([]byte(part), analysis.Stem)) == 0 {
		return first && analysis.IsStopWord(part)
	}
	return b.knownWord(known, part)
}

// splitScore ranks the splits of a run-on word: before the article first,
// then the most even.
func splitScore(l, r string) int {
	s := min(utf8.RuneCountInString(l), utf8.RuneCountInString(r))
	if strings.HasPrefix(r, "ال") {
		s += 1000
	}
	return s
}

// knownTerms returns a test of membership in the stem dictionaries of the
// searched fields, or nil if the index cannot give one. It is made once
// per query and is valid while the query is built.
func (b *builder) knownTerms() func(term string) bool {
	if b.known != nil {
		return b.known
	}
	rc, ok := b.reader().(bleveindex.IndexReaderContains)
	if !ok {
		return nil
	}
	var dicts []bleveindex.FieldDictContains
	for _, f := range b.view.search {
		if d, err := rc.FieldDictContains(fieldName(f.Name, analysis.Stem)); err == nil {
			dicts = append(dicts, d)
		}
	}
	b.known = func(term string) bool {
		for _, d := range dicts {
			if ok, err := d.Contains([]byte(term)); ok && err == nil {
				return true
			}
		}
		return false
	}
	return b.known
}

// knownWord reports whether a stem term of word (a reading, when the
// analyzer gives two) is in the index; a stop word, which has none, is
// known.
func (b *builder) knownWord(known func(string) bool, word string) bool {
	ts := analysis.Analyze([]byte(word), analysis.Stem)
	for _, t := range ts {
		if known(t.Term) {
			return true
		}
	}
	return len(ts) == 0
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
