// Package syntax parses the query language of fahras into clauses: text
// in, a flat syntax tree out, with no index and no bleve behind it. Package
// index plans the clauses (word groups, readings, rewrites) and evaluates
// them. The language:
//
//	word word           ranked OR of the words (Request.All: every word required)
//	"a phrase"          the words in order
//	"a phrase"~N        the words near each other, in any order: at most N
//	                    moves from the phrase (0..20; "a phrase"~ is ~2)
//	+word  +"phrase"    required (+"phrase"~N too)
//	-word  -"phrase"    excluded (-"phrase"~N too)
//	field:word          the word in one field (field:"a phrase", field:"a phrase"~N)
//	word*               prefix, normalized like the index (at least 2 letters)
//	word~  word~1  word~2   fuzzy: at most 1 or 2 edits
//	field:>=2020  field:>2020  field:<2020  field:<=2020
//	field:2020..2024    inclusive range on a number or date field; one side may
//	                    be left open (field:2020..); dates are YYYY-MM-DD or RFC 3339
//
// Clauses on keyword, number, date and bool fields (field:value, comparisons,
// ranges) restrict the hits without scoring: values of one field are OR'ed,
// different fields AND'ed, and -field:value excludes. A keyword value is
// matched as is (also field:"two words", field:pre*, field:a..b).
//
// A sloppy phrase "w1 w2 ... wk"~N matches when its words, at token
// positions p1..pk of one field value (one element of an array), fit within
// N moves of the phrase: with oi the place of word i in the phrase (stop
// words of the phrase keep their place, as in a plain phrase), the match
// costs max(pi-oi) - min(pi-oi), as in Lucene. One word between the two
// words of a phrase costs 1, two words swapped cost 2, and each word needs
// its own position. ~0 is the plain phrase. N is written in ASCII or
// Arabic-Indic digits and only applies to text fields (index/phrase_slop.go).
//
// Anything else is text for the analyzer: punctuation is ignored. A colon
// makes a field clause only after a schema field name or an ASCII name (an
// unknown ASCII name is an error); "قال:" stays text. An empty phrase ""
// is nothing to search and is ignored (pasted text often doubles quotes:
// اتفاقية ""سيداو"" تقول).
//
// A query may have any number of terms: when it has more than MaxClauses,
// the index keeps the most informative (index/query_limit.go).
//
// Lenient parsing (ParseLenient; index.Request.Lenient), for a query that is still being
// typed, reads what strict parsing refuses as plain text, in the manner of
// Elasticsearch's simple_query_string: the element up to the next white
// space is searched as words (an unclosed "quote, a lone * or a prefix of
// one letter, a bad ~N, an unknown field:, a broken range). A trailing -
// or + is punctuation in both modes.
//
// Contract:
//   - Parse reads a query of at most MaxQueryRunes characters into clauses
//     in query order; bad syntax is an *Error with the 1-based character
//     column, wrapping ErrInvalid. isField says which names are fields.
//   - ParseLenient never fails on syntax: what Parse refuses is read as
//     words (KindWord clauses).
//   - A Clause holds text as typed (no normalization or analysis: that is
//     the index's, level by level).
package syntax
