package index

// A search takes at most maxClauses terms. A longer query (a pasted
// paragraph) is not refused: it is searched by its most informative terms.
// Phrases, required and excluded terms, field clauses, prefixes and fuzzy
// words are kept first, in the order of the query, as far as the limit
// allows; the plain words fill the rest, the rarest in the index first
// (highest idf: the fewest documents hold their stem), each word once; the
// words the index does not hold come last, as they match nothing as typed. The query keeps
// its order. Every word left out is listed in Result.Rewrites with
// Dropped; words without any term to search (stop words, punctuation) are
// left out silently.

import (
	"slices"
	"sort"
	"strings"

	"github.com/fahras/fahras/analysis"
	"github.com/fahras/fahras/syntax"
)

// limitTerms returns clauses (and their units) cut to maxClauses terms.
func (b *builder) limitTerms(clauses []syntax.Clause, units [][]unit) ([]syntax.Clause, [][]unit) {
	if len(clauses) <= syntax.MaxClauses {
		return clauses, units
	}
	keep := make([]bool, len(clauses))
	n := 0
	for i, c := range clauses {
		if !isPlainWord(c) && n < syntax.MaxClauses {
			keep[i] = true
			n++
		}
	}
	type word struct {
		i  int
		df uint64
	}
	var words []word
	seen := map[string]bool{}
	for i, c := range clauses {
		if k := unitsKey(units[i]); isPlainWord(c) && k != "" && !seen[k] {
			seen[k] = true
			words = append(words, word{i, b.unitsDF(units[i])})
		}
	}
	// Rarest first; a word the index does not hold matches nothing as
	// typed (at most through typo edits): after every word it holds.
	sort.SliceStable(words, func(x, y int) bool { return words[x].df-1 < words[y].df-1 })
	kept := map[string]bool{}
	for _, w := range words[:min(len(words), syntax.MaxClauses-n)] {
		keep[w.i] = true
		kept[unitsKey(units[w.i])] = true
	}
	var outC []syntax.Clause
	var outU [][]unit
	var dropped []string
	for i, c := range clauses {
		switch {
		case keep[i]:
			outC, outU = append(outC, c), append(outU, units[i])
		case isPlainWord(c) && (unitsKey(units[i]) == "" || kept[unitsKey(units[i])]):
			// nothing to search, or a repeat of a word searched
		case !slices.Contains(dropped, c.Text):
			dropped = append(dropped, c.Text)
		}
	}
	for _, w := range dropped {
		b.rewrites = append(b.rewrites, Rewrite{Word: w, Dropped: true})
	}
	return outC, outU
}

// isPlainWord reports whether c is an optional word of the default fields.
func isPlainWord(c syntax.Clause) bool {
	return c.Kind == syntax.KindWord && c.Occur == syntax.Should && c.Field == ""
}

// unitsKey identifies a word by its stems ("" when it has none).
func unitsKey(us []unit) string {
	var parts []string
	for _, u := range us {
		parts = append(parts, strings.Join(u.terms[analysis.Stem], "|"))
	}
	return strings.Join(parts, " ")
}

// unitsDF is the document frequency of a word: for each of its units the
// largest of its stems' in the search fields, and the smallest of those.
func (b *builder) unitsDF(us []unit) uint64 {
	if b.bi == nil {
		return 0
	}
	var df uint64
	for k, u := range us {
		var most uint64
		for _, t := range u.terms[analysis.Stem] {
			for _, f := range b.view.search {
				most = max(most, docFreq(b.bi, fieldName(f.Name, analysis.Stem), t))
			}
		}
		if k == 0 || most < df {
			df = most
		}
	}
	return df
}

// asText is clause c read as plain words of the default fields (lenient
// parsing, for a clause the index refuses: a range on a text field, a
// phrase~N on a keyword field, a bad typed value, a prefix too common).
func asText(c syntax.Clause) syntax.Clause {
	text := c.Text
	if c.Field != "" {
		text = c.Field + " " + text
	}
	return syntax.Clause{Kind: syntax.KindWord, Text: text, Col: c.Col}
}
