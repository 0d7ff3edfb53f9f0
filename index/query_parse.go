package index

// The query language, parsed here into clauses and turned into bleve queries
// in query_build.go:
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
// Arabic-Indic digits and only applies to text fields (phrase_slop.go).
//
// Anything else is text for the analyzer: punctuation is ignored. A colon
// makes a field clause only after a schema field name or an ASCII name (an
// unknown ASCII name is an error); "قال:" stays text. An empty phrase ""
// is nothing to search and is ignored (pasted text often doubles quotes:
// اتفاقية ""سيداو"" تقول).
//
// A query may have any number of terms: when it has more than maxClauses,
// the builder keeps the most informative (query_limit.go).
//
// Lenient parsing (Request.Lenient), for a query that is still being
// typed, reads what strict parsing refuses as plain text, in the manner of
// Elasticsearch's simple_query_string: the element up to the next white
// space is searched as words (an unclosed "quote, a lone * or a prefix of
// one letter, a bad ~N, an unknown field:, a broken range). A trailing -
// or + is punctuation in both modes.

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Query limits.
const (
	maxQueryRunes = 1024 // characters in a query
	maxClauses    = 64   // words, phrases, prefixes and ranges in a query
	maxFuzziness  = 2
	maxSlop       = 20 // "phrase"~N
	defaultSlop   = 2  // "phrase"~
)

// QueryError is a syntax or semantic error in a query string. It wraps
// ErrInvalidQuery.
type QueryError struct {
	Column int // 1-based character (rune) position in the query
	Msg    string
}

func (e *QueryError) Error() string {
	return fmt.Sprintf("invalid query at character %d: %s", e.Column, e.Msg)
}

func (e *QueryError) Unwrap() error { return ErrInvalidQuery }

// occur says how a clause combines with the others.
type occur uint8

const (
	should occur = iota
	must
	mustNot
)

// clauseKind is what a clause matches.
type clauseKind uint8

const (
	kindWord   clauseKind = iota // plain text, analyzed
	kindPhrase                   // quoted text, analyzed, in order
	kindPrefix                   // word*
	kindFuzzy                    // word~N
	kindRange                    // field:>=v, field:a..b, field:v on typed fields
)

// clause is one element of a parsed query.
type clause struct {
	occur  occur
	kind   clauseKind
	field  string // "" for the default search fields
	text   string // word, phrase, prefix or fuzzy term; range: raw value
	fuzzy  int
	slop   int    // phrase: positions the words may move ("a b"~N); 0 = in order, adjacent
	lo, hi string // range bounds ("" = open)
	loIncl bool
	hiIncl bool
	col    int // 1-based rune column of the clause in the query
}

// parser reads a query string one rune at a time.
type parser struct {
	src     string
	i       int // byte offset
	isField func(string) bool
	lenient bool // read syntax errors as plain text
	out     []clause
}

// parseQuery splits q into clauses, strictly: bad syntax is a
// *QueryError. isField reports whether a name is a schema field.
func parseQuery(q string, isField func(string) bool) ([]clause, error) {
	return parse(q, isField, false)
}

// parseLenient is parseQuery that reads bad syntax as plain text; its
// only errors are invalid UTF-8 and a query too long.
func parseLenient(q string, isField func(string) bool) ([]clause, error) {
	return parse(q, isField, true)
}

func parse(q string, isField func(string) bool, lenient bool) ([]clause, error) {
	if !utf8.ValidString(q) {
		return nil, &QueryError{Column: 1, Msg: "query is not valid UTF-8"}
	}
	if n := utf8.RuneCountInString(q); n > maxQueryRunes {
		return nil, &QueryError{Column: maxQueryRunes + 1, Msg: fmt.Sprintf("query too long (%d characters, at most %d)", n, maxQueryRunes)}
	}
	p := &parser{src: q, isField: isField, lenient: lenient}
	for {
		p.skipSpace()
		if p.i >= len(p.src) {
			break
		}
		start, n := p.i, len(p.out)
		if err := p.clause(); err != nil {
			if !p.lenient {
				return nil, err
			}
			p.i, p.out = start, p.out[:n]
			p.plainText()
		}
	}
	return p.out, nil
}

