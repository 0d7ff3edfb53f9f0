package syntax

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ErrInvalid is wrapped by every error of a query string.
var ErrInvalid = errors.New("invalid query")

// Query limits.
const (
	MaxQueryRunes = 1024 // characters in a query
	MaxClauses    = 64   // words, phrases, prefixes and ranges in a query
	MaxFuzziness  = 2
	MaxSlop       = 20 // "phrase"~N
	DefaultSlop   = 2  // "phrase"~
)

// Error is a syntax or semantic error in a query string. It wraps
// ErrInvalid.
type Error struct {
	Column int // 1-based character (rune) position in the query
	Msg    string
}

func (e *Error) Error() string {
	return fmt.Sprintf("invalid query at character %d: %s", e.Column, e.Msg)
}

func (e *Error) Unwrap() error { return ErrInvalid }

// Occur says how a clause combines with the others.
type Occur uint8

const (
	Should Occur = iota
	Must
	MustNot
)

// Kind is what a clause matches.
type Kind uint8

const (
	KindWord   Kind = iota // plain text, analyzed
	KindPhrase             // quoted text, analyzed, in order
	KindPrefix             // word*
	KindFuzzy              // word~N
	KindRange              // field:>=v, field:a..b, field:v on typed fields
)

// Clause is one element of a parsed query.
type Clause struct {
	Occur  Occur
	Kind   Kind
	Field  string // "" for the default search fields
	Text   string // word, phrase, prefix or fuzzy term; range: raw value
	Fuzzy  int
	Slop   int    // phrase: positions the words may move ("a b"~N); 0 = in order, adjacent
	Lo, Hi string // range bounds ("" = open)
	LoIncl bool
	HiIncl bool
	Col    int // 1-based rune column of the clause in the query
}

// parser reads a query string one rune at a time.
type parser struct {
	src     string
	i       int // byte offset
	isField func(string) bool
	lenient bool // read syntax errors as plain text
	out     []Clause
}

// Parse splits q into clauses, strictly: bad syntax is a
// *Error. isField reports whether a name is a schema field.
func Parse(q string, isField func(string) bool) ([]Clause, error) {
	return parse(q, isField, false)
}

// ParseLenient is Parse that reads bad syntax as plain text; its
// only errors are invalid UTF-8 and a query too long.
func ParseLenient(q string, isField func(string) bool) ([]Clause, error) {
	return parse(q, isField, true)
}

