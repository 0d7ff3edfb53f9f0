package index

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/google/go-cmp/cmp"

	"github.com/fahras/fahras/analysis"
)

// mustTextIndex indexes docs (id → text) in a fresh index with one text
// field.
func mustTextIndex(t *testing.T, docs map[string]string) *Index {
	t.Helper()
	ix := mustSchemaIndex(t, `{"fields": [{"name": "text", "type": "text", "search": true}]}`)
	for id, text := range docs {
		if _, err := ix.Put(context.Background(), Document{"id": id, "text": text}); err != nil {
			t.Fatal(err)
		}
	}
	return ix
}

// mustSchemaIndex creates an empty index with the schema in JSON.
func mustSchemaIndex(t *testing.T, schema string) *Index {
	t.Helper()
	s, err := ParseSchema([]byte(schema))
	if err != nil {
		t.Fatal(err)
	}
	ix, err := Create(filepath.Join(t.TempDir(), "ix"), s)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

func searchIDs(t *testing.T, ix *Index, q string, r rankParams) []string {
	t.Helper()
	res, err := ix.search(context.Background(), Request{Query: q, Size: 20}, r)
	if err != nil {
		t.Fatalf("search %q: %v", q, err)
	}
	return hitIDs(res)
}

// TestRankVariants: a query word finds the word with a one-letter
// proclitic, with the accusative alef, in the dual, spelt with a long
// vowel more or another hamza seat, after the documents that have the
// word itself. Without variants the proclitic and long-vowel cases are
// not found; the accusative alef, the dual ت and the hamza seat are then
// still found, through the stemmer's second readings (analysis/stem.go).
func TestRankVariants(t *testing.T) {
	ix := mustTextIndex(t, map[string]string{
		"same":      "خصص المجلس مبلغا لتمويل المشروع",
		"proclitic": "يحتاج المشروع إلى تمويل كبير",
		"other":     "زار الوفد المدينة القديمة",
		"alef":      "قرأ الطالب كتابًا جديدًا",
		"article":   "قرأ الطالب الكتاب",
		"dual":      "تضم المدينة منطقتين صناعيتين",
		"single":    "تضم المدينة منطقة صناعية",
		"name":      "فاز فريق كارولاينا بالمباراة",
		"hamza":     "اجتمع المسئولون في الوزارة",
	})
	tests := []struct {
		name, query string
		want, none  []string // with and without variants
	}{
		{"proclitic removed", "لتمويل", []string{"same", "proclitic"}, []string{"same"}},
		{"proclitic added", "تمويل", []string{"proclitic", "same"}, []string{"proclitic"}},
		{"tanween alef", "الكتاب", []string{"article", "alef"}, []string{"article", "alef"}},
		{"dual", "منطقة", []string{"single", "dual"}, []string{"single", "dual"}},
		{"long vowel", "كارولينا", []string{"name"}, []string{}},
		{"hamza seat", "المسؤولون", []string{"hamza"}, []string{"hamza"}},
	}
	t.Run("excluded word without variants", func(t *testing.T) {
		if diff := cmp.Diff([]string{"same"}, searchIDs(t, ix, "المشروع -تمويل", defaultRank())); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
	t.Run("quoted word without variants", func(t *testing.T) {
		if diff := cmp.Diff([]string{"proclitic"}, searchIDs(t, ix, `"تمويل"`, defaultRank())); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
	off := defaultRank()
	off.cliticWeight, off.taaWeight, off.spellingWeight, off.typoWeight = 0, 0, 0, 0
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, searchIDs(t, ix, tc.query, defaultRank())); diff != "" {
				t.Errorf("with variants (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.none, searchIDs(t, ix, tc.query, off)); diff != "" {
				t.Errorf("without variants (-want +got):\n%s", diff)
			}
		})
	}
}

// TestSumQuery: alternates are summed, where bleve's disjunction scales
// a document matching k of n clauses by k/n.
func TestSumQuery(t *testing.T) {
	ix := mustTextIndex(t, map[string]string{"one": "مكتبة المدينة", "two": "مكتبة المدرسة", "none": "حديقة"})
	b := newBuilder(ix.bi, ix.view(), Request{}, defaultRank())
	terms := []string{"مكتب", "مدرس", "غايب"}
	b.rank.sumAlternates = true
	sum := scores(t, ix, b.termsQuery("text", terms, 1, nil))
	b.rank.sumAlternates = false
	coord := scores(t, ix, b.termsQuery("text", terms, 1, nil))
	if len(sum) != 2 || len(coord) != 2 {
		t.Fatalf("hits: sum %v, disjunction %v; want one and two", sum, coord)
	}
	for id, k := range map[string]float64{"one": 1, "two": 2} {
		if got, want := coord[id]/sum[id], k/3; math.Abs(got-want) > 1e-9 {
			t.Errorf("%s: disjunction/sum = %g, want %g", id, got, want)
		}
	}
}

// scores runs q and returns the score of each hit.
func scores(t *testing.T, ix *Index, q query.Query) map[string]float64 {
	t.Helper()
	ctx, err := ix.searchContext(context.Background(), defaultRank(), false)
	if err != nil {
		t.Fatal(err)
	}
	res, err := ix.bi.SearchInContext(ctx, bleve.NewSearchRequest(q))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]float64{}
	for _, h := range res.Hits {
		out[h.ID] = h.Score
	}
	return out
}

// TestBM25Stats: bleve is given the mean number of tokens per document,
// refreshed once the document count has moved by more than a tenth.
func TestBM25Stats(t *testing.T) {
	ix := mustTextIndex(t, map[string]string{"a": "شمس قمر نجم كوكب", "b": "شمس قمر"})
	ctx := context.Background()
	st, err := ix.bm25Stats(ctx, analysis.Stem)
	if err != nil {
		t.Fatal(err)
	}
	if st.DocCount != 2 || st.FieldCardinality["text"] != 6 {
		t.Errorf("stats %+v, want 2 documents and 6 tokens of text", st)
	}
	if _, err := ix.Put(ctx, Document{"id": "c", "text": "شمس قمر نجم كوكب سماء مجرة شهاب نيزك"}); err != nil {
		t.Fatal(err)
	}
	st, err = ix.bm25Stats(ctx, analysis.Stem)
	if err != nil {
		t.Fatal(err)
	}
	if st.DocCount != 3 || st.FieldCardinality["text"] != 14 {
		t.Errorf("stats %+v, want 3 documents and 14 tokens of text", st)
	}
}

// TestFeedback: feedback finds a document that shares no word with the
// query but shares words with its best documents, ranked below them.
func TestFeedback(t *testing.T) {
	ix := mustTextIndex(t, map[string]string{
		"q":      "اكتشف العلماء دواء جديدا لمرض السكري في المختبر",
		"linked": "نجحت التجارب السريرية على دواء السكري الجديد",
		"far":    "التجارب السريرية تحتاج سنوات طويلة",
		"none":   "فاز الفريق بالمباراة النهائية",
	})
	r := defaultRank()
	if got := searchIDs(t, ix, "علاج السكري", r); len(got) != 2 {
		t.Fatalf("without feedback: %v, want the 2 documents with السكري", got)
	}
	r.feedback = feedbackParams{docs: 2, terms: 10, weight: 0.1}
	got := searchIDs(t, ix, "علاج السكري", r)
	if len(got) != 3 || got[2] != "far" {
		t.Errorf("with feedback: %v, want the 2 documents with السكري, then far", got)
	}
}

// TestFeedbackRequest: Request.Feedback turns feedback on through the
// public Search (the document sharing no word with the query is found,
// last); without it that document is not found.
func TestFeedbackRequest(t *testing.T) {
	ix := mustTextIndex(t, map[string]string{
		"q":      "اكتشف العلماء دواء جديدا لمرض السكري في المختبر",
		"linked": "نجحت التجارب السريرية على دواء السكري الجديد",
		"far":    "التجارب السريرية تحتاج سنوات طويلة",
		"none":   "فاز الفريق بالمباراة النهائية",
	})
	tests := []struct {
		name     string
		feedback bool
		want     int
	}{
		{"off", false, 2},
		{"on", true, 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := ix.Search(context.Background(), Request{Query: "علاج السكري", Feedback: tc.feedback})
			if err != nil {
				t.Fatal(err)
			}
			got := hitIDs(res)
			if len(got) != tc.want || tc.feedback && got[2] != "far" {
				t.Errorf("hits %v, want %d (far last with feedback)", got, tc.want)
			}
		})
	}
}