// plainText reads the input at p.i up to white space as a plain word: the
// analyzer ignores its punctuation (lenient parsing).
func (p *parser) plainText() {
	start := p.i
	end := strings.IndexFunc(p.src[start:], unicode.IsSpace)
	if end < 0 {
		end = len(p.src) - start
	}
	p.i = start + end
	p.out = append(p.out, clause{kind: kindWord, text: p.src[start:p.i], col: p.col(start)})
}

// col converts byte offset off to a 1-based rune column.
func (p *parser) col(off int) int { return utf8.RuneCountInString(p.src[:off]) + 1 }

func (p *parser) errAt(off int, msg string) error {
	return &QueryError{Column: p.col(off), Msg: msg}
}

func (p *parser) peek() rune {
	if p.i >= len(p.src) {
		return 0
	}
	r, _ := utf8.DecodeRuneInString(p.src[p.i:])
	return r
}

func (p *parser) skipSpace() {
	for p.i < len(p.src) {
		r, n := utf8.DecodeRuneInString(p.src[p.i:])
		if !unicode.IsSpace(r) {
			return
		}
		p.i += n
	}
}

// clause parses one [+-][field:](word|"phrase") element.
func (p *parser) clause() error {
	start := p.i
	c := clause{occur: should}
	if r := p.peek(); r == '+' || r == '-' {
		if p.i+1 >= len(p.src) || isSpaceAt(p.src, p.i+1) {
			p.i++ // a lone operator is punctuation
			return nil
		}
		if r == '+' {
			c.occur = must
		} else {
			c.occur = mustNot
		}
		p.i++
	}
	if name, n := p.fieldPrefix(); n > 0 {
		if !p.isField(name) {
			return p.errAt(p.i, fmt.Sprintf("unknown field %q", name))
		}
		c.field = name
		p.i += n
	}
	c.col = p.col(start)
	if p.peek() == '"' {
		return p.phrase(c)
	}
	return p.word(c)
}

// fieldPrefix returns the field name and the length of "name:" when the
// input at p.i is a field clause.
func (p *parser) fieldPrefix() (string, int) {
	rest := p.src[p.i:]
	end := strings.IndexFunc(rest, func(r rune) bool { return unicode.IsSpace(r) || r == ':' || r == '"' })
	if end <= 0 || rest[end] != ':' || end+1 >= len(rest) || isSpaceAt(rest, end+1) {
		return "", 0
	}
	name := rest[:end]
	if p.isField(name) || isASCIIName(name) {
		return name, end + 1
	}
	return "", 0
}

func isSpaceAt(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsSpace(r)
}

// isASCIIName reports whether s looks like a field name: [A-Za-z_][A-Za-z0-9_.]*.
func isASCIIName(s string) bool {
	for i, r := range s {
		letter := r == '_' || ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z')
		if !letter && (i == 0 || !(r == '.' || ('0' <= r && r <= '9'))) {
			return false
		}
	}
	return s != ""
}

// phrase parses "..." at p.i.
func (p *parser) phrase(c clause) error {
	open := p.i
	end := strings.IndexByte(p.src[open+1:], '"')
	if end < 0 {
		return p.errAt(open, `unterminated phrase: expected a closing "`)
	}
	c.kind = kindPhrase
	c.text = p.src[open+1 : open+1+end]
	p.i = open + 1 + end + 1
	if strings.TrimSpace(c.text) == "" { // "": nothing to search
		if p.peek() == '~' {
			p.slop() // and its ~N, whatever it says
		}
		return nil
	}
	if p.peek() == '~' {
		slop, err := p.slop()
		if err != nil {
			return err
		}
		c.slop = slop
	}
	p.out = append(p.out, c)
	return nil
}

// slop parses the ~N after a phrase (p.i at ~): N is ASCII or Arabic-Indic
// digits up to white space or a quote, defaultSlop when absent.
func (p *parser) slop() (int, error) {
	p.i++ // ~
	start := p.i
	end := strings.IndexFunc(p.src[start:], func(r rune) bool { return unicode.IsSpace(r) || r == '"' })
	if end < 0 {
		end = len(p.src) - start
	}
	s := p.src[start : start+end]
	p.i = start + end
	if s == "" {
		return defaultSlop, nil
	}
	if s[0] == '-' {
		return 0, p.errAt(start, fmt.Sprintf("the slop after ~ is a number from 0 to %d, not negative", maxSlop))
	}
	n := 0
	for _, r := range s {
		d, ok := digitValue(r)
		if !ok {
			return 0, p.errAt(start, fmt.Sprintf("expected a number from 0 to %d after ~, got %q", maxSlop, s))
		}
		if n = n*10 + d; n > maxSlop {
			return 0, p.errAt(start, fmt.Sprintf("the slop after ~ is at most %d", maxSlop))
		}
	}
	return n, nil
}

