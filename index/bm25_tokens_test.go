package index

import (
	"context"
	"strings"
	"testing"

	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/fahras/fahras/analysis"
)

// TestTokenTotals: the token totals kept at index time equal the sum of
// the postings' term frequencies of every text representation after bulk
// loads, replacements (by Put and by bulk) and deletes, and a reopened
// index scores with them without counting.
func TestTokenTotals(t *testing.T) {
	ctx := context.Background()
	ix := mustTextIndex(t, map[string]string{"a": "شمس قمر نجم كوكب", "b": "شمس قمر"})
	t.Cleanup(func() { ix.Close() }) // the index reopened below
	bulk := `{"id": "c", "text": "سماء مجرة في الفضاء"}
{"id": "d", "text": ["كَتَبَ الولدُ", "الدرس"]}
{"id": "a", "text": "شمس"}
{"id": "e", "text": "نجم"}
{"id": "e", "text": "نجوم السماء الزرقاء"}
`
	steps := []struct {
		name string
		do   func() error
	}{
		{"after puts", func() error { return nil }},
		{"after a bulk load with a replacement and a repeated id", func() error {
			_, err := ix.Bulk(ctx, []Source{ReaderSource("b.ndjson", strings.NewReader(bulk))}, BulkOptions{BatchSize: 2})
			return err
		}},
		{"after replacing by Put", func() error {
			_, err := ix.Put(ctx, Document{"id": "b", "text": "قمر منير جدا في الليل"})
			return err
		}},
		{"after a delete", func() error { return ix.Delete(ctx, "c") }},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			if err := s.do(); err != nil {
				t.Fatal(err)
			}
			checkTotals(t, ix)
		})
	}
	t.Run("reopened", func(t *testing.T) {
		path := ix.path
		if err := ix.Close(); err != nil {
			t.Fatal(err)
		}
		var err error
		if ix, err = Open(path); err != nil {
			t.Fatal(err)
		}
		if !ix.tokens.on {
			t.Fatal("the saved totals were not loaded")
		}
		checkTotals(t, ix)
	})
	t.Run("record of another document count is not used", func(t *testing.T) {
		if err := ix.bi.SetInternal(tokensKey, []byte(`{"docs": 99, "tokens": {"text": 5}}`)); err != nil {
			t.Fatal(err)
		}
		ix.loadTokens()
		if ix.tokens.on {
			t.Error("totals saved at 99 documents were used")
		}
		if _, err := ix.bm25Stats(ctx, analysis.Stem); err != nil {
			t.Errorf("counting fallback: %v", err)
		}
	})
}

// checkTotals compares the kept totals with the postings.
func checkTotals(t *testing.T, ix *Index) {
	t.Helper()
	withReader(t, ix, func(r bleveindex.IndexReader) {
		n, err := r.DocCount()
		if err != nil {
			t.Fatal(err)
		}
		if ix.tokens.docs != n {
			t.Errorf("totals are for %d documents, the index has %d", ix.tokens.docs, n)
		}
		for _, l := range analysis.Levels {
			f := fieldName("text", l)
			want, err := fieldTokens(context.Background(), r, f)
			if err != nil {
				t.Fatal(err)
			}
			if got := ix.tokens.tokens[f]; got != int64(want) {
				t.Errorf("%s: kept %d tokens, postings have %d", f, got, want)
			}
		}
	})
}