func TestOneLongVowelApart(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"ابرهيم", "ابراهيم", true},
		{"سموات", "سماوات", true},
		{"كتاب", "كتب", true},
		{"مسوول", "مسيول", true},
		{"صلاح", "صباح", false},
		{"كتاب", "كاتب", false},
		{"مدرس", "درس", false},
		{"كتاب", "كتاب", false},
	}
	for _, tc := range tests {
		t.Run(tc.a+"_"+tc.b, func(t *testing.T) {
			if got := oneLongVowelApart(tc.a, tc.b); got != tc.want {
				t.Errorf("oneLongVowelApart(%s, %s) = %v, want %v", tc.a, tc.b, got, tc.want)
			}
		})
	}
}

// TestLongVowelEdits: every edit is one long-vowel letter apart, and the
// spellings of the examples are among them.
func TestLongVowelEdits(t *testing.T) {
	for _, tc := range []struct{ s, want string }{{"ابرهيم", "ابراهيم"}, {"مسوول", "مسيول"}, {"كتاب", "كتب"}} {
		edits := longVowelEdits(tc.s)
		if !slices.Contains(edits, tc.want) {
			t.Errorf("longVowelEdits(%s) lacks %s", tc.s, tc.want)
		}
		for _, e := range edits {
			if !oneLongVowelApart(tc.s, e) && e != tc.s {
				t.Errorf("longVowelEdits(%s) has %s", tc.s, e)
			}
		}
	}
}

