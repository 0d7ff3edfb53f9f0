package index

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// TestHighlightArray: a text field holding an array of strings (with a
// null element) is highlighted in the elements that match, and each match
// names its element among the hit's stored values.
func TestHighlightArray(t *testing.T) {
	s, err := ParseSchema([]byte(`{"fields": [{"name": "title", "type": "text", "search": true}, {"name": "paras", "type": "text", "search": true}]}`))
	if err != nil {
		t.Fatal(err)
	}
	ix, err := Create(filepath.Join(t.TempDir(), "ix"), s)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	ctx := context.Background()
	doc := Document{"id": "a", "title": "دليل المكتبة", "paras": []any{"مقدمة عن المدينة", nil, "زرنا المكتبة العامة في المدينة القديمة", "خاتمة"}}
	if _, err := ix.Put(ctx, doc); err != nil {
		t.Fatal(err)
	}
	res, err := ix.Search(ctx, Request{Query: "المكتبة"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 1 {
		t.Fatalf("%d hits, want 1", len(res.Hits))
	}
	h := res.Hits[0]
	stored, _ := h.Fields["paras"].([]any)
	if len(stored) != 3 {
		t.Fatalf("stored paras = %v, want the 3 non-null elements", h.Fields["paras"])
	}
	if got := h.Highlights["paras"]; len(got) != 1 || got[0] != "زرنا <mark>المكتبة</mark> العامة في المدينة القديمة" {
		t.Errorf("paras highlights = %q", got)
	}
	ms := h.Matches["paras"]
	if len(ms) != 1 || ms[0].Element == nil || *ms[0].Element != 1 {
		t.Fatalf("paras matches = %+v, want one in element 1", ms)
	}
	if text := stored[1].(string); text[ms[0].Start:ms[0].End] != "المكتبة" {
		t.Errorf("paras match covers %q, want المكتبة", text[ms[0].Start:ms[0].End])
	}
	if tm := h.Matches["title"]; len(tm) != 1 || tm[0].Element != nil {
		t.Errorf("title matches = %+v, want one without an element", tm)
	}
	res, err = ix.Search(ctx, Request{Query: "المدينة"})
	if err != nil {
		t.Fatal(err)
	}
	frags := strings.Join(res.Hits[0].Highlights["paras"], " | ")
	if !strings.Contains(frags, "عن <mark>المدينة</mark>") || !strings.Contains(frags, "في <mark>المدينة</mark> القديمة") {
		t.Errorf("paras highlights for المدينة = %q, want both elements", frags)
	}
}
