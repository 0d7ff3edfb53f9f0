package cluster

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/fahras/fahras/index"
)

func TestAssign(t *testing.T) {
	for _, tc := range []struct {
		name             string
		nodes            []string
		shards, replicas int
		want             [][]string
	}{
		{"three nodes, two replicas", []string{"a", "b", "c"}, 3, 2, [][]string{{"a", "b"}, {"b", "c"}, {"c", "a"}}},
		{"more shards than nodes", []string{"a", "b"}, 3, 1, [][]string{{"a"}, {"b"}, {"a"}}},
		{"every node holds every shard", []string{"a", "b"}, 2, 2, [][]string{{"a", "b"}, {"b", "a"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, assign(tc.nodes, tc.shards, tc.replicas)); diff != "" {
				t.Errorf("assignment (-want +got):\n%s", diff)
			}
		})
	}
}

func hits(idScores ...any) []index.Hit {
	var out []index.Hit
	for i := 0; i < len(idScores); i += 2 {
		out = append(out, index.Hit{ID: idScores[i].(string), Score: idScores[i+1].(float64)})
	}
	return out
}

func ids(hs []index.Hit) []string {
	out := []string{}
	for _, h := range hs {
		out = append(out, h.ID)
	}
	return out
}

func TestMerge(t *testing.T) {
	a := &index.Result{Total: 3, Hits: hits("a1", 3.0, "a2", 1.0, "a3", 0.5)}
	b := &index.Result{Total: 2, Hits: hits("b1", 2.0, "b0", 1.0)}
	for _, tc := range []struct {
		name       string
		from, size int
		want       []string
	}{
		{"first page, ties by id", 0, 4, []string{"a1", "b1", "a2", "b0"}},
		{"second page", 2, 2, []string{"a2", "b0"}},
		{"past the end", 5, 2, []string{}},
		{"the last hits", 3, 10, []string{"b0", "a3"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := merge([]*index.Result{a, b}, tc.from, tc.size, nil)
			if got.Total != 5 {
				t.Errorf("total %d, want 5", got.Total)
			}
			if diff := cmp.Diff(tc.want, ids(got.Hits)); diff != "" {
				t.Errorf("hits (-want +got):\n%s", diff)
			}
		})
	}
}

func TestMergeFacets(t *testing.T) {
	part := func(buckets ...index.FacetBucket) map[string]index.FacetResult {
		total := 0
		for _, b := range buckets {
			total += b.Count
		}
		return map[string]index.FacetResult{"sura": {Field: "sura", Total: total, Buckets: buckets}}
	}
	got := mergeFacets([]map[string]index.FacetResult{
		part(index.FacetBucket{Term: "البقرة", Count: 5}, index.FacetBucket{Term: "الفاتحة", Count: 1}),
		part(index.FacetBucket{Term: "آل عمران", Count: 4}, index.FacetBucket{Term: "البقرة", Count: 2}),
	}, map[string]index.FacetRequest{"sura": {Field: "sura", Size: 2}})
	want := map[string]index.FacetResult{"sura": {Field: "sura", Total: 12, Other: 1, Buckets: []index.FacetBucket{
		{Term: "البقرة", Count: 7}, {Term: "آل عمران", Count: 4},
	}}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("facets (-want +got):\n%s", diff)
	}
}
