package index

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

// TestDiskFullRefusesWrites: below the free-space reserve, puts, bulk
// batches and compaction are refused with ErrDiskFull, naming the folder
// and the free space; deletes, reads and searches go on.
func TestDiskFullRefusesWrites(t *testing.T) {
	if _, ok := freeBytes(t.TempDir()); !ok {
		t.Skip("free space cannot be read here")
	}
	dir := filepath.Join(t.TempDir(), "ix")
	s, err := ParseSchema([]byte(`{"fields": [{"name": "text", "type": "text", "search": true}]}`))
	if err != nil {
		t.Fatal(err)
	}
	ix, err := CreateWith(dir, s, Options{MinFreeBytes: -1})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := ix.Put(ctx, Document{"id": "a", "text": "المكتبة العامة"}); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix, err = OpenWith(dir, Options{MinFreeBytes: 1 << 62}) // more than any disk has
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	_, err = ix.Put(ctx, Document{"id": "b", "text": "كتب جديدة"})
	if !errors.Is(err, ErrDiskFull) || !strings.Contains(err.Error(), dir) || !strings.Contains(err.Error(), "MB free") {
		t.Errorf("put below the reserve: %v, want ErrDiskFull naming %s and the free space", err, dir)
	}
	var results []error
	_, err = ix.BulkNDJSON(ctx, strings.NewReader(`{"id": "c", "text": "مدرسة"}`+"\n"), "bulk", BulkOptions{}, func(_ int, _ string, err error) {
		results = append(results, err)
	})
	if len(results) != 1 || !errors.Is(results[0], ErrDiskFull) {
		t.Errorf("bulk below the reserve: results %v (error %v), want the record refused with ErrDiskFull", results, err)
	}
	if err := ix.Compact(ctx); !errors.Is(err, ErrDiskFull) {
		t.Errorf("compact below the reserve: %v, want ErrDiskFull", err)
	}
	if res, err := ix.Search(ctx, Request{Query: "المكتبة"}); err != nil || res.Total != 1 {
		t.Errorf("search below the reserve: %v, %v; want the one document", res, err)
	}
	if err := ix.Delete(ctx, "a"); err != nil {
		t.Errorf("delete below the reserve: %v, want it let through", err)
	}
}
