package index

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestRunOnWords: a query word the index does not know, typed without the
// space after a non-joining letter, is searched as its two words; known
// words, excluded words and words whose parts are not both known stay.
func TestRunOnWords(t *testing.T) {
	ix := mustTextIndex(t, map[string]string{
		"country": "تشتهر البلد بالتمور والقهوة العربية",
		"table":   "وضع الكتاب على الطاولة الخشبية",
		"school":  "افتتحت مدرسة البنات في القرية",
		"river":   "يمر النهر بالمدينة القديمة",
		"house":   "دار النشر أصدرت كتابا جديدا",
		"repent":  "توبوا إلى الله جميعا",
		"cloth":   "اشترى عشرين ومترا من القماش",
		"hundred": "دفع مية ريال ثمنا له",
	})
	tests := []struct {
		name, query string
		want        []string
	}{
		{"after ر before the article", "تشتهرالبلد", []string{"country"}},
		{"after ى, stop word first", "علىالطاولة", []string{"table"}},
		{"after ة", "مدرسةالبنات", []string{"school"}},
		{"with other words", "بما تشتهرالبلد", []string{"country"}},
		{"three words", "تشتهرالبلدبالتمور", []string{"country"}},
		{"question mark attached", "تشتهرالبلد؟", []string{"country"}},
		{"stop word between", "توبواإلىالله", []string{"repent"}},
		{"required", "+تشتهرالبلد", []string{"country"}},
		{"diacritized", "تَشْتَهِرُالبَلَدُ", []string{"country"}},
		{"known word not split", "دار", []string{"house"}},
		{"excluded not split", "النهر -تشتهرالبلد", []string{"river"}},
		{"a part unknown", "تشتهرالغيمة", []string{}},
		{"no non-joining letter", "تشتهرهالبلد", []string{}},
		{"quoted not split", `"تشتهرالبلد"`, []string{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, searchIDs(t, ix, tc.query, defaultRank())); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tc.query, diff)
			}
		})
	}
}

// TestRunOnHighlights: both words of a split run-on are marked.
func TestRunOnHighlights(t *testing.T) {
	ix := mustTextIndex(t, map[string]string{"country": "تشتهر البلد بالتمور والقهوة العربية"})
	res, err := ix.Search(t.Context(), Request{Query: "تشتهرالبلد"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 1 {
		t.Fatalf("hits %v, want country", hitIDs(res))
	}
	want := []string{"<mark>تشتهر</mark> <mark>البلد</mark> بالتمور والقهوة العربية"}
	if diff := cmp.Diff(want, res.Hits[0].Highlights["text"]); diff != "" {
		t.Errorf("highlights (-want +got):\n%s", diff)
	}
}

// TestRewrites: the result says which words were split or searched
// through their typo edits; a query of known words has no rewrites.
func TestRewrites(t *testing.T) {
	ix := mustTextIndex(t, map[string]string{
		"country": "تشتهر البلد بالتمور والقهوة العربية",
		"algo":    "يشرح المدرس الخوارزميات للطلاب",
		"cloth":   "اشترى عشرين ومترا من القماش",
		"hundred": "دفع مية ريال ثمنا له",
	})
	tests := []struct {
		query string
		want  []Rewrite
	}{
		{"تشتهرالبلد الخوارزمبات", []Rewrite{{Word: "تشتهرالبلد", Split: []string{"تشتهر", "البلد"}}, {Word: "الخوارزمبات", Typo: true}}},
		{"تشتهرالبلدبالتمور", []Rewrite{{Word: "تشتهرالبلدبالتمور", Split: []string{"تشتهر", "البلد", "بالتمور"}}}},
		// Not split: ومترا مية has neither the article nor a stop word
		// at the boundary; مترام is one letter from مترا, a typo.
		{"ومترامية", []Rewrite{{Word: "ومترامية", Typo: true}}},
		{"تشتهر الخوارزميات", nil},
		{"الأطفال -الخوارزمبات", nil}, // excluded words get no edits
	}
	for _, tc := range tests {
		t.Run(tc.query, func(t *testing.T) {
			res, err := ix.Search(t.Context(), Request{Query: tc.query})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, res.Rewrites); diff != "" {
				t.Errorf("rewrites (-want +got):\n%s", diff)
			}
		})
	}
}
