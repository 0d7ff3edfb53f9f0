package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// mustSearchIndex builds an index of ../testdata/search/docs.jsonl with its
// schema in a temporary folder.
func mustSearchIndex(t testing.TB) *Index {
	t.Helper()
	data, err := os.ReadFile("../testdata/search/schema.json")
	if err != nil {
		t.Fatal(err)
	}
	s, err := ParseSchema(data)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := Create(filepath.Join(t.TempDir(), "ix"), s)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	f, err := os.Open("../testdata/search/docs.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, err := ix.BulkNDJSON(context.Background(), f, "docs.jsonl", BulkOptions{}, nil)
	if err != nil || st.Documents != 12 {
		t.Fatalf("bulk: %+v, %v; want 12 documents", st, err)
	}
	return ix
}

// hitIDs returns the ids of the hits that match the query, without the
// related hits after them (related_test.go tests those).
func hitIDs(r *Result) []string {
	out := make([]string, 0, len(r.Hits))
	for _, h := range r.Hits {
		if !h.Related {
			out = append(out, h.ID)
		}
	}
	return out
}

func strp(s string) *string { return &s }

func TestSearchRequests(t *testing.T) {
	ix := mustSearchIndex(t)
	ctx := context.Background()
	tests := []struct {
		name string
		req  Request
		want []string
	}{
		{"filter terms", Request{Query: "المدرسة", Filters: []Filter{{Field: "category", Terms: []string{"تعليم"}}}}, []string{"d03", "d04", "d08"}},
		{"filter range, max exclusive", Request{Filters: []Filter{{Field: "year", Min: strp("2022"), Max: strp("2023")}}}, []string{"d04", "d10"}},
		{"filter dates", Request{Filters: []Filter{{Field: "date", Min: strp("2023-01-01"), Max: strp("2024-01-01")}}}, []string{"d06", "d07"}},
		{"sort by number descending", Request{Query: "category:تقنية category:أدب", Sort: []string{"-year"}}, []string{"d12", "d06", "d07", "d05", "d11"}},
		{"sort by date", Request{Query: "الطلاب", Sort: []string{"date"}}, []string{"d03", "d08"}},
		{"empty query matches all", Request{Size: 3}, []string{"d01", "d02", "d03"}},
		{"only exclusions", Request{Query: "-القاهرة", Sort: []string{"_id"}, Size: 2}, []string{"d02", "d03"}},
		{"field restricted", Request{Query: "title:النيل"}, []string{"d09"}},
		{"keyword value", Request{Query: "category:رياضة"}, []string{"d10"}},
		{"number equality", Request{Query: "year:2019"}, []string{"d03"}},
		{"date day range", Request{Query: "date:2021-03-04"}, []string{"d01"}},
		{"required phrase", Request{Query: `+"مؤتمر صحفي" السياسة`}, []string{"d02"}},
		{"fuzzy", Request{Query: "الخوارزمبات~1"}, []string{"d08"}},
		{"only stop words", Request{Query: "في من إلى"}, []string{}},
		{"only punctuation", Request{Query: "، ؟ !"}, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ix.Search(ctx, tt.req)
			if err != nil {
				t.Fatalf("Search(%+v): %v", tt.req, err)
			}
			if diff := cmp.Diff(tt.want, hitIDs(res)); diff != "" {
				t.Errorf("Search(%+v) (-want +got):\n%s", tt.req, diff)
			}
		})
	}
}

func TestSearchDiacritics(t *testing.T) {
	ix := mustSearchIndex(t)
	ctx := context.Background()
	res, err := ix.Search(ctx, Request{Query: "المَدْرَسَةِ", Diacritics: true})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"d03"}, hitIDs(res)); diff != "" {
		t.Errorf("diacritic-sensitive المَدْرَسَةِ (-want +got):\n%s", diff)
	}
	res, err = ix.Search(ctx, Request{Query: "المَدْرَسَةِ"})
	if err != nil {
		t.Fatal(err)
	}
	if got := hitIDs(res); len(got) < 2 {
		t.Errorf("insensitive المَدْرَسَةِ = %v, want d03 and the undiacritized documents", got)
	}
}

