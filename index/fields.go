package index

import "github.com/fahras/fahras/analysis"

// A text field f of a document is indexed under one bleve field per
// representation: f itself holds the stemmed terms (and the stored value),
// f.exact the normalized unstemmed terms and f.vocal the diacritics-preserving
// terms of the words written with harakat (store_vocal.go). f and f.vocal
// carry term vectors, so phrases and highlights come from them; f.exact has
// none (mapping.go).

// fieldName returns the bleve field that holds representation l of field f.
func fieldName(f string, l analysis.Level) string {
	if l == analysis.Stem {
		return f
	}
	return f + "." + l.String()
}
