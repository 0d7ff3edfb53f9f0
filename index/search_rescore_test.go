package index

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// rescoreRequests add to shardRequests pages and sizes of queries with
// proximity pairs, and a multi-word query with facets and a filter.
var rescoreRequests = []struct {
	name string
	req  Request
}{
	{"pairs, second page", Request{Query: "الذين امنوا وعملوا الصالحات", From: 10, Size: 10}},
	{"pairs, deep page", Request{Query: "يوم القيامة", From: 60, Size: 15}},
	{"pairs, facets and filter", Request{Query: "الله غفور رحيم", Size: 10,
		Filters: []Filter{{Field: "sura", Min: strp("2"), Max: strp("9")}},
		Facets:  map[string]FacetRequest{"suras": {Field: "sura_name", Size: 3}}}},
	{"pairs, no highlights", Request{Query: "رب العالمين", Highlight: &HighlightOptions{Disabled: true}}},
}

// TestRescoreEqualsOneStep: the three-step search (search_rescore.go),
// forced on every query with pairs, gives exactly the results of the
// one-step search: hits, scores bit for bit, sort values, highlights,
// matches, totals and facets, on one index and on shards.
func TestRescoreEqualsOneStep(t *testing.T) {
	verses := quranLines(t, 1500)
	forced, oneStep := defaultRank(), defaultRank()
	forced.rescoreFrom, oneStep.rescoreFrom = 1, 0
	reqs := append(append([]struct {
		name string
		req  Request
	}{}, shardRequests...), rescoreRequests...)
	for _, n := range []int{1, 2} {
		ix := demoIndex(t, filepath.Join(t.TempDir(), fmt.Sprint(n)), n, verses)
		rescored := 0
		for _, tc := range reqs {
			t.Run(fmt.Sprintf("shards=%d/%s", n, tc.name), func(t *testing.T) {
				ctx := context.Background()
				want, err := ix.search(ctx, tc.req, oneStep)
				if err != nil {
					t.Fatal(err)
				}
				got, err := ix.search(ctx, tc.req, forced)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(Result{}, "TookMS"), cmpopts.EquateNaNs()); diff != "" {
					t.Errorf("three steps (-one step +three steps):\n%s", diff)
				}
				b := newBuilder(ix.dicts(), ix.view(), tc.req, forced)
				if _, err := b.build(); err != nil {
					t.Fatal(err)
				}
				if rescoring(tc.req, b, tc.req.Feedback) {
					rescored++
				}
			})
		}
		if rescored < 6 {
			t.Errorf("shards=%d: %d requests took the three steps, want at least 6", n, rescored)
		}
	}
}

// TestRescoreThreshold: the estimate of the candidates decides.
func TestRescoreThreshold(t *testing.T) {
	ix := demoIndex(t, filepath.Join(t.TempDir(), "ix"), 1, quranLines(t, 1500))
	req := Request{Query: "يوم القيامة"}
	b := newBuilder(ix.dicts(), ix.view(), req, defaultRank())
	if _, err := b.build(); err != nil {
		t.Fatal(err)
	}
	n := b.candidates()
	if n < 100 || n > 3000 {
		t.Fatalf("candidates of %q = %d, want the document frequencies of its words", req.Query, n)
	}
	for _, tc := range []struct {
		from uint64
		want bool
	}{{0, false}, {n, true}, {n + 1, false}} {
		b.rank.rescoreFrom = tc.from
		if got := rescoring(req, b, false); got != tc.want {
			t.Errorf("rescoreFrom %d (candidates %d): rescoring %v, want %v", tc.from, n, got, tc.want)
		}
	}
}
