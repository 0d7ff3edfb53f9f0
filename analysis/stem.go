package analysis

import (
	"strings"
	"unicode/utf8"
)

// fold rewrites the L1 term t into its L2 form in place (every folded
// letter keeps its 2-byte length) and returns it.
func fold(t []byte) []byte {
	for i := 0; i+1 < len(t); i++ {
		c := t[i]
		if c < 0xD8 || c > 0xDB { // not U+0600–U+06FF
			continue
		}
		r := rune(c&0x1F)<<6 | rune(t[i+1]&0x3F)
		if f := foldLetter(r); f != r {
			utf8.EncodeRune(t[i:], f)
		}
		i++
	}
	return t
}

// articles are the definite-article prefixes, longest first, in L1 form
// (bare alef: a hamzated alef is never the article, so ألوان is not ال+وان).
var articles = []string{"وبال", "وكال", "فبال", "فكال", "وال", "فال", "بال", "كال", "ولل", "فلل", "ال", "لل"}

// allahForms all stem to الله.
var allahForms = setOf("الله لله بالله والله تالله فالله ولله فلله وبالله فبالله")

// protectedWords are never stemmed.
var protectedWords = setOf("اللهم الله")

type suffix struct {
	s       string
	pronoun bool
}

// suffixes, longest first. Each removal must leave at least minStem letters.
var suffixes = []suffix{
	{"هما", true}, {"كما", true},
	{"هم", true}, {"هن", true}, {"كم", true}, {"كن", true}, {"نا", true}, {"ها", true},
	{"ات", false}, {"ان", false}, {"ين", false}, {"ون", false}, {"وا", false}, {"يه", false},
	{"ه", true}, {"ي", true},
}

const minStem = 3

// stemmer is the light stemmer. extra holds user-protected words (L2 form).
type stemmer struct {
	extra map[string]struct{}
}

// stem folds the L1 term t in place and returns its stem and, when the word
// is genuinely ambiguous, a second reading (else nil). Both alias t, except
// that the forms of الله are rewritten to الله (in t's spare capacity when
// it has some).
func (st *stemmer) stem(t []byte) (primary, alt []byte) {
	if len(t) < 4 || t[0] < 0xD8 || t[0] > 0xDB { // one letter, or not Arabic
		return fold(t), nil
	}
	art, waw := articlePrefix(t), hasPrefix(t, "و") // on the L1 form: ؤ is not و
	t = fold(t)
	if _, ok := allahForms[string(t)]; ok {
		return append(t[:0], "الله"...), nil
	}
	if _, ok := protectedWords[string(t)]; ok {
		return t, nil
	}
	if _, ok := st.extra[string(t)]; ok {
		return t, nil
	}
	if hasSuffix(t, "لله") { // عبدالله: no suffix stripping
		return t, nil
	}
	n := letters(t)
	if art != "" {
		rest := t[len(art):]
		r := n - utf8.RuneCountInString(art)
		switch {
		case r >= 2 && strings.HasSuffix(art, "لل"), r >= 4:
			return suffixLoop(rest), nil
		case r >= 2:
			// الوان: the article, or أل… typed without hamza: both readings.
			withArticle := t[len(art)-len("ال"):]
			return distinct(suffixLoop(rest), suffixLoop(withArticle))
		}
	}
	if waw && n >= 4 {
		// وزير: a root و or the conjunction: both readings.
		return distinct(suffixLoop(t), suffixLoop(t[2:]))
	}
	return suffixLoop(t), nil
}

// mayAlternate reports whether stem may return an alternate for the L1 term
// t. It must be true whenever stem returns one (the bleve tokenizer reserves
// room for alternates with it).
func mayAlternate(t []byte) bool {
	if len(t) < 6 || t[0] < 0xD8 || t[0] > 0xDB {
		return false
	}
	return hasPrefix(t, "و") || articlePrefix(t) != ""
}

func distinct(a, b []byte) ([]byte, []byte) {
	if string(a) == string(b) {
		return a, nil
	}
	return a, b
}

// articlePrefix returns the article prefix of the L1 term t, or "".
func articlePrefix(t []byte) string {
	for _, a := range articles {
		if hasPrefix(t, a) {
			return a
		}
	}
	return ""
}

// suffixLoop strips suffixes to a fixed point, keeping at least minStem
// letters; when a pronoun went and the stem ends in a ت that stood for a
// teh marbuta (سيارتي → سيارت), the ت goes too.
func suffixLoop(t []byte) []byte {
	n := letters(t)
	pronoun := false
	for changed := true; changed; {
		changed = false
		for _, s := range suffixes {
			sl := len(s.s) / 2
			if n-sl >= minStem && hasSuffix(t, s.s) {
				t = t[:len(t)-len(s.s)]
				n -= sl
				pronoun = pronoun || s.pronoun
				changed = true
				break
			}
		}
	}
	if pronoun && n >= 4 && hasSuffix(t, "ت") && !hasSuffix(t[:len(t)-2], "ا") {
		t = t[:len(t)-2]
	}
	return t
}

// letters counts the runes of t.
func letters(t []byte) int { return utf8.RuneCount(t) }

// stripProclitics removes an article prefix (and with it a preceding و ف
// ب ك) from the L1 term t when at least two letters remain, for prefix
// queries on the stemmed field. It does not fold.
func stripProclitics(t []byte) []byte {
	if art := articlePrefix(t); art != "" && letters(t)-utf8.RuneCountInString(art) >= 2 {
		return t[len(art):]
	}
	return t
}
