package index

// Query-side variants of a word. The stemmer leaves the one-letter proclitics
// ب ل ك ف on a word (بتجريد، لتمويل، كبديل) because stripping them blindly
// breaks words that begin with those letters (بلد، لبن، كتب، فرح), and it
// keeps the alef of the accusative tanween (كبيرا، اعتراضا). A query word
// therefore misses the same word with a preposition attached. At query
// time the damage is cheap to undo without an index change: each stem of
// a query word is also looked up, at a lower weight, with such a letter
// added or removed, and with the alef added or removed. A variant that is
// not in the index costs one empty term lookup and scores nothing.

import (
	"sort"
	"unicode/utf8"

	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/fahras/fahras/analysis"
)

// variant is an extra term of a query word and its weight.
type variant struct {
	term   string
	weight float64
}

// Letters added or removed as one-letter proclitics and verb prefixes.
var (
	proclitics   = []string{"ب", "ل", "ك", "ف", "و"}
	verbPrefixes = []string{"ي", "ت", "ن", "ا"}
)

const (
	minFuzzyLetters   = 4 // letters of the shortest stem given fuzzy variants
	maxFuzzyVariants  = 8 // fuzzy variants of a stem per field
	minVariantLetters = 3 // letters a variant keeps
	tanweenAlef       = "ا"
	taa               = "ت" // the ة of a feminine noun before a dual or other suffix
)

// variants returns the weighted variants of the stems of one query word,
// without the stems themselves.
func (b *builder) variants(stems []string) []variant {
	var out []variant
	seen := map[string]bool{}
	for _, s := range stems {
		seen[s] = true
	}
	add := func(t string, w float64) {
		if w > 0 && !seen[t] && utf8.RuneCountInString(t) >= minVariantLetters {
			seen[t] = true
			out = append(out, variant{t, w})
		}
	}
	for _, s := range stems {
		if utf8.RuneCountInString(s) < minVariantLetters {
			continue
		}
		w := b.rank.cliticWeight
		for _, p := range proclitics {
			add(p+s, w)
			if rest, ok := cutPrefix(s, p); ok {
				add(rest, w)
			}
		}
		add(s+tanweenAlef, w)
		add(s+taa, b.rank.taaWeight)
		if rest, ok := cutSuffix(s, taa); ok {
			add(rest, b.rank.taaWeight)
		}
		if rest, ok := cutSuffix(s, tanweenAlef); ok && utf8.RuneCountInString(rest) >= minVariantLetters+1 {
			add(rest, w)
		}
		for _, t := range b.fuzzyVariants(s) {
			add(t, b.rank.fuzzyWeight)
		}
		for _, p := range verbPrefixes {
			add(p+s, b.rank.verbWeight)
			if rest, ok := cutPrefix(s, p); ok {
				add(rest, b.rank.verbWeight)
			}
		}
	}
	return out
}

func cutPrefix(s, p string) (string, bool) {
	if len(s) > len(p) && s[:len(p)] == p {
		return s[len(p):], true
	}
	return "", false
}

func cutSuffix(s, p string) (string, bool) {
	if len(s) > len(p) && s[len(s)-len(p):] == p {
		return s[:len(s)-len(p)], true
	}
	return "", false
}

// fuzzyVariants returns the terms of the stem fields within one edit of
// s (per field, the maxFuzzyVariants in the most documents), for stems
// of at least minFuzzyLetters letters: the spellings of a transliterated
// name (كارولينا، كارولاينا), a dropped or added long vowel, a hamza seat
// the normalizer keeps apart.
func (b *builder) fuzzyVariants(s string) []string {
	if b.rank.fuzzyWeight == 0 || utf8.RuneCountInString(s) < minFuzzyLetters {
		return nil
	}
	fr, ok := b.reader().(bleveindex.IndexReaderFuzzy)
	if !ok {
		return nil
	}
	var out []string
	for _, f := range b.view.search {
		d, err := fr.FieldDictFuzzy(fieldName(f.Name, analysis.Stem), s, 1, "")
		if err != nil {
			continue
		}
		var es []bleveindex.DictEntry
		for e, err := d.Next(); e != nil && err == nil; e, err = d.Next() {
			if e.Term != s {
				es = append(es, *e)
			}
		}
		d.Close()
		// The spellings of most documents first; the dictionary gives them
		// in byte order, which breaks ties.
		sort.SliceStable(es, func(i, j int) bool { return es[i].Count > es[j].Count })
		for i := 0; i < len(es) && i < maxFuzzyVariants; i++ {
			out = append(out, es[i].Term)
		}
	}
	return out
}