func parse(q string, isField func(string) bool, lenient bool) ([]Clause, error) {
	if !utf8.ValidString(q) {
		return nil, &Error{Column: 1, Msg: "query is not valid UTF-8"}
	}
	if n := utf8.RuneCountInString(q); n > MaxQueryRunes {
		return nil, &Error{Column: MaxQueryRunes + 1, Msg: fmt.Sprintf("query too long (%d characters, at most %d)", n, MaxQueryRunes)}
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
	p.out = append(p.out, Clause{Kind: KindWord, Text: p.src[start:p.i], Col: p.col(start)})
}

// col converts byte offset off to a 1-based rune column.
func (p *parser) col(off int) int { return utf8.RuneCountInString(p.src[:off]) + 1 }

func (p *parser) errAt(off int, msg string) error {
	return &Error{Column: p.col(off), Msg: msg}
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
	c := Clause{Occur: Should}
	if r := p.peek(); r == '+' || r == '-' {
		if p.i+1 >= len(p.src) || isSpaceAt(p.src, p.i+1) {
			p.i++ // a lone operator is punctuation
			return nil
		}
		if r == '+' {
			c.Occur = Must
		} else {
			c.Occur = MustNot
		}
		p.i++
	}
	if name, n := p.fieldPrefix(); n > 0 {
		if !p.isField(name) {
			return p.errAt(p.i, fmt.Sprintf("unknown field %q", name))
		}
		c.Field = name
		p.i += n
	}
	c.Col = p.col(start)
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
func (p *parser) phrase(c Clause) error {
	open := p.i
	end := strings.IndexByte(p.src[open+1:], '"')
	if end < 0 {
		return p.errAt(open, `unterminated phrase: expected a closing "`)
	}
	c.Kind = KindPhrase
	c.Text = p.src[open+1 : open+1+end]
	p.i = open + 1 + end + 1
	if strings.TrimSpace(c.Text) == "" { // "": nothing to search
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
		c.Slop = slop
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
		return DefaultSlop, nil
	}
	if s[0] == '-' {
		return 0, p.errAt(start, fmt.Sprintf("the slop after ~ is a number from 0 to %d, not negative", MaxSlop))
	}
	n := 0
	for _, r := range s {
		d, ok := digitValue(r)
		if !ok {
			return 0, p.errAt(start, fmt.Sprintf("expected a number from 0 to %d after ~, got %q", MaxSlop, s))
		}
		if n = n*10 + d; n > MaxSlop {
			return 0, p.errAt(start, fmt.Sprintf("the slop after ~ is at most %d", MaxSlop))
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
func (p *parser) word(c Clause) error {
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
	if c.Field != "" && isRangeSyntax(w) {
		return p.rangeClause(c, w, start)
	}
	c.Kind, c.Text = KindWord, w
	if k := strings.IndexByte(w, '~'); k >= 0 {
		return p.fuzzy(c, w, start, k)
	}
	if k := strings.IndexByte(w, '*'); k >= 0 {
		if k != len(w)-1 {
			return p.errAt(start+k, "the wildcard * is allowed only at the end of a word")
		}
		c.Kind, c.Text = KindPrefix, w[:k]
		if utf8.RuneCountInString(c.Text) < 2 {
			return p.errAt(start, "a prefix needs at least 2 letters before *")
		}
	}
	p.out = append(p.out, c)
	return nil
}

// fuzzy parses word~, word~1 and word~2 (k is the offset of ~ in w).
func (p *parser) fuzzy(c Clause, w string, start, k int) error {
	c.Kind, c.Text, c.Fuzzy = KindFuzzy, w[:k], 1
	switch suffix := w[k+1:]; suffix {
	case "", "1":
	case "2":
		c.Fuzzy = 2
	default:
		if suffix >= "3" && suffix <= "9" && len(suffix) == 1 {
			return p.errAt(start+k+1, fmt.Sprintf("fuzziness is at most %d", MaxFuzziness))
		}
		return p.errAt(start+k+1, "expected 1 or 2 after ~")
	}
	if c.Text == "" || strings.ContainsAny(c.Text, "*~") {
		return p.errAt(start, "expected a word before ~")
	}
	if utf8.RuneCountInString(c.Text) < c.Fuzzy+2 {
		return p.errAt(start, fmt.Sprintf("a fuzzy word with ~%d needs at least %d letters", c.Fuzzy, c.Fuzzy+2))
	}
	p.out = append(p.out, c)
	return nil
}

// isRangeSyntax reports whether a field value is a comparison or a range.
func isRangeSyntax(w string) bool {
	return strings.HasPrefix(w, ">") || strings.HasPrefix(w, "<") || strings.Contains(w, "..")
}

// rangeClause parses >=v, >v, <=v, <v and a..b.
func (p *parser) rangeClause(c Clause, w string, start int) error {
	c.Kind, c.Text = KindRange, w
	switch {
	case strings.HasPrefix(w, ">="):
		c.Lo, c.LoIncl = w[2:], true
	case strings.HasPrefix(w, ">"):
		c.Lo = w[1:]
	case strings.HasPrefix(w, "<="):
		c.Hi, c.HiIncl = w[2:], true
	case strings.HasPrefix(w, "<"):
		c.Hi = w[1:]
	default:
		k := strings.Index(w, "..")
		c.Lo, c.Hi, c.LoIncl, c.HiIncl = w[:k], w[k+2:], true, true
		if c.Lo == "" && c.Hi == "" {
			return p.errAt(start, "a range needs at least one bound: a..b, a.. or ..b")
		}
		if strings.Contains(c.Hi, "..") {
			return p.errAt(start+k+2, `expected one ".." in a range`)
		}
		p.out = append(p.out, c)
		return nil
	}
	if c.Lo == "" && c.Hi == "" {
		return p.errAt(start, "expected a value after the comparison")
	}
	p.out = append(p.out, c)
	return nil
}
