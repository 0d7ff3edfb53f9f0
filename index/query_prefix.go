package index

// Search as you type: with Request.PrefixLast the last word of the query,
// which the user may not have finished typing, also matches the words of
// the index that begin with it (normalized like a prefix query: الخوارز
// finds الخوارزميات). A document with the word itself matches both and
// ranks above those with a longer word. A last word that is too short or
// too common to expand is searched as a word only: typing never makes an
// error.

import (
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/fahras/fahras/syntax"
)

// lastWordCol returns the column of the clause searched as a prefix too:
// with req.PrefixLast, the last clause when it is a plain or required
// word and the query ends with a letter (no space or punctuation after
// the word: a finished word is searched as typed); 0 otherwise.
func lastWordCol(req Request, clauses []syntax.Clause) int {
	if !req.PrefixLast || len(clauses) == 0 {
		return 0
	}
	c := clauses[len(clauses)-1]
	r, _ := utf8.DecodeLastRuneInString(req.Query)
	if c.Kind != syntax.KindWord || c.Occur == syntax.MustNot || !(unicode.IsLetter(r) || unicode.Is(unicode.Mn, r)) {
		return 0
	}
	return c.Col
}

// withPrefix returns q, the query of word u of clause c, or'ed with the
// words of fields that begin with u, when u expands to at most
// maxExpansions of them.
func (b *builder) withPrefix(q query.Query, fields []Field, c syntax.Clause, u unit) query.Query {
	pc := c
	pc.Kind, pc.Text = syntax.KindPrefix, u.surface
	pq, err := b.prefixQuery(fields, pc)
	if err != nil {
		return q
	}
	return anyOf([]query.Query{q, pq})
}
