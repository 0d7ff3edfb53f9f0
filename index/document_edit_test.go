package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestUpdate(t *testing.T) {
	ix := mustSearchIndex(t)
	ctx := context.Background()
	got, err := ix.Update(ctx, "d01", Document{"title": "وزيرة الخارجية تزور عمّان", "date": nil, "year": 2025.0})
	if err != nil {
		t.Fatal(err)
	}
	stored, err := ix.Get(ctx, "d01")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(got, stored); diff != "" {
		t.Errorf("Update's answer differs from the stored document (-update +get):\n%s", diff)
	}
	if _, ok := stored["date"]; ok {
		t.Errorf("date set to null is still stored: %v", stored["date"])
	}
	if stored["year"] != float64(2025) || stored["category"] != "سياسة" || !strings.HasPrefix(stored["text"].(string), "وصل وزير") {
		t.Errorf("merged document: %v", stored)
	}
	// The new title is searched, the old one no longer.
	for q, want := range map[string]int{"title:عمان": 1, "title:القاهرة": 0, "year:2025": 1} {
		res, err := ix.Search(ctx, Request{Query: q})
		if err != nil {
			t.Fatal(err)
		}
		if int(res.Total) != want {
			t.Errorf("%s: %d hits, want %d", q, res.Total, want)
		}
	}
	tests := []struct {
		name   string
		id     string
		patch  Document
		target error
		msg    string
	}{
		{"absent", "nope", Document{"title": "x"}, ErrNotFound, `"nope"`},
		{"id change", "d02", Document{"id": "d99"}, ErrInvalid, "cannot change"},
		{"wrong type", "d02", Document{"year": "ألفان"}, ErrInvalid, `field "year": want number`},
		{"nested object", "d02", Document{"meta": map[string]any{"a": "b"}}, ErrInvalid, "nested objects"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ix.Update(ctx, tt.id, tt.patch)
			if !errors.Is(err, tt.target) || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("Update = %v, want %v containing %q", err, tt.target, tt.msg)
			}
		})
	}
	if d, _ := ix.Get(ctx, "d02"); d["year"] != float64(2020) {
		t.Errorf("a refused update changed d02: %v", d)
	}
}

func TestDeleteByQuery(t *testing.T) {
	tests := []struct {
		name    string
		req     Request
		deleted int
		gone    []string
	}{
		{"words", Request{Query: "+الخارجية"}, 2, []string{"d01", "d02"}},
		{"filter alone", Request{Filters: []Filter{{Field: "category", Terms: []string{"سياسة"}}}}, 2, []string{"d01", "d02"}},
		{"range", Request{Query: "year:>=2024"}, 1, nil},
		{"ه for ة is the same word", Request{Query: "الخارجيه"}, 2, nil},
		// A search finds d01 and d02 through the typo's edits; deleting does not.
		{"a typo deletes nothing", Request{Query: "الخارجبة"}, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix := mustSearchIndex(t)
			ctx := context.Background()
			before, err := ix.Search(ctx, Request{Query: tt.req.Query, Filters: tt.req.Filters})
			if err != nil {
				t.Fatal(err)
			}
			n, err := ix.DeleteByQuery(ctx, tt.req)
			if err != nil {
				t.Fatal(err)
			}
			if tt.name == "a typo deletes nothing" && before.Total == 0 {
				t.Fatalf("a search of %q finds nothing: the case tests nothing", tt.req.Query)
			}
			if n != tt.deleted {
				t.Errorf("deleted %d, want %d (a search finds %d)", n, tt.deleted, before.Total)
			}
			st, _ := ix.Stats(ctx)
			if st.Documents != uint64(12-n) {
				t.Errorf("%d documents left, want %d", st.Documents, 12-n)
			}
			for _, id := range tt.gone {
				if _, err := ix.Get(ctx, id); !errors.Is(err, ErrNotFound) {
					t.Errorf("%s: %v, want not found", id, err)
				}
			}
		})
	}
	ix := mustSearchIndex(t)
	if _, err := ix.DeleteByQuery(context.Background(), Request{Query: "  "}); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "drop the index") {
		t.Errorf("empty request: %v", err)
	}
	if _, err := ix.DeleteByQuery(context.Background(), Request{Query: `"دار`}); !errors.Is(err, ErrInvalidQuery) {
		t.Errorf("bad syntax: %v", err)
	}
}

