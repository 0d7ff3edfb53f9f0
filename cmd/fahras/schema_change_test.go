package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fahras/fahras/index"
)

// TestIndexSchemaChangedInPlace: "fahras index -schema FILE" on an existing
// index applies a new boost and new flags in place (the CLI path of a
// schema change), and a new type is refused with the way to reindex.
func TestIndexSchemaChangedInPlace(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "books")
	if code, _, stderr := indexRun(t, "", "-index", dir, "-schema", fixtures+"/schema.json", fixtures+"/books.jsonl"); code != 0 {
		t.Fatalf("exit status %d:\n%s", code, stderr)
	}
	changed := filepath.Join(t.TempDir(), "changed.json")
	os.WriteFile(changed, []byte(`{"fields": [{"name": "title", "type": "text", "search": true, "boost": 5}, {"name": "tags", "type": "keyword", "filter": true}]}`), 0o644)
	more := `{"id": "n1", "title": "كتاب جديد", "text": "قرأ الطالب الكتاب"}` + "\n"
	if code, _, stderr := indexRun(t, more, "-index", dir, "-schema", changed, "-"); code != 0 {
		t.Fatalf("in-place change: exit status %d:\n%s", code, stderr)
	}
	ix := openIndex(t, dir)
	got := map[string]string{}
	for _, f := range ix.Schema().Fields {
		got[f.Name] = options(f)
	}
	ix.Close()
	if got["title"] != "boost=5 search" || got["tags"] != "filter" {
		t.Errorf("schema after the change: title %q, tags %q; want boost=5 search, filter", got["title"], got["tags"])
	}
	retyped := filepath.Join(t.TempDir(), "retyped.json")
	os.WriteFile(retyped, []byte(`{"fields": [{"name": "year", "type": "keyword"}]}`), 0o644)
	code, _, stderr := indexRun(t, more, "-index", dir, "-schema", retyped, "-")
	if code != 2 || !strings.Contains(stderr, "PATCH /v1/indexes/NAME") { // a schema contradicting the index is a failure
		t.Errorf("type change: exit %d, stderr %q; want 2 saying how to reindex", code, stderr)
	}
}

// options writes the boost and flags of f, sorted.
func options(f index.Field) string {
	var out []string
	if f.Boost != 0 && f.Boost != 1 {
		out = append(out, fmt.Sprintf("boost=%g", f.Boost))
	}
	for _, fl := range []struct {
		on   bool
		name string
	}{{f.Facet, "facet"}, {f.Filter, "filter"}, {f.Search, "search"}, {f.Sort, "sort"}} {
		if fl.on {
			out = append(out, fl.name)
		}
	}
	return strings.Join(out, " ")
}
