package index

import (
	"errors"
	"slices"
	"testing"
)

// TestSynonyms: a word of a synonym set also finds the documents holding
// the other words of its set, after those holding the word; the sets are
// changed without reindexing and survive a reopen; bad sets are refused
// whole with the set and word named.
func TestSynonyms(t *testing.T) {
	ix := mustTextIndex(t, map[string]string{
		"car":   "اشتريت سيارة جديدة أمس وركبت السيارة إلى العمل",
		"motor": "الموتر واقف عند الباب",
		"train": "ركبنا القطار السريع",
	})
	if got := searchIDs(t, ix, "سيارة", defaultRank()); !slices.Equal(got, []string{"car"}) {
		t.Fatalf("before synonyms: %v", got)
	}
	if err := ix.SetSynonyms([][]string{{"سيارة", "موتر"}, {"قطار", "ترين"}}); err != nil {
		t.Fatal(err)
	}
	res, err := ix.Search(t.Context(), Request{Query: "سيارة", Related: ptr(false)})
	if err != nil {
		t.Fatal(err)
	}
	if got := hitIDs(res); !slices.Equal(got, []string{"car", "motor"}) {
		t.Errorf("with synonyms: %v, want car then motor", got)
	}
	if len(res.Rewrites) != 1 || !slices.Equal(res.Rewrites[0].Synonyms, []string{"موتر"}) {
		t.Errorf("rewrites %+v, want the synonym موتر", res.Rewrites)
	}
	if got := searchIDs(t, ix, "الموتر", defaultRank()); !slices.Equal(got, []string{"motor", "car"}) {
		t.Errorf("the other way: %v, want motor then car", got)
	}
	path := ix.Path()
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if got := ix.Synonyms(); len(got) != 2 {
		t.Errorf("after reopening: %v", got)
	}
	bad := []struct {
		name string
		sets [][]string
	}{
		{"one word", [][]string{{"سيارة"}}},
		{"a stop word", [][]string{{"سيارة", "على"}}},
		{"two words", [][]string{{"سيارة", "عربة نقل"}}},
		{"empty", [][]string{{"سيارة", " "}}},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			if err := ix.SetSynonyms(tc.sets); !errors.Is(err, ErrInvalid) {
				t.Errorf("SetSynonyms(%v) = %v, want ErrInvalid", tc.sets, err)
			}
		})
	}
	if got := ix.Synonyms(); len(got) != 2 {
		t.Errorf("a refused set changed the sets: %v", got)
	}
	if err := ix.SetSynonyms(nil); err != nil {
		t.Fatal(err)
	}
	if got := searchIDs(t, ix, "سيارة", defaultRank()); !slices.Equal(got, []string{"car"}) {
		t.Errorf("after removing the synonyms: %v", got)
	}
}
