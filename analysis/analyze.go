package analysis

// PROVISIONAL: a minimal analyzer so that index/ can be built against the
// package API while the real tokenizer, normalizer, stop list and stemmer
// are written. To be replaced wholesale.

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Analyze splits input into tokens at level l.
func Analyze(input []byte, l Level) []Token {
	var toks []Token
	pos := 0
	i := 0
	for i < len(input) {
		r, n := utf8.DecodeRune(input[i:])
		if !isWordRune(r) {
			i += n
			continue
		}
		start := i
		for i < len(input) {
			r, n = utf8.DecodeRune(input[i:])
			if !isWordRune(r) && !unicode.Is(unicode.Cf, r) {
				break
			}
			i += n
		}
		term := normalize(string(input[start:i]), l)
		pos++
		if term == "" {
			continue
		}
		toks = append(toks, Token{Term: term, Start: start, End: i, Position: pos})
	}
	return toks
}

// NormalizeQueryTerm normalizes a single query term (for prefix, wildcard
// and fuzzy queries, which bleve does not analyze) the way Analyze would.
func NormalizeQueryTerm(term string, l Level) string { return normalize(term, l) }

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

func normalize(s string, l Level) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Cf, r), r == 'ـ':
		case unicode.IsMark(r) && l != Vocal:
		case r == 'أ' || r == 'إ' || r == 'آ' || r == 'ٱ':
			b.WriteRune('ا')
		case r == 'ى':
			b.WriteRune('ي')
		case r == 'ة':
			b.WriteRune('ه')
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	t := b.String()
	if l == Stem && strings.HasPrefix(t, "ال") && utf8.RuneCountInString(t) > 4 {
		t = t[len("ال"):]
	}
	return t
}
