package index

import (
	"bytes"
	"context"
	"errors"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/search"
	"github.com/google/go-cmp/cmp"
)

// slopDocs have the words وزير and الخارجية adjacent, one, three and seven
// words apart, swapped, across a stop word, and in two array elements.
var slopDocs = []Document{
	{"id": "adjacent", "text": "صرح وزير الخارجية أمس للصحفيين"},
	{"id": "one", "text": "صرح وزير الشؤون الخارجية أمس"},
	{"id": "three", "text": "وزير الدولة لشؤون التجارة الخارجية"},
	{"id": "swapped", "text": "زار الخارجية وزير الدفاع"},
	{"id": "stopword", "text": "وزير في الخارجية السابق"},
	{"id": "elements", "text": "بيان", "paras": []any{"استقال وزير", "الخارجية تنفي"}},
	{"id": "far", "text": "الخارجية أصدرت بيانا طويلا عن زيارة قام بها وزير الدفاع"},
	{"id": "twice", "text": "الخارجية أصدرت بيانا طويلا ثم تحدث وزير الخارجية"},
}

// slopIndex indexes slopDocs with a text field and an array field.
func slopIndex(t *testing.T, shards int) *Index {
	t.Helper()
	s, err := ParseSchema([]byte(`{"fields": [
		{"name": "text", "type": "text", "search": true},
		{"name": "paras", "type": "text", "search": true},
		{"name": "tag", "type": "keyword", "filter": true}]}`))
	if err != nil {
		t.Fatal(err)
	}
	s.Shards = shards
	ix, err := Create(filepath.Join(t.TempDir(), "ix"), s)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	for _, d := range slopDocs {
		if _, err := ix.Put(context.Background(), d); err != nil {
			t.Fatal(err)
		}
	}
	return ix
}

func TestSlopPhraseHits(t *testing.T) {
	ix := slopIndex(t, 1)
	tests := []struct {
		name, q string
		want    []string
	}{
		{"plain phrase", `"وزير الخارجية"`, []string{"adjacent", "twice"}},
		{"~0 is the plain phrase", `"وزير الخارجية"~0`, []string{"adjacent", "twice"}},
		{"one word between", `"وزير الخارجية"~1`, []string{"adjacent", "one", "stopword", "twice"}},
		{"swapped costs 2", `"وزير الخارجية"~2`, []string{"adjacent", "one", "stopword", "swapped", "twice"}},
		{"default slop is 2", `"وزير الخارجية"~`, []string{"adjacent", "one", "stopword", "swapped", "twice"}},
		{"three between", `"وزير الخارجية"~3`, []string{"adjacent", "one", "stopword", "swapped", "three", "twice"}},
		{"reversed query", `"الخارجية وزير"~0`, []string{"swapped"}},
		{"reversed query ~2", `"الخارجية وزير"~2`, []string{"adjacent", "swapped", "twice"}},
		{"stop word of the query keeps its place", `"وزير في الخارجية"~0`, []string{"one", "stopword"}},
		{"stop word query, slop", `"وزير في الخارجية"~1`, []string{"adjacent", "one", "stopword", "twice"}},
		{"far apart needs a large slop", `"الخارجية وزير"~9`, []string{"adjacent", "far", "one", "stopword", "swapped", "three", "twice"}},
		{"required", `+"وزير الخارجية"~1 الدفاع`, []string{"adjacent", "one", "stopword", "twice"}},
		{"excluded", `وزير -"وزير الخارجية"~2`, []string{"elements", "far", "three"}},
		{"field", `text:"وزير الخارجية"~2`, []string{"adjacent", "one", "stopword", "swapped", "twice"}},
		{"array elements apart", `paras:"وزير الخارجية"~5`, nil},
		{"one word", `"الوزير"~3`, []string{"adjacent", "elements", "far", "one", "stopword", "swapped", "three", "twice"}},
		{"arabic-indic digits", `"وزير الخارجية"~٢`, []string{"adjacent", "one", "stopword", "swapped", "twice"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ix.Search(context.Background(), Request{Query: tt.q, Size: 20})
			if err != nil {
				t.Fatal(err)
			}
			got := matchIDs(res)
			slices.Sort(got)
			if diff := cmp.Diff(tt.want, got, cmpEmpty); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.q, diff)
			}
		})
	}
}

