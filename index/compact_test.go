package index

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// TestIndexCompact: Compact leaves one segment per shard (none in a shard
// without documents) and the same search results.
func TestIndexCompact(t *testing.T) {
	for _, shards := range []int{1, 3} {
		t.Run(fmt.Sprintf("shards=%d", shards), func(t *testing.T) {
			s, err := ParseSchema([]byte(fmt.Sprintf(`{"shards": %d, "fields": [{"name": "text", "type": "text", "search": true}]}`, shards)))
			if err != nil {
				t.Fatal(err)
			}
			ix, err := Create(filepath.Join(t.TempDir(), "ix"), s)
			if err != nil {
				t.Fatal(err)
			}
			defer ix.Close()
			ctx := context.Background()
			for i, text := range []string{"المكتبة العامة في المدينة", "كتب جديدة للأطفال", "مدرسة المدينة القديمة", "الكتاب الجديد في المكتبة", "مدينة الكتب"} {
				if _, err := ix.Put(ctx, Document{"id": fmt.Sprintf("d%d", i), "text": text}); err != nil {
					t.Fatal(err)
				}
			}
			before, err := ix.Search(ctx, Request{Query: "المكتبة المدينة كتاب"})
			if err != nil {
				t.Fatal(err)
			}
			segs := 0
			for _, bi := range ix.shards.all {
				segs += segmentCount(t, bi)
			}
			t.Logf("%d segments before Compact", segs)
			if err := ix.Compact(ctx); err != nil {
				t.Fatal(err)
			}
			for i, bi := range ix.shards.all {
				if n := segmentCount(t, bi); n > 1 {
					t.Errorf("shard %d: %d segments after Compact, want at most 1", i, n)
				}
			}
			after, err := ix.Search(ctx, Request{Query: "المكتبة المدينة كتاب"})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(before, after, cmpopts.IgnoreFields(Result{}, "TookMS")); diff != "" {
				t.Errorf("results after Compact (-before +after):\n%s", diff)
			}
		})
	}
}
