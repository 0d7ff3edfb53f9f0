package index

// Query-side variants of a word. The stemmer leaves the one-letter
// proclitics ب ل ك ف on a word (بتجريد، لتمويل، كبديل) because stripping
// them blindly breaks words that begin with those letters (بلد، لبن، كتب،
// فرح; a second reading for them was measured and not kept); it reads a
// ت before a dual or plural ending both ways only when four letters stay
// (منطقتين → منطقت and منطق, but سنتين → سنت); and the normalizer keeps
// apart spellings that differ by a long-vowel letter (كارولينا، كارولاينا؛
// ابرهيم، ابراهيم). A query word therefore misses forms of itself. At query
// time this is cheap to undo without an index change: each stem of a query
// word is also looked up, at a lower weight, with such a letter added or
// removed, and, for stems of four letters or more, as the index terms one
// long-vowel letter apart. A variant that is not in the index costs one
// empty term lookup and scores nothing. Excluded and quoted words get no
// variants. The accusative tanween alef (كبيرا) and the hamza seats
// (مسؤول، مسئول) need no variant: the stemmer reads them both ways
// (analysis/stem.go), for documents and queries alike.

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/fahras/fahras/analysis"
)

// variant is an extra term of a query word and its weight.
type variant struct {
	term   string
	weight float64
	kind   altKind // altVariant or altTypo (rank_group.go)
}

// Letters added or removed as one-letter proclitics and verb prefixes.
var (
	proclitics   = []string{"ب", "ل", "ك", "ف", "و"}
	verbPrefixes = []string{"ي", "ت", "ن", "ا"}
)

const (
	minVariantLetters  = 3   // letters a variant keeps
	minSpellingLetters = 4   // letters of the shortest stem given spelling variants
	taa                = "ت" // the ة of a feminine noun before a dual or other suffix
	// dual is the ending the stemmer keeps on words of five letters
	// (سلطان، رجلان: analysis/stem.go), added or removed as a variant.
	dual = "ان"
	// longVowels are the letters that spell long vowels (matres lectionis)
	// and, once hamza is folded, its seats.
	longVowels = "اوي"
)

// variants returns the weighted variants of the stems of query word u,
// without the stems themselves, once per word and query (every searched
// field asks for them).
func (b *builder) variants(u unit) []variant {
	key := strings.Join(u.terms[analysis.Stem], " ") + "|" + strings.Join(u.terms[analysis.Exact], " ")
	if vs, ok := b.variantsOf[key]; ok {
		return vs
	}
	vs := b.wordVariants(u)
	if b.variantsOf == nil {
		b.variantsOf = map[string][]variant{}
	}
	b.variantsOf[key] = vs
	return vs
}

// wordVariants returns the variants of the stems of u.
func (b *builder) wordVariants(u unit) []variant {
	stems := u.terms[analysis.Stem]
	var out []variant
	seen := map[string]bool{}
	for _, s := range stems {
		seen[s] = true
	}
	kind := altVariant
	add := func(t string, w float64) {
		if w > 0 && !seen[t] && utf8.RuneCountInString(t) >= minVariantLetters {
			seen[t] = true
			out = append(out, variant{t, w, kind})
		}
	}
	addAffix := func(s, affix string, w float64, prefix bool) {
		if prefix {
			add(affix+s, w)
			if rest, ok := strings.CutPrefix(s, affix); ok {
				add(rest, w)
			}
			return
		}
		add(s+affix, w)
		if rest, ok := strings.CutSuffix(s, affix); ok {
			add(rest, w)
		}
	}
	for _, s := range stems {
		if utf8.RuneCountInString(s) < minVariantLetters {
			continue
		}
		for _, p := range proclitics {
			addAffix(s, p, b.rank.cliticWeight, true)
		}
		addAffix(s, taa, b.rank.taaWeight, false)
		addAffix(s, dual, b.rank.taaWeight, false)
		for _, t := range b.spellings(s) {
			add(t, b.rank.spellingWeight)
		}
		for _, t := range b.plurals(s) {
			add(t, b.rank.pluralWeight)
		}
		for _, p := range verbPrefixes {
			addAffix(s, p, b.rank.verbWeight, true)
		}
	}
	ts := b.typos(stems, out) // the edits share the weight
	kind = altTypo
	for _, t := range ts {
		add(t, b.rank.typoWeight/float64(len(ts)))
	}
	if len(ts) == 0 { // edits of the typed word itself: المؤمنبن → المؤمنين
		es := b.exactTypos(u, out)
		for _, t := range es {
			add(t, b.rank.typoWeight/float64(len(es)))
		}
		ts = es
	}
	if len(ts) > 0 {
		b.rewrites = append(b.rewrites, Rewrite{Word: u.surface, Typo: true})
	}
	return out
}

// spellings returns the terms of the stem fields one long-vowel letter
// apart from s, for stems of at least minSpellingLetters letters.
func (b *builder) spellings(s string) []string {
	if b.rank.spellingWeight == 0 || utf8.RuneCountInString(s) < minSpellingLetters {
		return nil
	}
	return b.inIndex(longVowelEdits(s), s)
}

// inIndex returns the candidates, other than s, that the stem dictionaries
// of the searched fields hold, once each.
func (b *builder) inIndex(cands []string, s string) []string {
	known := b.knownTerms()
	if known == nil {
		return nil
	}
	var out []string
	for _, c := range cands {
		if c != s && !slices.Contains(out, c) && known(c) {
			out = append(out, c)
		}
	}
	return out
}

// longVowelEdits returns the strings one long-vowel letter apart from s: a
// long-vowel letter removed, inserted or replaced by another.
func longVowelEdits(s string) []string {
	rs := []rune(s)
	var out []string
	for i := 0; i <= len(rs); i++ {
		for _, v := range longVowels {
			out = append(out, string(rs[:i])+string(v)+string(rs[i:]))
		}
		if i == len(rs) || !isLongVowel(rs[i]) {
			continue
		}
		out = append(out, string(rs[:i])+string(rs[i+1:]))
		for _, v := range longVowels {
			if v != rs[i] {
				out = append(out, string(rs[:i])+string(v)+string(rs[i+1:]))
			}
		}
	}
	return out
}

func isLongVowel(r rune) bool { return strings.ContainsRune(longVowels, r) }
