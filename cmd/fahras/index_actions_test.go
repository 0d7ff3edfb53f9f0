package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestIndexActionLines loads, with "fahras index", a JSON Lines file that
// mixes documents, Elasticsearch action lines and integer ids, then runs it
// again with a delete line: the summary counts the deletes, a bad action is
// reported with its line, and the good lines are kept.
func TestIndexActionLines(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "news")
	in := filepath.Join(t.TempDir(), "news.jsonl")
	lines := []string{
		`{"id": "a1", "text": "ارتفعت أسعار النفط في الأسواق العالمية"}`,
		`{"index": {"_id": "a2"}}`,
		`{"text": "فاز المنتخب في المباراة النهائية"}`,
		`{"id": 3, "text": "افتتاح معرض الكتاب"}`,
		`{"update": {"_id": "a1"}}`,
	}
	if err := os.WriteFile(in, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := indexRun(t, "", "-index", dir, in)
	if code != 1 || !strings.Contains(stderr, "3 documents indexed, 1 rejected") ||
		!strings.Contains(stderr, in+`:5: invalid input: action "update" is not supported`) {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	if n := docCount(t, dir); n != 3 {
		t.Fatalf("%d documents, want 3", n)
	}
	del := filepath.Join(t.TempDir(), "del.jsonl")
	os.WriteFile(del, []byte(`{"delete": {"_id": "a1"}}`+"\n"+`{"delete": {"_id": 3}}`+"\n"), 0o644)
	code, _, stderr = indexRun(t, "", "-index", dir, del)
	if code != 0 || !strings.Contains(stderr, "0 documents indexed, 2 deleted, 0 rejected") {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	if n := docCount(t, dir); n != 1 {
		t.Errorf("%d documents after the deletes, want 1", n)
	}
	ix := openIndex(t, dir)
	if d, err := ix.Get(t.Context(), "a2"); err != nil || !strings.Contains(d["text"].(string), "المنتخب") {
		t.Errorf("a2 (from the index action) = %v, %v", d, err)
	}
}