// matchIDs returns the ids of the hits that match the query: those with
// matched words (related hits that may follow the matches have none).
func matchIDs(r *Result) []string {
	var out []string
	for _, h := range r.Hits {
		if len(h.Matches) > 0 {
			out = append(out, h.ID)
		}
	}
	return out
}

// cmpEmpty makes nil and empty slices equal.
var cmpEmpty = cmp.FilterValues(func(a, b []string) bool { return len(a) == 0 && len(b) == 0 }, cmp.Ignore())

// TestSlopPhraseScores: a closer match scores higher, the exact phrase
// scores as the plain phrase does.
func TestSlopPhraseScores(t *testing.T) {
	ix := slopIndex(t, 1)
	scores := func(q string) map[string]float64 {
		res, err := ix.Search(context.Background(), Request{Query: q, Size: 20})
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]float64{}
		for _, h := range res.Hits {
			if len(h.Matches) > 0 {
				out[h.ID] = h.Score
			}
		}
		return out
	}
	plain, zero, three := scores(`"وزير الخارجية"`), scores(`"وزير الخارجية"~0`), scores(`"وزير الخارجية"~3`)
	if diff := cmp.Diff(plain, zero); diff != "" {
		t.Errorf("~0 scores differ from the plain phrase (-plain +~0):\n%s", diff)
	}
	if math.Abs(three["adjacent"]-plain["adjacent"]) > 1e-9*plain["adjacent"] {
		t.Errorf("the exact phrase scores %g with ~3, %g as a plain phrase", three["adjacent"], plain["adjacent"])
	}
	if !(three["adjacent"] > three["one"] && three["one"] > three["swapped"] && three["swapped"] > three["three"]) {
		t.Errorf("~3 scores %v: want adjacent > one > swapped > three", three)
	}
}

// TestSlopPhraseHighlights: the words of the match are marked, not other
// occurrences of the phrase words.
func TestSlopPhraseHighlights(t *testing.T) {
	ix := slopIndex(t, 1)
	tests := []struct {
		q, id, want string
	}{
		{`"وزير الخارجية"~1`, "one", "صرح <mark>وزير</mark> الشؤون <mark>الخارجية</mark> أمس"},
		{`"وزير الخارجية"~2`, "swapped", "زار <mark>الخارجية</mark> <mark>وزير</mark> الدفاع"},
		{`"وزير الخارجية"~1`, "stopword", "<mark>وزير</mark> في <mark>الخارجية</mark> السابق"},
		{`"وزير الخارجية"~2`, "twice", "الخارجية أصدرت بيانا طويلا ثم تحدث <mark>وزير</mark> <mark>الخارجية</mark>"},
		{`"الخارجية وزير"~9`, "far", "<mark>الخارجية</mark> أصدرت بيانا طويلا عن زيارة قام بها <mark>وزير</mark> الدفاع"},
	}
	for _, tt := range tests {
		t.Run(tt.q+" "+tt.id, func(t *testing.T) {
			res, err := ix.Search(context.Background(), Request{Query: tt.q, Size: 20})
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range res.Hits {
				if h.ID != tt.id {
					continue
				}
				if got := strings.Join(h.Highlights["text"], " | "); got != tt.want {
					t.Errorf("highlight %q, want %q", got, tt.want)
				}
				return
			}
			t.Fatalf("%s: no hit %s in %v", tt.q, tt.id, hitIDs(res))
		})
	}
}