// oneLongVowelApart reports whether a and b differ by one long-vowel
// letter written in one and not in the other, or by one long-vowel letter
// for another.
func oneLongVowelApart(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	if len(ra) < len(rb) {
		ra, rb = rb, ra
	}
	switch len(ra) - len(rb) {
	case 0:
		diff := 0
		for i := range ra {
			if ra[i] != rb[i] {
				if !isLongVowel(ra[i]) || !isLongVowel(rb[i]) {
					return false
				}
				diff++
			}
		}
		return diff == 1
	case 1:
		for i, r := range ra {
			if isLongVowel(r) && string(ra[:i])+string(ra[i+1:]) == string(rb) {
				return true
			}
		}
	}
	return false
}

// BenchmarkRankVariants measures the cost of query-word variants on the
// judged fixture's queries:
//
//	go test ./index -run '^$' -bench RankVariants -benchtime 20x
func BenchmarkRankVariants(b *testing.B) {
	c := fixtureCollection(b)
	ix := c.build(b)
	off := defaultRank()
	off.cliticWeight, off.taaWeight, off.spellingWeight, off.typoWeight = 0, 0, 0, 0
	for _, v := range []struct {
		name string
		r    rankParams
	}{{"defaults", defaultRank()}, {"no-variants", off}} {
		b.Run(v.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for _, q := range c.queries {
					if _, err := ix.search(context.Background(), Request{Query: q.Text, Size: 10}, v.r); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}

// TestRankConcurrent: searches share the BM25 cache while documents are
// added (run with -race).
func TestRankConcurrent(t *testing.T) {
	ix := mustTextIndex(t, map[string]string{"a": "مكتبة المدينة الكبيرة"})
	ctx := context.Background()
	done := make(chan error)
	for g := 0; g < 4; g++ {
		go func() {
			var err error
			for i := 0; i < 20 && err == nil; i++ {
				_, err = ix.Search(ctx, Request{Query: "مكتبة المدينة"})
			}
			done <- err
		}()
	}
	for i := 0; i < 20; i++ {
		if _, err := ix.Put(ctx, Document{"id": fmt.Sprint("d", i), "text": "مكتبة في المدينة رقم " + fmt.Sprint(i)}); err != nil {
			t.Fatal(err)
		}
	}
	for g := 0; g < 4; g++ {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
	res, err := ix.Search(ctx, Request{Query: "مكتبة", Size: 100})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 21 {
		t.Errorf("after the writes: %d hits, want 21", res.Total)
	}
}

// TestRankPlurals: with plural variants on, a broken plural finds its
// singular and the singular its plural, after the documents with the word
// itself; with them off (the default, docs/relevance.md) only the forms
// one long-vowel letter apart are found.
func TestRankPlurals(t *testing.T) {
	ix := mustTextIndex(t, map[string]string{
		"schools":  "أغلقت المدارس أبوابها بسبب العاصفة",
		"school":   "افتتحت مدرسة جديدة في الحي",
		"children": "يلعب الأطفال في الحديقة",
		"child":    "نام الطفل مبكرا",
		"minister": "التقى الوزير بالسفير",
		"cabinet":  "اجتمع الوزراء في القصر",
	})
	on := defaultRank()
	on.pluralWeight = 0.5
	tests := []struct {
		query    string
		want, no []string
	}{
		// مفاعل and مفعل are one long-vowel letter apart: the spelling
		// variants of the defaults link them already.
		{"المدارس", []string{"schools", "school"}, []string{"schools", "school"}},
		{"مدرسة", []string{"school", "schools"}, []string{"school", "schools"}},
		{"أطفال", []string{"children", "child"}, []string{"children"}},
		{"الطفل", []string{"child", "children"}, []string{"child"}},
		{"الوزراء", []string{"cabinet", "minister"}, []string{"cabinet"}},
	}
	for _, tc := range tests {
		t.Run(tc.query, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, searchIDs(t, ix, tc.query, on)); diff != "" {
				t.Errorf("with plurals (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.no, searchIDs(t, ix, tc.query, defaultRank())); diff != "" {
				t.Errorf("defaults (-want +got):\n%s", diff)
			}
		})
	}
}

// TestRankTypos: a word the index does not know finds the words one edit
// away, after the documents that have a query word itself; a word the
// index knows, a short one and an excluded one get no edits.
func TestRankTypos(t *testing.T) {
	ix := mustTextIndex(t, map[string]string{
		"algo":    "يشرح المدرس الخوارزميات للطلاب",
		"reform":  "طالب الناس بالصلاح والإصلاح",
		"morning": "استيقظ الأطفال في الصباح الباكر",
		"house":   "بنى الرجل بيتا جديدا",
	})
	off := defaultRank()
	off.typoWeight = 0
	tests := []struct {
		name, query string
		want, none  []string // with and without typo edits
	}{
		{"letter replaced", "الخوارزمبات", []string{"algo"}, []string{}},
		{"letter missing", "الخوارميات", []string{"algo"}, []string{}},
		{"letters swapped", "الخوازرميات", []string{"algo"}, []string{}},
		{"with a known word first", "الأطفال الخوارزمبات", []string{"morning", "algo"}, []string{"morning"}},
		{"known word gets no edits", "الصلاح", []string{"reform"}, []string{"reform"}},
		{"short stem gets no edits", "بيك", []string{}, []string{}},
		{"excluded word gets no edits", "الأطفال -الخوارزمبات", []string{"morning"}, []string{"morning"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, searchIDs(t, ix, tc.query, defaultRank())); diff != "" {
				t.Errorf("defaults (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.none, searchIDs(t, ix, tc.query, off)); diff != "" {
				t.Errorf("without edits (-want +got):\n%s", diff)
			}
		})
	}
}
