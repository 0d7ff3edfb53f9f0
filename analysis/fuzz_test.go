package analysis

import (
	"testing"
	"unicode/utf8"
)

// FuzzAnalyze checks, for any input: no panic; every token's span is valid
// UTF-8 on rune boundaries with non-decreasing positions; Exact and Vocal
// terms are fixed points of the normalizer; the bleve stream with its
// in-place alternates equals a plain reference construction.
func FuzzAnalyze(f *testing.F) {
	for _, s := range mixedInputs {
		f.Add([]byte(s))
	}
	f.Add([]byte("وزير الوان والي ولاية لله ﷺ ءَأَنتُمۡ"))
	f.Fuzz(func(t *testing.T, in []byte) {
		for _, l := range Levels {
			toks := Analyze(in, l)
			checkTokens(t, in, toks)
			if l == Stem {
				continue
			}
			for _, tk := range NewAnalyzer(l, noStop).Analyze(in) {
				if got := NormalizeQueryTerm(tk.Term, l); got != tk.Term {
					t.Fatalf("%s: Normalize(%q) = %q, want it unchanged (input %q)", l, tk.Term, got, in)
				}
			}
		}
		if got, want := render(Analyze(in, Stem)), reference(in); got != want {
			t.Fatalf("Stem stream = %q, reference %q (input %q)", got, want, in)
		}
	})
}

// reference analyzes at Stem level the simple way: scan, drop stop words,
// stem each term, put its alternate right after it.
func reference(in []byte) string {
	var s scanner
	s.reset(false)
	s.scan(in)
	var toks []Token
	for _, rt := range s.toks {
		b := append([]byte(nil), s.arena[rt.term0:rt.term1]...)
		if defaults.stop.set.has(b, false) {
			continue
		}
		if rt.num {
			toks = append(toks, Token{Term: string(fold(b)), Position: rt.pos})
			continue
		}
		may := mayAlternate(b)
		p, a := defaults.stem.st.stem(b)
		toks = append(toks, Token{Term: string(p), Position: rt.pos})
		if a != nil {
			if !may {
				return "alternate without mayAlternate: " + string(a)
			}
			toks = append(toks, Token{Term: string(a), Position: rt.pos, Alternate: true})
		}
	}
	return render(toks)
}

func TestReferenceStream(t *testing.T) {
	for _, in := range append(append([]string{}, mixedInputs...), quranVerses(t, 500)...) {
		if got, want := render(Analyze([]byte(in), Stem)), reference([]byte(in)); got != want {
			t.Errorf("Stem stream of %q = %q, reference %q", in, got, want)
		}
	}
	if !utf8.ValidString(reference([]byte("\xff"))) {
		t.Error("reference output is not valid UTF-8")
	}
}