// mustShardedSearchIndex is mustSearchIndex split into three shards.
func mustShardedSearchIndex(t *testing.T) *Index {
	t.Helper()
	data, err := os.ReadFile("../testdata/search/schema.json")
	if err != nil {
		t.Fatal(err)
	}
	s, err := ParseSchema(data)
	if err != nil {
		t.Fatal(err)
	}
	s.Shards = 3
	ix, err := Create(filepath.Join(t.TempDir(), "ix"), s)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	f, err := os.Open("../testdata/search/docs.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if st, err := ix.BulkNDJSON(context.Background(), f, "docs.jsonl", BulkOptions{}, nil); err != nil || st.Documents != 12 {
		t.Fatalf("bulk: %+v, %v", st, err)
	}
	return ix
}

// TestEditsOnShards runs delete by query, updates and a histogram on a
// sharded index: the same answers as on one index.
func TestEditsOnShards(t *testing.T) {
	ctx := context.Background()
	one, three := mustSearchIndex(t), mustShardedSearchIndex(t)
	req := Request{Facets: map[string]FacetRequest{"y": {Field: "year", Auto: 4}}}
	a, err := one.Search(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	b, err := three.Search(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(a.Facets, b.Facets); diff != "" {
		t.Errorf("histogram on 3 shards differs from one index (-one +three):\n%s", diff)
	}
	n, err := three.DeleteByQuery(ctx, Request{Query: "year:>=2021"})
	if err != nil || n != 7 {
		t.Errorf("DeleteByQuery on shards = %d, %v; want the 7 articles of 2021 and later", n, err)
	}
	if st, _ := three.Stats(ctx); st.Documents != 5 {
		t.Errorf("%d documents left, want 5", st.Documents)
	}
	if _, err := three.Update(ctx, "d03", Document{"year": 2030.0}); err != nil {
		t.Fatal(err)
	}
	if res, err := three.Search(ctx, Request{Query: "year:2030"}); err != nil || res.Total != 1 || res.Hits[0].ID != "d03" {
		t.Errorf("search of the updated year on shards: %+v, %v", res, err)
	}
}

// TestUpdateConcurrent patches one document from many goroutines, each
// with a field of its own: no update loses another's field.
func TestUpdateConcurrent(t *testing.T) {
	ix := mustSearchIndex(t)
	ctx := context.Background()
	const n = 16
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			if _, err := ix.Update(ctx, "d05", Document{fmt.Sprintf("note%02d", i): "ملاحظة"}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	d, err := ix.Get(ctx, "d05")
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		if d[fmt.Sprintf("note%02d", i)] != "ملاحظة" {
			t.Errorf("note%02d lost: %v", i, d)
		}
	}
}

// TestDeleteByQueryPages deletes more matches than one page of the search
// (1000) and one delete batch hold, and keeps the documents that do not
// match.
func TestDeleteByQueryPages(t *testing.T) {
	ix, err := Create(filepath.Join(t.TempDir(), "ix"), Schema{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	var b strings.Builder
	for i := range 2500 {
		fmt.Fprintf(&b, `{"id": "n%04d", "text": "خبر رقم %d عن الاقتصاد"}`+"\n", i, i)
	}
	for i := range 7 {
		fmt.Fprintf(&b, `{"id": "k%d", "text": "خبر عن الرياضة"}`+"\n", i)
	}
	ctx := context.Background()
	if st, err := ix.BulkNDJSON(ctx, strings.NewReader(b.String()), "gen", BulkOptions{}, nil); err != nil || st.Documents != 2507 {
		t.Fatalf("bulk: %+v, %v", st, err)
	}
	n, err := ix.DeleteByQuery(ctx, Request{Query: "+الاقتصاد"})
	if err != nil || n != 2500 {
		t.Fatalf("DeleteByQuery = %d, %v; want 2500", n, err)
	}
	if st, _ := ix.Stats(ctx); st.Documents != 7 {
		t.Errorf("%d documents left, want the 7 others", st.Documents)
	}
}

// TestDeleteByQuerySynonyms: the index's synonyms apply as in search (they
// are set on purpose, unlike the guesses of typo edits): deleting سيارة
// deletes the documents with موتر too.
func TestDeleteByQuerySynonyms(t *testing.T) {
	ix := mustTextIndex(t, map[string]string{
		"car":   "اشترى سيارة جديدة",
		"motor": "الموتر واقف عند الباب",
		"train": "ركبنا القطار إلى المدينة",
	})
	if err := ix.SetSynonyms([][]string{{"سيارة", "موتر"}}); err != nil {
		t.Fatal(err)
	}
	n, err := ix.DeleteByQuery(context.Background(), Request{Query: "سيارة"})
	if err != nil || n != 2 {
		t.Fatalf("DeleteByQuery = %d, %v; want car and motor", n, err)
	}
	if _, err := ix.Get(context.Background(), "train"); err != nil {
		t.Errorf("train: %v", err)
	}
}