// TestSearchDiacriticsWords: in diacritic-sensitive search a vocalized word
// matches only the same vocalization (f.vocal holds only vocalized words),
// a word written without harakat matches through f.exact whatever the
// text's vocalization, and phrases follow the same rules; highlights come
// from the stem or vocal positions.
func TestSearchDiacriticsWords(t *testing.T) {
	ix := mustSearchIndex(t)
	ctx := context.Background()
	tests := []struct {
		name   string
		query  string
		has    []string // among the hits, with a highlight
		hasNot []string
	}{
		{"same vocalization", "المَدْرَسَةِ", []string{"d03"}, nil},
		{"other vocalization", "المُدَرِّسَةِ", nil, []string{"d03"}},
		{"bare word matches vocalized and bare texts", "المدرسة", []string{"d03", "d04"}, nil},
		{"vocalized phrase", `"ذَهَبَ الطُّلَّابُ"`, []string{"d03"}, nil},
		{"vocalized phrase, other vocalization", `"ذَهَبَ الطُّلَّابِ"`, nil, []string{"d03"}},
		{"phrase of a vocalized and a bare word", `"ذَهَبَ الطلاب"`, []string{"d03"}, nil},
		{"mixed phrase, other vocalization", `"ذُهِبَ الطلاب"`, nil, []string{"d03"}},
		{"bare phrase", `"الطلاب إلى المدرسة"`, []string{"d03"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ix.Search(ctx, Request{Query: tt.query, Diacritics: true})
			if err != nil {
				t.Fatal(err)
			}
			hits := map[string]Hit{}
			for _, h := range res.Hits {
				hits[h.ID] = h
			}
			for _, id := range tt.has {
				h, ok := hits[id]
				if !ok {
					t.Errorf("%s: %s not among %v", tt.query, id, hitIDs(res))
					continue
				}
				if !strings.Contains(fmt.Sprint(h.Highlights), "<mark>") {
					t.Errorf("%s: %s has no highlight: %v", tt.query, id, h.Highlights)
				}
			}
			for _, id := range tt.hasNot {
				if _, ok := hits[id]; ok {
					t.Errorf("%s: %s among the hits %v", tt.query, id, hitIDs(res))
				}
			}
		})
	}
}

func TestSearchAfterPages(t *testing.T) {
	ix := mustSearchIndex(t)
	ctx := context.Background()
	for _, sort := range [][]string{nil, {"-year"}, {"date", "_score"}} {
		t.Run(strings.Join(sort, ","), func(t *testing.T) {
			all, err := ix.Search(ctx, Request{Query: "الطلاب المدرسة الكتب في", Sort: sort, Size: 100})
			if err != nil {
				t.Fatal(err)
			}
			var paged []string
			var after []string
			for len(paged) < len(all.Hits)+1 {
				res, err := ix.Search(ctx, Request{Query: "الطلاب المدرسة الكتب في", Sort: sort, Size: 2, SearchAfter: after})
				if err != nil {
					t.Fatal(err)
				}
				if len(res.Hits) == 0 {
					break
				}
				paged = append(paged, hitIDs(res)...)
				after = res.Hits[len(res.Hits)-1].Sort
			}
			if len(all.Hits) < 4 {
				t.Fatalf("only %d hits", len(all.Hits))
			}
			if diff := cmp.Diff(hitIDs(all), paged); diff != "" {
				t.Errorf("search_after pages (-one page +paged):\n%s", diff)
			}
		})
	}
}

