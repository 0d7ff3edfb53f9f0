package index

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// compactDocs are small news-like documents, written one Put (one batch,
// one segment) each.
func compactDocs() []Document {
	words := []string{"المدرسة", "الكتاب", "المعلمون", "السوق", "الطريق", "المدينة"}
	sources := []string{"okaz", "riyadh", "alwatan"}
	var docs []Document
	for i := range 12 {
		docs = append(docs, Document{
			"id":     fmt.Sprintf("d%02d", i),
			"title":  fmt.Sprintf("ذهب %s إلى %s", words[i%len(words)], words[(i+1)%len(words)]),
			"text":   fmt.Sprintf("قال %s إن %s جديد في %s", words[(i+2)%len(words)], words[i%len(words)], words[(i+3)%len(words)]),
			"source": sources[i%len(sources)],
			"rank":   float64(i),
		})
	}
	return docs
}

var compactSchema = Schema{Fields: []Field{
	{Name: "title", Type: Text, Search: true, Boost: 2},
	{Name: "text", Type: Text, Search: true},
	{Name: "source", Type: Keyword, Facet: true},
	{Name: "rank", Type: Number, Sort: true},
}}

// compactRequests exercise what compacting must keep: ranked words,
// phrases, proximity, highlights with offsets, facets and sorts.
var compactRequests = []Request{
	{Query: "المدرسة الكتاب", Highlight: &HighlightOptions{}},
	{Query: `"ذهب المدرسة"`, Highlight: &HighlightOptions{}},
	{Query: "الطريق", Facets: map[string]FacetRequest{"source": {Field: "source"}}},
	{Query: "المدينة", Sort: []string{"-rank"}},
}

func searchAll(t *testing.T, ix *Index) []*Result {
	t.Helper()
	var out []*Result
	for _, req := range compactRequests {
		res, err := ix.Search(context.Background(), req)
		if err != nil {
			t.Fatalf("search %q: %v", req.Query, err)
		}
		if len(res.Hits) == 0 {
			t.Fatalf("search %q: no hits", req.Query)
		}
		out = append(out, res)
	}
	return out
}

func segmentCount(t *testing.T, bi bleve.Index) int {
	t.Helper()
	s, err := scorchOf(bi)
	if err != nil {
		t.Fatal(err)
	}
	live, _, err := liveSegments(s)
	if err != nil {
		t.Fatal(err)
	}
	return len(live)
}

// noMerge is a scorch configuration without background merges, so that
// every batch stays a segment of its own until compact merges them.
func noMerge() map[string]any {
	c := scorchConfig()
	c["scorchMergePlanOptions"] = map[string]any{"FloorSegmentSize": 1, "MaxSegmentsPerTier": 1 << 20}
	return c
}

// writeSegments indexes docs into the index folder dir one batch each,
// through bleve opened without merges, and returns that bleve index.
func writeSegments(t *testing.T, dir string, docs []Document) bleve.Index {
	t.Helper()
	ix, err := Create(dir, compactSchema)
	if err != nil {
		t.Fatal(err)
	}
	var prepared []*document.Document
	for _, d := range docs {
		doc, err := ix.prepare(d, "", false)
		if err != nil {
			t.Fatal(err)
		}
		prepared = append(prepared, doc)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	bi, err := bleve.OpenUsing(dir, noMerge())
	if err != nil {
		t.Fatal(err)
	}
	for _, doc := range prepared {
		b := bi.NewBatch()
		if err := b.IndexAdvanced(doc); err != nil {
			t.Fatal(err)
		}
		if err := bi.Batch(b); err != nil {
			t.Fatal(err)
		}
	}
	return bi
}

// searchIndex runs compactRequests on the fahras index in dir.
func searchIndex(t *testing.T, dir string) []*Result {
	t.Helper()
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if n, err := ix.bi.DocCount(); err != nil || n != uint64(len(compactDocs())) {
		t.Errorf("DocCount = %d, %v; want %d", n, err, len(compactDocs()))
	}
	return searchAll(t, ix)
}

func TestCompact(t *testing.T) {
	// The reference: the same documents, searched without compact.
	ref := filepath.Join(t.TempDir(), "ref")
	if err := writeSegments(t, ref, compactDocs()).Close(); err != nil {
		t.Fatal(err)
	}
	want := searchIndex(t, ref)

	dir := filepath.Join(t.TempDir(), "news")
	bi := writeSegments(t, dir, compactDocs())
	if n := segmentCount(t, bi); n != len(compactDocs()) {
		t.Fatalf("%d segments before compact, want one per document", n)
	}
	if err := compact(context.Background(), bi); err != nil {
		t.Fatal(err)
	}
	if n := segmentCount(t, bi); n != 1 {
		t.Errorf("%d segments after compact, want 1", n)
	}
	s, _ := scorchOf(bi)
	if dead, err := deadFiles(s); err != nil || len(dead) > 0 {
		t.Errorf("segment files left after compact: %v, %v", dead, err)
	}
	if err := bi.Close(); err != nil {
		t.Fatal(err)
	}
	ignoreTime := cmpopts.IgnoreFields(Result{}, "TookMS")
	if diff := cmp.Diff(want, searchIndex(t, dir), ignoreTime); diff != "" {
		t.Errorf("results of the compacted index (-want +got):\n%s", diff)
	}
}

func TestCompactNotScorch(t *testing.T) {
	bi, err := bleve.NewMemOnly(bleve.NewIndexMapping())
	if err != nil {
		t.Fatal(err)
	}
	defer bi.Close()
	if err := compact(context.Background(), bi); err == nil {
		t.Error("compact of a non-scorch index: no error")
	}
}
