package index

// Typos. A query word none of whose stems the index holds, and that no
// other variant reaches, is most often mistyped: its stems are then also
// looked up one edit away (a letter removed, added, replaced, or two
// neighbours swapped), for stems of minTypoLetters letters or more, and
// the edits the index holds are searched, sharing one lower weight (a
// word with many edits in the index does not gain from their number), as
// search engines for end users (Meilisearch, Typesense) tolerate typos by
// default. Words the index knows get none: an edit of a known word is
// mostly another word (صلاح، صباح).

import (
	"slices"
	"unicode/utf8"

	"github.com/fahras/fahras/analysis"
)

// minTypoLetters is the length of the shortest stem given edits, and of
// the shortest edit: three-letter stems are so dense (most pairs of
// letters around a third are a root) that an edit down to three letters
// is mostly another word (معرض → مرض).
const minTypoLetters = 4

// typoAlphabet holds the letters of stem terms, after the analyzer's
// folding (no أ إ آ ة ى ؤ ئ).
const typoAlphabet = "ءابتثجحخدذرزسشصضطظعغفقكلمنهوي"

// typos returns the index terms one edit from the stems, when the index
// holds none of the stems and none of the variants found so far.
func (b *builder) typos(stems []string, found []variant) []string {
	if b.rank.typoWeight == 0 {
		return nil
	}
	known := b.knownTerms()
	if known == nil || b.typosBlocked(stems, found) {
		return nil
	}
	var out []string
	for _, s := range stems {
		if utf8.RuneCountInString(s) >= minTypoLetters {
			for _, c := range b.inIndex(oneEdit(s), s) {
				if !slices.Contains(out, c) && utf8.RuneCountInString(c) >= minTypoLetters {
					out = append(out, c)
				}
			}
		}
	}
	return out
}

// exactTypos returns the stems of the words of the exact dictionaries one
// edit from the exact forms of u, when typos found none from its stems: an edit near
// the end of a word often leaves a stem no single edit mends (المؤمنبن:
// the stem مومنبن is two edits from مومن, the word one from المؤمنين).
// It asks what typos asks first: that the index holds none of the stems
// and none of the variants found.
func (b *builder) exactTypos(u unit, found []variant) []string {
	if b.rank.typoWeight == 0 || !b.grouped() || b.typosBlocked(u.terms[analysis.Stem], found) {
		return nil
	}
	known := b.knownExactTerms()
	if known == nil {
		return nil
	}
	var out []string
	for _, s := range u.terms[analysis.Stem] {
		if utf8.RuneCountInString(s) < minTypoLetters { // as for the stems' edits: الكات is no typo of الكاتب
			return nil
		}
	}
	for _, e := range u.terms[analysis.Exact] {
		if known(e) {
			return nil
		}
		for _, c := range oneEdit(e) {
			if c == e || !known(c) {
				continue
			}
			for _, t := range b.view.text.analyze(c, analysis.Stem) { // the word's stems: they have positions
				if !slices.Contains(out, t.Term) && utf8.RuneCountInString(t.Term) >= minTypoLetters {
					out = append(out, t.Term)
				}
			}
		}
	}
	return out
}

// oneEdit returns the strings one edit from s over typoAlphabet (with
// repeats).
func oneEdit(s string) []string {
	rs := []rune(s)
	var out []string
	for i := 0; i <= len(rs); i++ {
		for _, a := range typoAlphabet {
			out = append(out, string(rs[:i])+string(a)+string(rs[i:])) // insert
		}
		if i == len(rs) {
			continue
		}
		out = append(out, string(rs[:i])+string(rs[i+1:])) // delete
		for _, a := range typoAlphabet {
			if a != rs[i] {
				out = append(out, string(rs[:i])+string(a)+string(rs[i+1:])) // replace
			}
		}
		if i+1 < len(rs) && rs[i] != rs[i+1] { // swap
			t := slices.Clone(rs)
			t[i], t[i+1] = t[i+1], t[i]
			out = append(out, string(t))
		}
	}
	return out
}

// typosBlocked reports whether the index holds a stem or a variant found,
// so that the word gets no typo edits.
func (b *builder) typosBlocked(stems []string, found []variant) bool {
	known := b.knownTerms()
	if known == nil {
		return true
	}
	for _, s := range stems {
		if known(s) {
			return true
		}
	}
	for _, v := range found {
		if known(v.term) {
			return true
		}
	}
	return false
}
