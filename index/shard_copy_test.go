package index

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
)

// TestCopyShard copies a shard of a sharded index while it holds a log
// position, and makes the copy shard 1 of another index through
// Catalog.Reopen: the other index then holds that shard's documents and
// position, and finds them by their Arabic words.
func TestCopyShard(t *testing.T) {
	for _, shards := range []int{1, 3} {
		t.Run(fmt.Sprintf("%d shards", shards), func(t *testing.T) {
			ctx := context.Background()
			src := demoIndex(t, filepath.Join(t.TempDir(), "src"), shards, quranLines(t, 60))
			i := shards - 1
			id := ""
			for k := 0; id == ""; k++ {
				if c := fmt.Sprintf("c%d", k); ShardOf(c, shards) == i || shards == 1 {
					id = c
				}
			}
			if _, err := src.ApplyShard(ctx, i, []ShardOp{{ID: id, Doc: Document{"id": id, "text": "زنجبيل وكافور"}}}, "seq", 42); err != nil {
				t.Fatal(err)
			}
			want, err := src.ShardDocs(i)
			if err != nil {
				t.Fatal(err)
			}
			copyDir := filepath.Join(t.TempDir(), "copy")
			seq, err := src.CopyShard(i, copyDir, "seq")
			if err != nil || seq != 42 {
				t.Fatalf("copy: seq %d, %v; want 42", seq, err)
			}

			cat, err := OpenCatalog(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { cat.Close() })
			s := DemoSchema()
			s.Shards = shards
			if _, err := cat.Create("dst", s); err != nil {
				t.Fatal(err)
			}
			dst, err := cat.Reopen("dst", func(path string) error { return ReplaceShard(path, i, copyDir) })
			if err != nil {
				t.Fatal(err)
			}
			if got, err := dst.ShardDocs(i); err != nil || got != want {
				t.Errorf("documents of the replaced shard: %d %v, want %d", got, err, want)
			}
			if got, err := dst.AppliedSeq(i, "seq"); err != nil || got != 42 {
				t.Errorf("position of the replaced shard: %d %v, want 42", got, err)
			}
			res, err := dst.Search(ctx, Request{Query: "زنجبيل", Size: 5})
			if err != nil || len(res.Hits) != 1 || res.Hits[0].ID != id {
				t.Errorf("search the replaced shard: %+v %v, want %s", res, err, id)
			}
			if err := ReplaceShard(filepath.Join(t.TempDir(), "x"), i, filepath.Join(t.TempDir(), "none")); err == nil {
				t.Error("replaced a shard with a folder that is not a copy")
			}
		})
	}
}
