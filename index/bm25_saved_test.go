package index

import (
	"context"
	"encoding/json"
	"testing"

	bleveindex "github.com/blevesearch/bleve_index_api"
	"github.com/google/go-cmp/cmp"

	"github.com/fahras/fahras/analysis"
)

// TestBM25MeansSaved: the mean field lengths counted by one process are
// saved in the index and reused by the next one while the index is
// unchanged, and ignored once the document count or a dictionary size
// differs.
func TestBM25MeansSaved(t *testing.T) {
	ctx := context.Background()
	ix := mustTextIndex(t, map[string]string{"a": "شمس قمر نجم كوكب", "b": "شمس قمر", "c": "سماء مجرة"})
	// An index from before the token totals (bm25_tokens.go).
	if err := ix.bi.DeleteInternal(tokensKey); err != nil {
		t.Fatal(err)
	}
	ix.loadTokens()
	want, err := ix.bm25Stats(ctx, analysis.Stem, analysis.Exact)
	if err != nil {
		t.Fatal(err)
	}
	path := ix.path
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })

	t.Run("reused by a new process", func(t *testing.T) {
		c, n := &bm25Cache{mean: map[string]float64{}}, uint64(3)
		withReader(t, ix, func(r bleveindex.IndexReader) {
			if !c.load(r, n) {
				t.Fatal("the saved means were not loaded")
			}
		})
		if got := c.mean["text"] * 3; got != float64(want.FieldCardinality["text"]) {
			t.Errorf("loaded mean of text × 3 = %v, want %d tokens", got, want.FieldCardinality["text"])
		}
		got, err := ix.bm25Stats(ctx, analysis.Stem, analysis.Exact)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("stats after reopening (-want +got):\n%s", diff)
		}
	})
	t.Run("other document count", func(t *testing.T) {
		withReader(t, ix, func(r bleveindex.IndexReader) {
			if (&bm25Cache{mean: map[string]float64{}}).load(r, 4) {
				t.Error("means saved at 3 documents were used at 4")
			}
		})
	})
	t.Run("other dictionary size", func(t *testing.T) {
		var s savedMeans
		withReader(t, ix, func(r bleveindex.IndexReader) {
			b, err := r.GetInternal(bm25Key)
			if err != nil || json.Unmarshal(b, &s) != nil {
				t.Fatalf("saved record %q: %v", b, err)
			}
		})
		s.Cards["text"]++
		b, _ := json.Marshal(s)
		if err := ix.bi.SetInternal(bm25Key, b); err != nil {
			t.Fatal(err)
		}
		withReader(t, ix, func(r bleveindex.IndexReader) {
			if (&bm25Cache{mean: map[string]float64{}}).load(r, 3) {
				t.Error("means saved for another dictionary were used")
			}
		})
	})
}

// withReader calls f with a reader of ix.
func withReader(t *testing.T, ix *Index, f func(bleveindex.IndexReader)) {
	t.Helper()
	adv, err := ix.bi.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	r, err := adv.Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	f(r)
}