func TestSearchFacets(t *testing.T) {
	ix := mustSearchIndex(t)
	res, err := ix.Search(context.Background(), Request{Size: 1, Facets: map[string]FacetRequest{
		"cat":   {Field: "category", Size: 2},
		"years": {Field: "year", Ranges: []FacetRange{{Name: "a_old", Max: strp("2020")}, {Name: "b_new", Min: strp("2020")}}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]FacetResult{
		"cat":   {Field: "category", Total: 12, Other: 6, Buckets: []FacetBucket{{Term: "أدب", Count: 3}, {Term: "تعليم", Count: 3}}},
		"years": {Field: "year", Total: 12, Buckets: []FacetBucket{{Name: "a_old", Count: 3}, {Name: "b_new", Count: 9}}},
	}
	if diff := cmp.Diff(want, res.Facets); diff != "" {
		t.Errorf("facets (-want +got):\n%s", diff)
	}
}

func TestSearchInvalid(t *testing.T) {
	ix := mustSearchIndex(t)
	tests := []struct {
		name   string
		req    Request
		target error
		msg    string
	}{
		{"syntax", Request{Query: `"دار`}, ErrInvalidQuery, "character 1"},
		{"range on text", Request{Query: "title:1..2"}, ErrInvalidQuery, "ranges need a number or date field"},
		{"not a number", Request{Query: "year:>=abc"}, ErrInvalidQuery, `"abc" is not a number`},
		{"not a date", Request{Query: "date:2020-13-01"}, ErrInvalidQuery, "is not a date"},
		{"date out of bleve's range", Request{Query: "date:0000-01-01..2020-01-01"}, ErrInvalidQuery, "out of range"},
		{"prefix on number", Request{Query: "year:20*"}, ErrInvalidQuery, "expected a value"},
		{"size", Request{Size: maxSize + 1}, ErrInvalid, "size"},
		{"window", Request{From: maxWindow, Size: 10}, ErrInvalid, "search_after"},
		{"negative from", Request{From: -1}, ErrInvalid, "negative"},
		{"after with from", Request{From: 10, SearchAfter: []string{"1", "d01"}}, ErrInvalid, "one or the other"},
		{"after length", Request{SearchAfter: []string{"d01"}}, ErrInvalid, "want 2 values"},
		{"sort text", Request{Sort: []string{"title"}}, ErrInvalid, "text fields cannot be sorted"},
		{"sort unknown", Request{Sort: []string{"author"}}, ErrInvalid, "unknown field"},
		{"sort -_score", Request{Sort: []string{"-_score"}}, ErrInvalid, "best first"},
		{"filter text", Request{Filters: []Filter{{Field: "text", Terms: []string{"x"}}}}, ErrInvalid, "is text"},
		{"filter unknown", Request{Filters: []Filter{{Field: "author", Terms: []string{"x"}}}}, ErrInvalid, "unknown field"},
		{"filter empty", Request{Filters: []Filter{{Field: "year"}}}, ErrInvalid, "needs terms, min or max"},
		{"facet ranges on keyword", Request{Facets: map[string]FacetRequest{"c": {Field: "category", Ranges: []FacetRange{{Name: "x", Min: strp("a")}}}}}, ErrInvalid, "ranges need"},
		{"facet number without ranges", Request{Facets: map[string]FacetRequest{"y": {Field: "year"}}}, ErrInvalid, "give ranges"},
		{"long prefix expansion is fine", Request{Query: "كت*"}, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ix.Search(context.Background(), tt.req)
			if tt.target == nil {
				if err != nil {
					t.Errorf("Search(%+v) = %v, want no error", tt.req, err)
				}
				return
			}
			if !errors.Is(err, tt.target) || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("Search(%+v) = %v, want %v containing %q", tt.req, err, tt.target, tt.msg)
			}
		})
	}
}

func TestSearchCancelled(t *testing.T) {
	ix := mustSearchIndex(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ix.Search(ctx, Request{Query: "الكتاب"}); !errors.Is(err, context.Canceled) {
		t.Errorf("Search with a cancelled context = %v, want context.Canceled", err)
	}
}

func TestHighlightOptionsPerRequest(t *testing.T) {
	ix := mustSearchIndex(t)
	res, err := ix.Search(context.Background(), Request{Query: "النيل", Highlight: &HighlightOptions{
		PreTag: "<em>", PostTag: "</em>", FragmentSize: 40, Fragments: 2, Fields: []string{"text"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if len(hitIDs(res)) != 1 {
		t.Fatalf("hits %v, want d09", hitIDs(res))
	}
	h := res.Hits[0]
	if _, ok := h.Highlights["title"]; ok {
		t.Errorf("title highlighted, want only text")
	}
	frags := h.Highlights["text"]
	if len(frags) != 2 {
		t.Fatalf("fragments %q, want 2", frags)
	}
	for _, f := range frags {
		plain := strings.NewReplacer("<em>", "", "</em>", "").Replace(f)
		if n := len([]rune(plain)); n > 40 || !strings.Contains(f, "<em>النيل</em>") {
			t.Errorf("fragment %q: %d characters, want at most 40 with <em>النيل</em>", f, n)
		}
	}
	if len(h.Matches["text"]) != 2 {
		t.Errorf("matches %v, want both النيل in text", h.Matches["text"])
	}
	res, err = ix.Search(context.Background(), Request{Query: "النيل", Highlight: &HighlightOptions{Disabled: true}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Hits[0].Highlights != nil || res.Hits[0].Matches != nil {
		t.Errorf("highlighting disabled, got %v %v", res.Hits[0].Highlights, res.Hits[0].Matches)
	}
}

// TestSearchRankedOrder: the first page in the default order, fetched by
// score alone and sorted by id afterwards (searchRanked), equals the page
// bleve returns with the full order (_score then _id, asked explicitly),
// with ties inside the page, at its end and after it.
func TestSearchRankedOrder(t *testing.T) {
	ix := mustTextIndex(t, map[string]string{
		"e": "شمس قمر", "a": "شمس قمر", "c": "شمس قمر", // equal scores
		"b": "شمس", "d": "شمس نجم كوكب سماء", "f": "قمر منير", "g": "شمس شمس قمر",
	})
	ctx := context.Background()
	for _, q := range []string{"شمس قمر", "شمس", "قمر"} {
		for size := 1; size <= 8; size++ {
			t.Run(fmt.Sprintf("%s/size=%d", q, size), func(t *testing.T) {
				fast, err := ix.Search(ctx, Request{Query: q, Size: size, Related: new(false)})
				if err != nil {
					t.Fatal(err)
				}
				full, err := ix.Search(ctx, Request{Query: q, Size: size, Sort: []string{"_score"}})
				if err != nil {
					t.Fatal(err)
				}
				fast.TookMS, full.TookMS = 0, 0
				if diff := cmp.Diff(full, fast); diff != "" {
					t.Errorf("default order (-full order +score then ids):\n%s", diff)
				}
			})
		}
	}
}