// digitValue returns the value of an ASCII, Arabic-Indic (٠..٩) or
// Extended Arabic-Indic (۰..۹) digit.
func digitValue(r rune) (int, bool) {
	for _, zero := range []rune{'0', '\u0660', '\u06F0'} {
		if r >= zero && r <= zero+9 {
			return int(r - zero), true
		}
	}
	return 0, false
}

// word parses a bare word (up to white space or a quote) and its suffix.
func (p *parser) word(c clause) error {
	start := p.i
	end := strings.IndexFunc(p.src[start:], func(r rune) bool { return unicode.IsSpace(r) || r == '"' })
	if end < 0 {
		end = len(p.src) - start
	}
	w := p.src[start : start+end]
	p.i = start + end
	if w == "" {
		return p.errAt(start, "expected a word or a phrase")
	}
	if c.field != "" && isRangeSyntax(w) {
		return p.rangeClause(c, w, start)
	}
	c.kind, c.text = kindWord, w
	if k := strings.IndexByte(w, '~'); k >= 0 {
		return p.fuzzy(c, w, start, k)
	}
	if k := strings.IndexByte(w, '*'); k >= 0 {
		if k != len(w)-1 {
			return p.errAt(start+k, "the wildcard * is allowed only at the end of a word")
		}
		c.kind, c.text = kindPrefix, w[:k]
		if utf8.RuneCountInString(c.text) < 2 {
			return p.errAt(start, "a prefix needs at least 2 letters before *")
		}
	}
	p.out = append(p.out, c)
	return nil
}

// fuzzy parses word~, word~1 and word~2 (k is the offset of ~ in w).
func (p *parser) fuzzy(c clause, w string, start, k int) error {
	c.kind, c.text, c.fuzzy = kindFuzzy, w[:k], 1
	switch suffix := w[k+1:]; suffix {
	case "", "1":
	case "2":
		c.fuzzy = 2
	default:
		if suffix >= "3" && suffix <= "9" && len(suffix) == 1 {
			return p.errAt(start+k+1, fmt.Sprintf("fuzziness is at most %d", maxFuzziness))
		}
		return p.errAt(start+k+1, "expected 1 or 2 after ~")
	}
	if c.text == "" || strings.ContainsAny(c.text, "*~") {
		return p.errAt(start, "expected a word before ~")
	}
	if utf8.RuneCountInString(c.text) < c.fuzzy+2 {
		return p.errAt(start, fmt.Sprintf("a fuzzy word with ~%d needs at least %d letters", c.fuzzy, c.fuzzy+2))
	}
	p.out = append(p.out, c)
	return nil
}

// isRangeSyntax reports whether a field value is a comparison or a range.
func isRangeSyntax(w string) bool {
	return strings.HasPrefix(w, ">") || strings.HasPrefix(w, "<") || strings.Contains(w, "..")
}

// rangeClause parses >=v, >v, <=v, <v and a..b.
func (p *parser) rangeClause(c clause, w string, start int) error {
	c.kind, c.text = kindRange, w
	switch {
	case strings.HasPrefix(w, ">="):
		c.lo, c.loIncl = w[2:], true
	case strings.HasPrefix(w, ">"):
		c.lo = w[1:]
	case strings.HasPrefix(w, "<="):
		c.hi, c.hiIncl = w[2:], true
	case strings.HasPrefix(w, "<"):
		c.hi = w[1:]
	default:
		k := strings.Index(w, "..")
		c.lo, c.hi, c.loIncl, c.hiIncl = w[:k], w[k+2:], true, true
		if c.lo == "" && c.hi == "" {
			return p.errAt(start, "a range needs at least one bound: a..b, a.. or ..b")
		}
		if strings.Contains(c.hi, "..") {
			return p.errAt(start+k+2, `expected one ".." in a range`)
		}
		p.out = append(p.out, c)
		return nil
	}
	if c.lo == "" && c.hi == "" {
		return p.errAt(start, "expected a value after the comparison")
	}
	p.out = append(p.out, c)
	return nil
}
