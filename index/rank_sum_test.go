package index

import (
	"context"
	"math"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"
)

// TestSumQueryIDs: every document matching a clause is found once, scored
// with the sum of the clauses it matches (bleve's disjunction without its
// coordination), on scorch (8-byte internal ids, compared as numbers) and
// on bleve's in-memory index (ids of other lengths, compared as bytes).
func TestSumQueryIDs(t *testing.T) {
	docs := map[string][]string{"a": {"x"}, "bb": {"x", "y"}, "ccc": {"y"}, "d": {"z"}, "eeeee": {"x", "z"}}
	open := map[string]func(*testing.T) bleve.Index{
		"scorch": func(t *testing.T) bleve.Index {
			bi, err := bleve.New(t.TempDir()+"/ix", sumMapping())
			if err != nil {
				t.Fatal(err)
			}
			return bi
		},
		"memory": func(t *testing.T) bleve.Index {
			bi, err := bleve.NewMemOnly(sumMapping())
			if err != nil {
				t.Fatal(err)
			}
			return bi
		},
	}
	for name, mk := range open {
		t.Run(name, func(t *testing.T) {
			bi := mk(t)
			defer bi.Close()
			b := bi.NewBatch()
			for id, ts := range docs {
				if err := b.Index(id, map[string]any{"t": ts}); err != nil {
					t.Fatal(err)
				}
			}
			if err := bi.Batch(b); err != nil {
				t.Fatal(err)
			}
			score := func(q query.Query) map[string]float64 {
				sr := bleve.NewSearchRequestOptions(q, 10, 0, false)
				res, err := bi.SearchInContext(context.Background(), sr)
				if err != nil {
					t.Fatal(err)
				}
				out := map[string]float64{}
				for _, h := range res.Hits {
					out[h.ID] = h.Score
				}
				return out
			}
			term := func(s string) query.Query {
				q := query.NewTermQuery(s)
				q.SetField("t")
				return q
			}
			qs := []query.Query{term("x"), term("y"), term("absent")}
			got := score(anyOf(qs))
			coord := score(query.NewDisjunctionQuery(qs)) // the sum times matched/3
			matched := map[string]float64{"a": 1, "bb": 2, "ccc": 1, "eeeee": 1}
			if len(got) != len(matched) || len(coord) != len(matched) {
				t.Fatalf("hits %v and %v, want %v", got, coord, matched)
			}
			for id, k := range matched {
				if want := coord[id] * 3 / k; math.Abs(got[id]-want) > 1e-9*want {
					t.Errorf("%s: score %g, want %g", id, got[id], want)
				}
			}
		})
	}
}

func sumMapping() *mapping.IndexMappingImpl {
	m := bleve.NewIndexMapping()
	m.DefaultAnalyzer = keyword.Name
	return m
}
