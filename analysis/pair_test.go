package analysis

import (
	"fmt"
	"testing"

	bleveanalysis "github.com/blevesearch/bleve/v2/analysis"
)

// TestPairEqualsTwoAnalyzers: the one-pass analysis gives the streams of
// the Stem and Exact analyzers, token by token, on the whole Qur'an and on
// news-like text with stop words, numbers, Latin, alternates and marks.
func TestPairEqualsTwoAnalyzers(t *testing.T) {
	texts := append(quranVerses(t, 0),
		"", "   ", "من في على", "قال الرئيس إن الاتفاقية ستوقع في ٢٠١٥ مع شركة Google",
		"وَالْمُؤْمِنُونَ والمؤمنات بالأمس ومعلماتهن", "كتب الطالبان كتبا للمدرستين ـــ",
		"\u200fالصلاة\u200e الصلوة", "لا إله إلا الله",
	)
	for _, c := range []struct {
		name string
		o    Options
	}{{"default stop words", Options{}}, {"no stop words", noStop}, {"own stop words", Options{StopWords: []string{"الله", "قال"}}}} {
		t.Run(c.name, func(t *testing.T) {
			comp := newComponents(c.o)
			stem, exact := comp.analyzer(Stem, false), comp.analyzer(Exact, false)
			p, ok := NewPair(stem, exact)
			if !ok {
				t.Fatal("NewPair refused this package's Stem and Exact analyzers")
			}
			for i, text := range texts {
				gotS, gotE := p.Analyze([]byte(text))
				if d := diffStreams(gotS, stem.Analyze([]byte(text))); d != "" {
					t.Fatalf("text %d, stem: %s", i, d)
				}
				if d := diffStreams(gotE, exact.Analyze([]byte(text))); d != "" {
					t.Fatalf("text %d, exact: %s", i, d)
				}
			}
		})
	}
}

func TestNewPairRefuses(t *testing.T) {
	def := newComponents(Options{})
	other := newComponents(Options{StopWords: []string{"الله"}})
	tests := []struct {
		name        string
		stem, exact bleveanalysis.Analyzer
	}{
		{"vocal for exact", def.analyzer(Stem, false), def.analyzer(Vocal, false)},
		{"exact for stem", def.analyzer(Exact, false), def.analyzer(Exact, false)},
		{"other stop words", def.analyzer(Stem, false), other.analyzer(Exact, false)},
		{"query analyzer with question words", def.analyzer(Stem, true), def.analyzer(Exact, false)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, ok := NewPair(tt.stem, tt.exact); ok {
				t.Error("NewPair accepted analyzers that analyze differently")
			}
		})
	}
}

func diffStreams(got, want bleveanalysis.TokenStream) string {
	if len(got) != len(want) {
		return fmt.Sprintf("%d tokens, want %d", len(got), len(want))
	}
	for i := range got {
		g, w := got[i], want[i]
		if string(g.Term) != string(w.Term) || g.Start != w.Start || g.End != w.End || g.Position != w.Position || g.Type != w.Type || g.KeyWord != w.KeyWord {
			return fmt.Sprintf("token %d: %+v (%s), want %+v (%s)", i, *g, g.Term, *w, w.Term)
		}
	}
	return ""
}
