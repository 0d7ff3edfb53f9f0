package index

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/fahras/fahras/syntax"
)

// limitWords returns n distinct four-letter words of letters that are
// neither clitics nor endings, so the analyzer keeps them whole.
func limitWords(n int) []string {
	letters := []rune("ثجحخدذرزسشصضطظعغق")
	var out []string
	for i := 0; len(out) < n; i++ {
		a, b := letters[i%len(letters)], letters[(i/len(letters))%len(letters)]
		out = append(out, string([]rune{a, 'ر', b, 'ق'}))
	}
	return out
}

// TestSearchLongQuery: a query of more terms than a search takes (a pasted
// passage) is searched by its rarest words, in order, and says which
// words were left out.
func TestSearchLongQuery(t *testing.T) {
	ctx := context.Background()
	ix := mustCreate(t, Schema{})
	words := limitWords(syntax.MaxClauses + 8)
	common, rare := words[:syntax.MaxClauses+6], words[syntax.MaxClauses+6:]
	for i := range 20 {
		if _, err := ix.Put(ctx, Document{"id": fmt.Sprint("c", i), "text": strings.Join(common, " ")}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := ix.Put(ctx, Document{"id": "needle", "text": "في النص " + strings.Join(rare, " ")}); err != nil {
		t.Fatal(err)
	}
	// The rare words sit in the middle; stop words and a repeat cost nothing.
	// A word the index does not hold comes after the words it holds.
	q := "غغغغ " + strings.Join(common[:30], " ") + " " + strings.Join(rare, " ") + " في من " + strings.Join(common[30:], " ") + " " + common[0]
	res, err := ix.Search(ctx, Request{Query: q, Size: 3})
	if err != nil {
		t.Fatalf("Search(%d words): %v", len(strings.Fields(q)), err)
	}
	var dropped []string
	for _, rw := range res.Rewrites {
		if rw.Dropped {
			dropped = append(dropped, rw.Word)
		}
	}
	// 64 terms: the 2 rare words and the first 62 common ones.
	if diff := cmp.Diff(append([]string{"غغغغ"}, common[syntax.MaxClauses-2:]...), dropped); diff != "" {
		t.Errorf("dropped words (-want +got):\n%s", diff)
	}
	if len(res.Hits) == 0 || res.Hits[0].ID != "needle" {
		t.Errorf("first hit %v, want needle (its words are the rarest)", res.Hits)
	}
	// An exclusion and a phrase are kept before plain words: the common
	// documents are excluded, the needle found by the phrase alone.
	q = `-` + common[len(common)-1] + ` "` + rare[0] + " " + rare[1] + `" ` + strings.Join(common[:syntax.MaxClauses], " ")
	res, err = ix.Search(ctx, Request{Query: q, Size: 30})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 1 || res.Hits[0].ID != "needle" {
		t.Errorf("-word \"phrase\" and %d words: %d hits %v, want needle alone", syntax.MaxClauses, res.Total, res.Hits)
	}
}
