package main

import (
	"strings"
	"unicode/utf8"
)

// The inflected forms of a word, for judgments. They are generated from the
// typed word, never guessed from document words, so that a judgment does
// not depend on fahras's stemmer: the word's bases are the typed word with
// at most the article (with و ب ف ك ل before it) and one suffix from
// stripSuffixes removed, keeping three letters (two behind the article:
// الله → له, whose forms then need the article); its forms are every base
// with a proclitic from proclitics and a suffix from suffixes, in the
// analyzer's exact spelling (ة written ه, ى written ي, hamza seats folded).
// Broken plurals and derived words are not forms: a judgment is about the
// word, not its root.

var (
	articles      = []string{"وال", "بال", "فال", "كال", "ولل", "فلل", "ال", "لل"}
	stripSuffixes = []string{"ين", "ون", "ات", "وا", "هم", "ها", "كم", "نا", "ه", "ا"}
	bare          = []string{"", "و", "ف", "ب", "ك", "ل", "وب", "فب", "ول", "فل", "وك", "فك", "س", "وس", "فس"}
	suffixes      = []string{"", "ه", "ها", "هم", "هما", "هن", "ك", "كم", "كما", "كن", "ي", "ني", "نا", "ان", "ين", "ون", "ات", "ا", "وا", "تان", "تين", "ته", "تها", "تهم", "تهما", "تهن", "تك", "تكم", "تي", "تنا"}
)

type base struct {
	stem    string
	article bool // the base came from a word with the article: forms need it
}

// bases returns the bases of the typed word w (in exact spelling).
func bases(w string) []base {
	var out []base
	add := func(s string, art bool) {
		min := 3
		if art {
			min = 2
		}
		if utf8.RuneCountInString(s) >= min {
			out = append(out, base{s, art && utf8.RuneCountInString(s) < 3})
		}
	}
	starts := []base{{w, false}}
	for _, a := range articles {
		if rest, ok := strings.CutPrefix(w, a); ok {
			starts = append(starts, base{rest, true})
			break
		}
	}
	for _, s := range starts {
		add(s.stem, s.article)
		for _, suf := range stripSuffixes {
			if rest, ok := strings.CutSuffix(s.stem, suf); ok {
				add(rest, s.article)
			}
		}
	}
	return out
}

// forms returns the inflected forms of the typed word w.
func forms(w string) []string {
	seen := map[string]bool{}
	var out []string
	add := func(f string) {
		if !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	for _, b := range bases(w) {
		pre := append(append([]string{}, articles...), bare...)
		if b.article {
			pre = articles
		}
		stems := []string{b.stem}
		if t, ok := strings.CutSuffix(b.stem, "ه"); ok && utf8.RuneCountInString(t) >= 2 {
			stems = append(stems, t+"ت") // ة before a suffix
		}
		for _, p := range pre {
			for i, s := range stems {
				for _, suf := range suffixes {
					if i > 0 && suf == "" {
						continue
					}
					f := p + s + suf
					if strings.HasSuffix(p, "لل") && strings.HasPrefix(s, "ل") {
						f = p + strings.TrimPrefix(s, "ل") + suf // ل + الله → لله
					}
					add(f)
				}
			}
		}
	}
	return out
}