func TestSlopPhraseErrors(t *testing.T) {
	ix := slopIndex(t, 1)
	for _, tt := range []struct{ q, msg string }{
		{`tag:"a b"~2`, `field "tag" is not text`},
		{`"وزير الخارجية"~21`, "at most 20"},
		{`"وزير الخارجية"~-1`, "not negative"},
		{`"وزير الخارجية"~x`, "expected a number"},
	} {
		_, err := ix.Search(context.Background(), Request{Query: tt.q})
		if !errors.Is(err, ErrInvalidQuery) || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("Search(%q) = %v, want an invalid query containing %q", tt.q, err, tt.msg)
		}
	}
}

// TestSlopMatcher checks the matching rule on term locations: each word
// takes its own position, the two readings at one position are one
// position, and the cheapest match gives the cost.
func TestSlopMatcher(t *testing.T) {
	loc := func(term string, pos uint64, elem ...uint64) search.FieldTermLocation {
		return search.FieldTermLocation{Field: "f", Term: term, Location: search.Location{Pos: pos, ArrayPositions: elem}}
	}
	tests := []struct {
		name  string
		words [][]string
		slop  int
		locs  []search.FieldTermLocation
		ok    bool
		cost  int
		kept  int
	}{
		{"adjacent", [][]string{{"a"}, {"b"}}, 2, []search.FieldTermLocation{loc("a", 3), loc("b", 4)}, true, 0, 2},
		{"swapped", [][]string{{"a"}, {"b"}}, 2, []search.FieldTermLocation{loc("b", 3), loc("a", 4)}, true, 2, 2},
		{"swapped, slop 1", [][]string{{"a"}, {"b"}}, 1, []search.FieldTermLocation{loc("b", 3), loc("a", 4)}, false, 0, 0},
		{"cheapest of two", [][]string{{"a"}, {"b"}}, 5, []search.FieldTermLocation{loc("a", 1), loc("b", 5), loc("a", 7), loc("b", 8)}, true, 0, 4},
		{"only matches within the slop kept", [][]string{{"a"}, {"b"}}, 1, []search.FieldTermLocation{loc("a", 1), loc("b", 5), loc("a", 7), loc("b", 8)}, true, 0, 2},
		{"repeated word needs two positions", [][]string{{"a"}, {"a"}}, 3, []search.FieldTermLocation{loc("a", 4)}, false, 0, 0},
		{"repeated word", [][]string{{"a"}, {"a"}}, 3, []search.FieldTermLocation{loc("a", 4), loc("a", 6)}, true, 1, 2},
		{"two readings at one position", [][]string{{"a", "x"}, {"b", "y"}}, 4, []search.FieldTermLocation{loc("a", 2), loc("y", 2)}, false, 0, 0},
		{"reading of each word", [][]string{{"a", "x"}, {"b", "y"}}, 4, []search.FieldTermLocation{loc("x", 2), loc("y", 3), loc("a", 2)}, true, 0, 2},
		{"array elements", [][]string{{"a"}, {"b"}}, 4, []search.FieldTermLocation{loc("a", 1, 0), loc("b", 1, 1)}, false, 0, 0},
		{"same element", [][]string{{"a"}, {"b"}}, 4, []search.FieldTermLocation{loc("a", 3, 0), loc("b", 1, 1), loc("b", 4, 1), loc("b", 5, 0)}, true, 1, 2},
		{"other field", [][]string{{"a"}, {"b"}}, 4, []search.FieldTermLocation{loc("a", 1), {Field: "g", Term: "b", Location: search.Location{Pos: 2}}}, false, 0, 0},
		{"three words, one moved", [][]string{{"a"}, {"b"}, {"c"}}, 2, []search.FieldTermLocation{loc("b", 1), loc("c", 2), loc("a", 3)}, false, 0, 0},
		{"three words, middle moved", [][]string{{"a"}, {"b"}, {"c"}}, 2, []search.FieldTermLocation{loc("a", 1), loc("c", 2), loc("b", 3)}, true, 2, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var words []phraseWord
			for i, ts := range tt.words {
				words = append(words, phraseWord{terms: ts, place: i})
			}
			kept, cost, ok := newSlopMatcher(words, "f", tt.slop).match(tt.locs)
			if ok != tt.ok || cost != tt.cost || len(kept) != tt.kept {
				t.Errorf("match = %d locations, cost %d, %v; want %d, %d, %v", len(kept), cost, ok, tt.kept, tt.cost, tt.ok)
			}
		})
	}
}

