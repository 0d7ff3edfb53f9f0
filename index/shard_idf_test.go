package index

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/fahras/fahras/analysis"
)

// TestShardRankingsEqualUnsharded indexes Qur'an verses into one index
// and into 2 and 3 shards routed by shardOf, and checks that searching the
// shards in parallel (a bleve alias) with globalSearch gives the same hits,
// in the same order, with the same scores as the single index with the
// same statistics, and that without global document frequencies they
// differ (so the test can fail).
func TestShardRankingsEqualUnsharded(t *testing.T) {
	docs := quranFixture(t, 800)
	m := shardTestMapping()
	one := newBleve(t, filepath.Join(t.TempDir(), "one"), m, scorch.Name, docs, 1)[0]
	queries := []string{"الرحمن الرحيم", "رب العالمين", "الذين امنوا", "يوم القيامة", "الله", "نار جهنم خالدين"}
	for _, n := range []int{2, 3} {
		shards := newBleve(t, filepath.Join(t.TempDir(), fmt.Sprint(n)), m, shardIndexType, docs, n)
		for _, q := range queries {
			t.Run(fmt.Sprintf("shards=%d/%s", n, q), func(t *testing.T) {
				want := searchGlobal(t, []bleve.Index{one}, q, true)
				got := searchGlobal(t, shards, q, true)
				if len(want.Hits) == 0 {
					t.Fatalf("no hits for %q", q)
				}
				if got.Total != want.Total || len(got.Hits) != len(want.Hits) {
					t.Fatalf("total %d (%d hits), want %d (%d hits)", got.Total, len(got.Hits), want.Total, len(want.Hits))
				}
				for i := range want.Hits {
					g, w := got.Hits[i], want.Hits[i]
					if g.ID != w.ID || math.Abs(g.Score-w.Score) > 1e-9*math.Abs(w.Score) {
						t.Errorf("hit %d: %s %.12g, want %s %.12g", i, g.ID, g.Score, w.ID, w.Score)
					}
				}
			})
		}
	}
	t.Run("local idf differs", func(t *testing.T) {
		shards := newBleve(t, filepath.Join(t.TempDir(), "local"), m, shardIndexType, docs, 3)
		differs := false
		for _, q := range queries {
			want := searchGlobal(t, []bleve.Index{one}, q, true)
			got := searchGlobal(t, shards, q, false)
			for i := range min(len(got.Hits), len(want.Hits)) {
				if got.Hits[i].ID != want.Hits[i].ID || math.Abs(got.Hits[i].Score-want.Hits[i].Score) > 1e-9 {
					differs = true
				}
			}
		}
		if !differs {
			t.Fatal("shard-local document frequencies gave the same rankings: the fixture does not test idf")
		}
	})
}

func TestShardOf(t *testing.T) {
	counts := make([]int, 4)
	for i := range 4000 {
		s := shardOf(fmt.Sprintf("doc-%d", i), 4)
		if s != shardOf(fmt.Sprintf("doc-%d", i), 4) {
			t.Fatal("shardOf is not deterministic")
		}
		counts[s]++
	}
	for s, c := range counts {
		if c < 800 || c > 1200 {
			t.Errorf("shard %d holds %d of 4000 ids: %v", s, c, counts)
		}
	}
}

func shardTestMapping() *mapping.IndexMappingImpl {
	m := bleve.NewIndexMapping()
	m.ScoringModel = bleveindex.BM25Scoring
	m.DefaultMapping.Dynamic = false
	fm := mapping.NewTextFieldMapping()
	fm.Analyzer = analysis.AnalyzerName(analysis.Stem)
	fm.Store = true
	m.DefaultMapping.AddFieldMappingsAt("text", fm)
	return m
}

// newBleve creates n bleve indexes of type typ under dir and indexes docs,
// each into shard shardOf(id, n).
func newBleve(t *testing.T, dir string, m mapping.IndexMapping, typ string, docs []map[string]any, n int) []bleve.Index {
	t.Helper()
	out := make([]bleve.Index, n)
	batches := make([]*bleve.Batch, n)
	for i := range out {
		ix, err := bleve.NewUsing(filepath.Join(dir, fmt.Sprint(i)), m, typ, scorch.Name, nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { ix.Close() })
		out[i], batches[i] = ix, ix.NewBatch()
	}
	for _, d := range docs {
		id := d["id"].(string)
		if err := batches[shardOf(id, n)].Index(id, d); err != nil {
			t.Fatal(err)
		}
	}
	for i, b := range batches {
		if err := out[i].Batch(b); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// searchGlobal searches idx (in parallel when several) for q on "text",
// best first then by id, with global statistics; global=false leaves the
// document frequencies to each shard.
func searchGlobal(t *testing.T, idx []bleve.Index, q string, global bool) *bleve.SearchResult {
	t.Helper()
	inner := make([]bleveindex.Index, len(idx))
	for i, ix := range idx {
		adv, err := ix.Advanced()
		if err != nil {
			t.Fatal(err)
		}
		inner[i] = adv
	}
	st, err := shardStats(context.Background(), inner, []string{"text"})
	if err != nil {
		t.Fatal(err)
	}
	ctx, release, err := globalSearch(context.Background(), inner, st)
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	if !global {
		ctx = context.WithValue(context.Background(), search.BM25StatsKey, ctx.Value(search.BM25StatsKey))
	}
	mq := query.NewMatchQuery(q)
	mq.SetField("text")
	req := bleve.NewSearchRequestOptions(mq, 30, 0, false)
	req.SortByCustom(search.SortOrder{&search.SortScore{Desc: true}, &search.SortDocID{}})
	res, err := bleve.NewIndexAlias(idx...).SearchInContext(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if res.Status.Failed > 0 {
		t.Fatalf("failed shards: %v", res.Status.Errors)
	}
	return res
}

// quranFixture reads the first n verses of testdata/quran.
func quranFixture(t *testing.T, n int) []map[string]any {
	t.Helper()
	f, err := os.Open("../testdata/quran/verses.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var docs []map[string]any
	sc := bufio.NewScanner(f)
	for sc.Scan() && len(docs) < n {
		var d map[string]any
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			t.Fatal(err)
		}
		docs = append(docs, map[string]any{"id": d["id"], "text": d["text"]})
	}
	return docs
}
