package server

import (
	"context"
	"encoding/json"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/fahras/fahras/client"
	"github.com/fahras/fahras/index"
)

// shardSchema returns the fixture's schema with n shards.
func shardSchema(t *testing.T, n int) client.Schema {
	t.Helper()
	raw, err := os.ReadFile("testdata/schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var s client.Schema
	if err := json.Unmarshal(raw, &s); err != nil {
		t.Fatal(err)
	}
	s.Shards = n
	return s
}

// bulkFixture loads the fixture into the index name through the API.
func bulkFixture(t *testing.T, c *client.Client, name string) {
	t.Helper()
	f, err := os.Open(docsFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sum, err := c.Bulk(context.Background(), name, f, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Indexed < 60 || sum.Failed > 0 {
		t.Fatalf("bulk into %s: %+v", name, sum)
	}
}

// TestE2EShards creates a sharded index through the API and finds the
// hits and scores of the unsharded one, with the shards reported.
func TestE2EShards(t *testing.T) {
	cat, _ := mustCatalog(t)
	_, c := mustServe(t, cat, Options{APIKey: testKey})
	ctx := context.Background()
	s := shardSchema(t, 4)
	info, err := c.CreateIndex(ctx, "quran4", &s)
	if err != nil {
		t.Fatal(err)
	}
	if info.Shards != 4 || info.Schema.Shards != 4 {
		t.Errorf("created with shards %d (schema %d), want 4", info.Shards, info.Schema.Shards)
	}
	bulkFixture(t, c, "quran4")
	one, err := c.GetIndex(ctx, testIndex)
	if err != nil {
		t.Fatal(err)
	}
	four, err := c.GetIndex(ctx, "quran4")
	if err != nil {
		t.Fatal(err)
	}
	if one.Shards != 1 || four.Shards != 4 || four.Documents != one.Documents {
		t.Errorf("indexes: %s %d shards %d documents, %s %d shards %d documents", one.Name, one.Shards, one.Documents, four.Name, four.Shards, four.Documents)
	}
	for _, req := range []client.Request{
		{Query: "الله", Size: 20},
		{Query: "رب العالمين", Size: 20, Facets: map[string]client.FacetRequest{"title": {Field: "title"}}},
		{Query: "الرحيم*", Size: 20},
	} {
		t.Run(req.Query, func(t *testing.T) {
			want, err := c.Search(ctx, testIndex, req)
			if err != nil {
				t.Fatal(err)
			}
			got, err := c.Search(ctx, "quran4", req)
			if err != nil {
				t.Fatal(err)
			}
			if len(want.Hits) == 0 || got.Total != want.Total || len(got.Hits) != len(want.Hits) {
				t.Fatalf("total %d (%d hits), want %d (%d hits)", got.Total, len(got.Hits), want.Total, len(want.Hits))
			}
			for i, w := range want.Hits {
				if g := got.Hits[i]; g.ID != w.ID || math.Abs(g.Score-w.Score) > 1e-9*w.Score {
					t.Errorf("hit %d: %s %g, want %s %g", i, g.ID, g.Score, w.ID, w.Score)
				}
			}
			if diff := cmp.Diff(want.Facets, got.Facets); diff != "" {
				t.Errorf("facets (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(&client.ShardsStatus{Total: 4, Successful: 4}, got.Shards); diff != "" {
				t.Errorf("shards (-want +got):\n%s", diff)
			}
			if want.Shards != nil {
				t.Errorf("unsharded index reports shards %+v", want.Shards)
			}
		})
	}
	bad := shardSchema(t, 65)
	if _, err := c.CreateIndex(ctx, "toomany", &bad); errorCodeOf(err) != "invalid" || !strings.Contains(err.Error(), "shards") {
		t.Errorf("create with 65 shards: %v, want invalid naming shards", err)
	}
}

// TestE2EShardFailure: a shard of an index is damaged; the server still
// opens the index, a search answers 200 from the other shards, and the
// answer says which shard failed and why.
func TestE2EShardFailure(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"whole", "broken"} {
		var s index.Schema
		convert(t, shardSchema(t, 3), &s)
		ix, err := index.Create(filepath.Join(dir, name), s)
		if err != nil {
			t.Fatal(err)
		}
		f, err := os.Open(docsFile)
		if err != nil {
			t.Fatal(err)
		}
		_, err = ix.BulkNDJSON(context.Background(), f, docsFile, index.BulkOptions{}, nil)
		f.Close()
		if cerr := ix.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "broken", "shards", "1", "index_meta.json"), []byte("not json"), 0o644); err != nil {
		t.Fatal(err)
	}
	cat, err := index.OpenCatalog(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cat.Close() })
	ts, c := mustServe(t, cat, Options{})
	ctx := context.Background()
	req := client.Request{Query: "الله", Size: 100}
	whole, err := c.Search(ctx, "whole", req)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(ts.URL + "/v1/indexes/broken/search?q=" + "%D8%A7%D9%84%D9%84%D9%87" + "&size=100")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d, want 200", resp.StatusCode)
	}
	var part client.Result
	if err := json.NewDecoder(resp.Body).Decode(&part); err != nil {
		t.Fatal(err)
	}
	if part.Shards == nil || part.Shards.Total != 3 || part.Shards.Successful != 2 || part.Shards.Failed != 1 ||
		len(part.Shards.Failures) != 1 || part.Shards.Failures[0].Shard != 1 || part.Shards.Failures[0].Error == "" {
		t.Fatalf("shards %+v, want shard 1 of 3 failed with its reason", part.Shards)
	}
	if part.Total == 0 || part.Total >= whole.Total {
		t.Errorf("partial total %d, whole %d", part.Total, whole.Total)
	}
	scores := map[string]float64{}
	for _, h := range whole.Hits {
		scores[h.ID] = h.Score
	}
	for _, h := range part.Hits {
		if h.Related { // the part's related hits differ: its best matches do
			continue
		}
		if _, ok := scores[h.ID]; !ok {
			t.Errorf("partial hit %s is not a hit of the whole index", h.ID)
		}
	}
	if whole.Shards == nil || whole.Shards.Failed != 0 {
		t.Errorf("whole index shards %+v", whole.Shards)
	}
}
