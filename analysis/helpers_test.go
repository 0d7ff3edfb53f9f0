package analysis

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// noStop analyzes without stop words, to see every term.
var noStop = Options{StopWords: []string{}}

// render shows the terms of toks grouped by position: "a b {c, d}".
func render(toks []Token) string {
	var parts []string
	for i := 0; i < len(toks); i++ {
		if i+1 < len(toks) && toks[i+1].Alternate {
			group := []string{toks[i].Term}
			for i+1 < len(toks) && toks[i+1].Alternate {
				i++
				group = append(group, toks[i].Term)
			}
			parts = append(parts, "{"+strings.Join(group, ", ")+"}")
			continue
		}
		parts = append(parts, toks[i].Term)
	}
	return strings.Join(parts, " ")
}

// checkTokens asserts the offset and position contract for toks of in.
func checkTokens(t testing.TB, in []byte, toks []Token) {
	t.Helper()
	prevPos, prevStart := 0, 0
	bounds := runeBounds(in)
	for i, tk := range toks {
		if tk.Start < 0 || tk.End > len(in) || tk.Start >= tk.End {
			t.Fatalf("token %d %+v: bad span for input of %d bytes", i, tk, len(in))
		}
		if !utf8.Valid(in[tk.Start:tk.End]) {
			t.Fatalf("token %d %+v: input[%d:%d]=%q is not valid UTF-8", i, tk, tk.Start, tk.End, in[tk.Start:tk.End])
		}
		if !bounds[tk.Start] || !bounds[tk.End] {
			t.Fatalf("token %d %+v: span not on rune boundaries in %q", i, tk, in)
		}
		if tk.Position < prevPos || tk.Position < 1 {
			t.Fatalf("token %d %+v: position goes back from %d", i, tk, prevPos)
		}
		if tk.Alternate && (i == 0 || tk.Position != toks[i-1].Position || tk.Start != toks[i-1].Start || tk.End != toks[i-1].End) {
			t.Fatalf("token %d %+v: alternate does not share its word's position and span", i, tk)
		}
		if tk.Start < prevStart && tk.Position == prevPos {
			t.Fatalf("token %d %+v: start goes back", i, tk)
		}
		if tk.Term == "" {
			t.Fatalf("token %d %+v: empty term", i, tk)
		}
		prevPos, prevStart = tk.Position, tk.Start
	}
}

// runeBounds marks the offsets of b where a rune starts, decoding as the
// tokenizer does (an invalid byte is a rune of its own), and len(b).
func runeBounds(b []byte) map[int]bool {
	m := map[int]bool{len(b): true}
	for i := 0; i < len(b); {
		m[i] = true
		_, n := utf8.DecodeRune(b[i:])
		i += n
	}
	return m
}
