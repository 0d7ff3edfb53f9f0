package index

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// relatedDocs: two documents with السكري, two that share the vocabulary of
// those (دواء، التجارب السريرية) without السكري, and two unrelated ones.
var relatedDocs = map[string]string{
	"q":      "اكتشف العلماء دواء جديدا لمرض السكري في المختبر",
	"linked": "نجحت التجارب السريرية على دواء السكري الجديد",
	"trial":  "التجارب السريرية على الدواء الجديد تحتاج سنوات طويلة",
	"lab":    "العلماء في المختبر يجربون دواء جديدا",
	"match":  "فاز الفريق بالمباراة النهائية",
	"rain":   "هطلت أمطار غزيرة على المدينة",
}

// TestRelatedHits: a page that the matches do not fill goes on with the
// documents that share the vocabulary of the best matches, marked and
// counted apart, scored below the last match, without highlights; the
// matches keep the ranks and scores of a search without related hits.
func TestRelatedHits(t *testing.T) {
	ix := mustTextIndex(t, relatedDocs)
	ctx := context.Background()
	off, err := ix.Search(ctx, Request{Query: "علاج السكري", Related: new(false)})
	if err != nil {
		t.Fatal(err)
	}
	if off.Total != 2 || len(off.Hits) != 2 || off.Related != 0 {
		t.Fatalf("related off: total %d, %d hits, related %d; want the 2 documents with السكري", off.Total, len(off.Hits), off.Related)
	}
	res, err := ix.Search(ctx, Request{Query: "علاج السكري"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 2 {
		t.Errorf("total %d, want the 2 matches", res.Total)
	}
	if diff := cmp.Diff(off.Hits, res.Hits[:2]); diff != "" {
		t.Errorf("matches (-related off +on):\n%s", diff)
	}
	var related []string
	last := res.Hits[1].Score
	for _, h := range res.Hits[2:] {
		if !h.Related {
			t.Errorf("hit %s after the matches is not marked related", h.ID)
		}
		if h.Score >= last || h.Score <= 0 {
			t.Errorf("hit %s: score %g, want in (0, %g)", h.ID, h.Score, last)
		}
		if h.Highlights != nil || h.Matches != nil {
			t.Errorf("related hit %s has highlights %v %v", h.ID, h.Highlights, h.Matches)
		}
		last = h.Score
		related = append(related, h.ID)
	}
	if len(related) < 2 || !contains(related[:2], "trial") || !contains(related[:2], "lab") {
		t.Errorf("related hits %v, want trial and lab first", related)
	}
	if contains(related, "match") || contains(related, "rain") {
		t.Errorf("related hits %v hold an unrelated document", related)
	}
	if res.Related != uint64(len(related)) {
		t.Errorf("related count %d, want %d", res.Related, len(related))
	}
}

// TestRelatedPages: pages of from and size across the end of the matches,
// and after it, are slices of one long page.
func TestRelatedPages(t *testing.T) {
	ix := mustTextIndex(t, relatedDocs)
	ctx := context.Background()
	all, err := ix.Search(ctx, Request{Query: "علاج السكري", Size: 20})
	if err != nil {
		t.Fatal(err)
	}
	if len(all.Hits) < 4 {
		t.Fatalf("%d hits, want the 2 matches and related ones", len(all.Hits))
	}
	for from := 0; from < len(all.Hits); from++ {
		for _, size := range []int{1, 2, 3} {
			t.Run(fmt.Sprintf("from=%d/size=%d", from, size), func(t *testing.T) {
				res, err := ix.Search(ctx, Request{Query: "علاج السكري", From: from, Size: size})
				if err != nil {
					t.Fatal(err)
				}
				want := all.Hits[from:min(from+size, len(all.Hits))]
				if diff := cmp.Diff(want, res.Hits); diff != "" {
					t.Errorf("page (-slice of one page +page):\n%s", diff)
				}
				wantRelated := all.Related // counted on pages that reach past the matches
				if uint64(from+size) <= all.Total {
					wantRelated = 0
				}
				if res.Total != all.Total || res.Related != wantRelated {
					t.Errorf("total %d related %d, want %d and %d", res.Total, res.Related, all.Total, wantRelated)
				}
			})
		}
	}
}

// TestRelatedOnlyForWords: related hits follow plain words in the default
// order only; phrases, fields, prefixes, fuzzy and required words, sorts,
// search_after, filters, diacritics and feedback get the matches alone.
func TestRelatedOnlyForWords(t *testing.T) {
	ix := mustSchemaIndex(t, `{"fields": [{"name": "text", "type": "text", "search": true}, {"name": "year", "type": "number"}]}`)
	ctx := context.Background()
	for id, text := range relatedDocs {
		if _, err := ix.Put(ctx, Document{"id": id, "text": text, "year": 2020}); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name    string
		req     Request
		related bool
	}{
		{"words", Request{Query: "علاج السكري"}, true},
		{"turned off", Request{Query: "علاج السكري", Related: new(false)}, false},
		{"turned on", Request{Query: "علاج السكري", Related: new(true)}, true},
		{"phrase", Request{Query: `"لمرض السكري"`}, false},
		{"field", Request{Query: "text:السكري"}, false},
		{"prefix", Request{Query: "السكر*"}, false},
		{"fuzzy", Request{Query: "السكري~1"}, false},
		{"required", Request{Query: "+السكري"}, false},
		{"all words", Request{Query: "دواء السكري", All: true}, false},
		{"sort", Request{Query: "السكري", Sort: []string{"year"}}, false},
		{"search_after", Request{Query: "السكري", SearchAfter: []string{"100", "a"}}, false},
		{"filter", Request{Query: "السكري", Filters: []Filter{{Field: "year", Min: strp("2000")}}}, false},
		{"diacritics", Request{Query: "السُّكَّرِي", Diacritics: true}, false},
		{"feedback", Request{Query: "علاج السكري", Feedback: true}, false},
		{"page full of matches", Request{Query: "دواء", Size: 3}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := ix.Search(ctx, tc.req)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, h := range res.Hits {
				if h.Related {
					n++
				}
			}
			if got := n > 0 || res.Related > 0; got != tc.related {
				t.Errorf("%d related hits (related %d), want related hits: %v", n, res.Related, tc.related)
			}
		})
	}
}

// TestShardedRelated: 2 and 4 shards give the related hits of one index.
func TestShardedRelated(t *testing.T) {
	verses := quranLines(t, 1500)
	one := demoIndex(t, filepath.Join(t.TempDir(), "one"), 1, verses)
	req := Request{Query: "هاروت", Size: 20}
	want, err := one.Search(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if want.Related == 0 || uint64(len(want.Hits)) <= want.Total {
		t.Fatalf("total %d, related %d: the request tests nothing", want.Total, want.Related)
	}
	for _, n := range []int{2, 4} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			ix := demoIndex(t, filepath.Join(t.TempDir(), fmt.Sprint(n)), n, verses)
			got, err := ix.Search(context.Background(), req)
			if err != nil {
				t.Fatal(err)
			}
			sameResults(t, got, want)
			if got.Related != want.Related {
				t.Errorf("related %d, want %d", got.Related, want.Related)
			}
			for i := range want.Hits {
				if got.Hits[i].Related != want.Hits[i].Related {
					t.Errorf("hit %d related %v, want %v", i, got.Hits[i].Related, want.Hits[i].Related)
				}
			}
		})
	}
}

// TestRelatedArrayField: the vocabulary of the best matches is read from
// every element of a text field holding an array of strings.
func TestRelatedArrayField(t *testing.T) {
	ix := mustSchemaIndex(t, `{"fields": [{"name": "paras", "type": "text", "search": true}]}`)
	ctx := context.Background()
	for _, d := range []Document{
		{"id": "q", "paras": []any{"اكتشف العلماء دواء جديدا لمرض السكري", "التجارب السريرية في المختبر"}},
		{"id": "trial", "paras": []any{"مقدمة قصيرة", "التجارب السريرية على الدواء في المختبر تحتاج سنوات"}},
		{"id": "rain", "paras": []any{"هطلت أمطار غزيرة", "على المدينة"}},
	} {
		if _, err := ix.Put(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	res, err := ix.Search(ctx, Request{Query: "السكري"})
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(hitIDs(res), len(res.Hits)); got != "[q] 2" || res.Hits[1].ID != "trial" || !res.Hits[1].Related {
		t.Errorf("hits %+v, want q, then trial related", res.Hits)
	}
}