// TestSlopPhraseDiacritics: in diacritic-sensitive search a sloppy phrase
// of vocalized words is matched in f.vocal, with its vocalization.
func TestSlopPhraseDiacritics(t *testing.T) {
	ix := slopIndex(t, 1)
	ctx := context.Background()
	if _, err := ix.Put(ctx, Document{"id": "vocal", "text": "قال وَزِيرُ الشُّؤُونِ الْخَارِجِيَّةِ"}); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		q    string
		want []string
	}{
		{`"وَزِيرُ الْخَارِجِيَّةِ"`, nil},
		{`"وَزِيرُ الْخَارِجِيَّةِ"~1`, []string{"vocal"}},
		{`"وَزِيرَ الْخَارِجِيَّةِ"~1`, nil}, // other vocalization
	} {
		res, err := ix.Search(ctx, Request{Query: tt.q, Diacritics: true})
		if err != nil {
			t.Fatal(err)
		}
		if got := matchIDs(res); !cmp.Equal(tt.want, got, cmpEmpty) {
			t.Errorf("%s: hits %v, want %v", tt.q, got, tt.want)
		}
		if len(res.Hits) > 0 && tt.want != nil {
			if got, want := strings.Join(res.Hits[0].Highlights["text"], ""), "قال <mark>وَزِيرُ</mark> الشُّؤُونِ <mark>الْخَارِجِيَّةِ</mark>"; got != want {
				t.Errorf("%s: highlight %q, want %q", tt.q, got, want)
			}
		}
	}
}

// BenchmarkSlopMatcher: the position check of one long document where the
// two words of a phrase occur 200 times each, never within the slop but
// in a few places.
func BenchmarkSlopMatcher(b *testing.B) {
	var locs []search.FieldTermLocation
	for i := range 200 {
		p := uint64(10 * i)
		locs = append(locs, search.FieldTermLocation{Field: "f", Term: "a", Location: search.Location{Pos: p + 1}})
		gap := uint64(6)
		if i%50 == 0 {
			gap = 2
		}
		locs = append(locs, search.FieldTermLocation{Field: "f", Term: "b", Location: search.Location{Pos: p + gap}})
	}
	m := newSlopMatcher([]phraseWord{{terms: []string{"a"}, place: 0}, {terms: []string{"b"}, place: 1}}, "f", 3)
	for b.Loop() {
		if _, cost, ok := m.match(locs); !ok || cost != 0 {
			b.Fatalf("match cost %d, %v", cost, ok)
		}
	}
}

// BenchmarkSlopPhraseSearch compares plain and sloppy phrases on 3000
// verses of the demo collection (common words: many candidates to check).
func BenchmarkSlopPhraseSearch(b *testing.B) {
	ix, err := Create(filepath.Join(b.TempDir(), "ix"), DemoSchema())
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	src := []Source{ReaderSource("quran", bytes.NewReader(quranLines(b, 3000)))}
	if _, err := ix.bulkWith(context.Background(), src, BulkOptions{BatchSize: 500}, demoFields); err != nil {
		b.Fatal(err)
	}
	for _, q := range []string{`"يوم القيامة"`, `"يوم القيامة"~2`, `"الله رحيم"`, `"الله رحيم"~3`, `"رحيم الله"~8`} {
		b.Run(q, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := ix.Search(context.Background(), Request{Query: q}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
