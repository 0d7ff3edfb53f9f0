package server

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fahras/fahras/client"
	"github.com/fahras/fahras/index"
)

// TestE2ECompact: documents written one by one leave several segments;
// POST /v1/indexes/{name}/compact leaves one, keeps every document and the
// same search results, and needs the key.
func TestE2ECompact(t *testing.T) {
	dir := t.TempDir()
	cat, err := index.OpenCatalog(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cat.Close() })
	if _, err := cat.Create("news", index.Schema{}); err != nil {
		t.Fatal(err)
	}
	ts, c := mustServe(t, cat, Options{APIKey: testKey})
	ctx := context.Background()
	words := []string{"المكتبة", "المدينة", "الكتاب", "الجامعة", "الطلاب"}
	for i := range 30 {
		text := fmt.Sprintf("%s %s %d", words[i%len(words)], words[(i+2)%len(words)], i)
		if _, err := c.Put(ctx, "news", fmt.Sprintf("d%02d", i), client.Document{"text": text}); err != nil {
			t.Fatal(err)
		}
	}
	before, err := c.Search(ctx, "news", client.Request{Query: "المكتبة الكتاب", Size: 30})
	if err != nil {
		t.Fatal(err)
	}
	if resp := call(t, ts.Config.Handler, "POST", "/v1/indexes/news/compact", ""); resp.StatusCode != 401 {
		t.Errorf("compact without the key: status %d, want 401", resp.StatusCode)
	}
	info, err := c.CompactIndex(ctx, "news")
	if err != nil {
		t.Fatal(err)
	}
	if info.Documents != 30 {
		t.Errorf("compacted index: %d documents, want 30", info.Documents)
	}
	segs, err := filepath.Glob(filepath.Join(dir, "news", "store", "*.zap"))
	if err != nil || len(segs) != 1 {
		t.Errorf("segment files after compact: %v (%v), want one", segs, err)
	}
	after, err := c.Search(ctx, "news", client.Request{Query: "المكتبة الكتاب", Size: 30})
	if err != nil {
		t.Fatal(err)
	}
	if ids(before) != ids(after) || before.Total != after.Total {
		t.Errorf("search after compact: %d %s, want %d %s", after.Total, ids(after), before.Total, ids(before))
	}
	if _, err := c.CompactIndex(ctx, "nope"); err == nil || !strings.Contains(err.Error(), "404") {
		t.Errorf("compact of a missing index: %v, want 404", err)
	}
}

func ids(r *client.Result) string {
	var out []string
	for _, h := range r.Hits {
		out = append(out, h.ID)
	}
	return strings.Join(out, ",")
}
