package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// reindexCatalog returns a catalog holding "news": a title and a category
// discovered as text.
func reindexCatalog(t *testing.T) *Catalog { return reindexCatalogShards(t, 0) }

func reindexCatalogShards(t *testing.T, shards int) *Catalog {
	t.Helper()
	c, err := OpenCatalog(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	ix, err := c.Create("news", Schema{Shards: shards, Fields: []Field{{Name: "title", Type: Text, Search: true}}})
	if err != nil {
		t.Fatal(err)
	}
	cats := []string{"سياسة", "رياضة", "اقتصاد"}
	for i := 1; i <= 30; i++ {
		d := Document{"id": fmt.Sprintf("n%02d", i), "title": fmt.Sprintf("وصل وزير الخارجية إلى القاهرة في الزيارة %d", i), "category": cats[i%3]}
		if _, err := ix.Put(context.Background(), d); err != nil {
			t.Fatal(err)
		}
	}
	return c
}

// TestChangeSchemaInPlace: boosts, flags and new fields apply at once,
// without a task, and survive a reopening.
func TestChangeSchemaInPlace(t *testing.T) {
	c := reindexCatalog(t)
	task, err := c.ChangeSchema("news", SchemaChange{Fields: []Field{
		{Name: "title", Type: Text, Search: true, Boost: 3},
		{Name: "source", Type: Keyword, Facet: true, Filter: true},
	}})
	if err != nil || task != nil {
		t.Fatalf("ChangeSchema = %v, %v; want applied in place", task, err)
	}
	dir := c.Dir()
	c.Close()
	c2, err := OpenCatalog(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	ix, _ := c2.Get("news")
	if f, _ := ix.field("title"); f.Boost != 3 {
		t.Errorf("title after reopening: %+v, want boost 3", f)
	}
	if f, ok := ix.field("source"); !ok || !f.Facet || f.Discovered {
		t.Errorf("source after reopening: %+v, want a declared keyword facet", f)
	}
	if _, err := ix.Put(context.Background(), Document{"id": "s1", "title": "خبر", "source": "وكالة"}); err != nil {
		t.Fatal(err)
	}
	res, err := ix.Search(context.Background(), Request{Query: "خبر", Facets: map[string]FacetRequest{"s": {Field: "source"}}})
	if err != nil || res.Total != 1 || len(res.Facets["s"].Buckets) != 1 {
		t.Errorf("facet on the new field: %+v, %v", res, err)
	}
}

// TestChangeSchemaReindex changes a field's type: writes are refused with
// ErrBusy while the copy runs and searches go on; then the new index is
// served under the old name (an alias), with every document, the new
// type, and the old folder gone.
func TestChangeSchemaReindex(t *testing.T) {
	for _, shards := range []int{1, 3} {
		t.Run(fmt.Sprintf("shards=%d", shards), func(t *testing.T) { testReindex(t, shards) })
	}
}

func testReindex(t *testing.T, shards int) {
	c := reindexCatalogShards(t, shards)
	c.retireDelay = -1 // the old folder is checked below
	ctx := context.Background()
	old, _ := c.Get("news")
	entered, release := make(chan struct{}), make(chan struct{})
	c.beforeCopy = func() { close(entered); <-release }
	task, err := c.ChangeSchema("news", SchemaChange{Fields: []Field{{Name: "category", Type: Keyword, Facet: true}}})
	if err != nil || task == nil {
		t.Fatalf("ChangeSchema = %v, %v; want a reindex task", task, err)
	}
	if len(task.Reasons) != 1 || !strings.Contains(task.Reasons[0], `"category" changes type from text to keyword`) {
		t.Errorf("reasons = %q", task.Reasons)
	}
	<-entered
	if _, err := old.Put(ctx, Document{"id": "late", "title": "خبر"}); !errors.Is(err, ErrBusy) {
		t.Errorf("write during the reindex: %v, want ErrBusy", err)
	}
	if _, err := old.BulkNDJSON(ctx, strings.NewReader(`{"id": "b", "title": "خبر"}`), "body", BulkOptions{}, nil); !errors.Is(err, ErrBusy) {
		t.Errorf("bulk during the reindex: %v, want ErrBusy before any line", err)
	}
	if err := old.SetSynonyms([][]string{{"سيارة", "موتر"}}); !errors.Is(err, ErrBusy) {
		t.Errorf("synonyms during the reindex: %v, want ErrBusy", err)
	}
	if _, err := c.ChangeSchema("news", SchemaChange{Fields: []Field{{Name: "x", Type: Keyword}}}); !errors.Is(err, ErrBusy) {
		t.Errorf("second change during the reindex: %v, want ErrBusy", err)
	}
	if res, err := old.Search(ctx, Request{Query: "الخارجية"}); err != nil || res.Total != 30 {
		t.Errorf("search during the reindex: %v, %v", res, err)
	}
	if ti, _ := c.Task(task.ID); ti.Status != TaskRunning || ti.To != "news-r1" || ti.DocsTotal != 30 {
		t.Errorf("task during the copy = %+v", ti)
	}
	close(release)
	c.wg.Wait()
	ti, _ := c.Task(task.ID)
	if ti.Status != TaskSucceeded || ti.DocsDone != 30 || ti.Finished == nil {
		t.Fatalf("task = %+v, want succeeded with 30 documents", ti)
	}
	ix, err := c.Get("news")
	if err != nil || ix.Name() != "news-r1" {
		t.Fatalf("news after the swap = %v, %v; want news-r1", ix, err)
	}
	if ix.Shards() != shards {
		t.Errorf("news-r1 has %d shards, want %d", ix.Shards(), shards)
	}
	if f, _ := ix.field("category"); f.Type != Keyword || !f.Facet {
		t.Errorf("category = %+v, want a keyword facet", f)
	}
	res, err := ix.Search(ctx, Request{Query: "الخارجية", Facets: map[string]FacetRequest{"c": {Field: "category"}}})
	if err != nil || res.Total != 30 || len(res.Facets["c"].Buckets) != 3 {
		t.Errorf("search and facet after the reindex: %+v, %v", res, err)
	}
	if _, err := ix.Put(ctx, Document{"id": "late", "title": "خبر", "category": "ثقافة"}); err != nil {
		t.Errorf("write after the reindex: %v", err)
	}
	if _, err := os.Stat(filepath.Join(c.Dir(), "news")); !os.IsNotExist(err) {
		t.Errorf("the old folder is still there: %v", err)
	}
	if got := c.Aliases(); len(got) != 1 || got[0] != (Alias{Name: "news", Index: "news-r1"}) {
		t.Errorf("aliases = %v", got)
	}
}

// TestChangeSchemaReindexFails: a document the new schema refuses fails
// the task, naming it; the old index takes writes again and nothing else
// changed.
func TestChangeSchemaReindexFails(t *testing.T) {
	c := reindexCatalog(t)
	task, err := c.ChangeSchema("news", SchemaChange{Fields: []Field{{Name: "category", Type: Number}}})
	if err != nil || task == nil {
		t.Fatalf("ChangeSchema = %v, %v", task, err)
	}
	c.wg.Wait()
	ti, _ := c.Task(task.ID)
	if ti.Status != TaskFailed || !strings.Contains(ti.Error, `document "n`) || !strings.Contains(ti.Error, "category") {
		t.Errorf("task = %+v, want failed naming the document and the field", ti)
	}
	ix, err := c.Get("news")
	if err != nil || ix.Name() != "news" {
		t.Fatalf("news = %v, %v; want the old index", ix, err)
	}
	if _, err := ix.Put(context.Background(), Document{"id": "after", "title": "خبر"}); err != nil {
		t.Errorf("write after a failed reindex: %v", err)
	}
	if names := c.Names(); len(names) != 1 || len(c.Aliases()) != 0 {
		t.Errorf("indexes %v, aliases %v: want news alone", names, c.Aliases())
	}
}
