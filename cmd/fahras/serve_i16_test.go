package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fahras/fahras/client"
	"github.com/fahras/fahras/index"
)

// TestServeSnapshotAliasReindex runs fahras serve -data DIR as a user
// would: a bulk load creates the index (create=true, a JSON array), an
// alias names it, a schema change reindexes it behind the alias, a
// snapshot lands in DIR/.snapshots, and fahras restore brings that file
// back in another folder, where fahras search finds the Arabic text.
func TestServeSnapshotAliasReindex(t *testing.T) {
	data := t.TempDir()
	s := startServe(t, "-data", data, "-log", "off")
	c := client.New(s.url)
	ctx := context.Background()
	body := `[{"id": "a1", "text": "ارتفعت أسعار النفط في الأسواق العالمية", "section": "اقتصاد"},
	          {"id": "a2", "text": "فاز المنتخب في المباراة النهائية", "section": "رياضة"}]`
	sum, err := c.BulkWith(ctx, "news", strings.NewReader(body), client.BulkOptions{Create: true}, nil)
	if err != nil || sum.Totals == nil || !sum.Totals.Created || sum.Totals.Indexed != 2 {
		t.Fatalf("bulk with create=true: %+v, %v", sum, err)
	}
	if err := c.SetAlias(ctx, "live", "news"); err != nil {
		t.Fatal(err)
	}
	res, err := c.ChangeSchema(ctx, "live", client.SchemaChange{Fields: []client.Field{{Name: "section", Type: "keyword", Facet: true}}})
	if err != nil || res.Task == nil {
		t.Fatalf("schema change: %+v, %v; want a reindex task", res, err)
	}
	waitTask(t, c, res.Task.ID)
	sr, err := c.Search(ctx, "live", client.Request{Query: "النفط", Facets: map[string]client.FacetRequest{"s": {Field: "section"}}})
	if err != nil || sr.Total != 1 || len(sr.Facets["s"].Buckets) != 1 {
		t.Fatalf("search through the alias after the reindex: %+v, %v", sr, err)
	}
	snap, err := c.SnapshotIndex(ctx, "live")
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(data, ".snapshots", snap.Name)
	dst := filepath.Join(t.TempDir(), "copy")
	var stdout, stderr bytes.Buffer
	if code := run(ctx, []string{"restore", "-in", file, "-index", dst}, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("fahras restore of the server's snapshot: exit %d: %s", code, stderr.String())
	}
	stdout.Reset()
	if code := run(ctx, []string{"search", "-index", dst, "-related=false", "المباراة"}, nil, &stdout, &stderr); code != 0 || !strings.Contains(stdout.String(), "a2") {
		t.Errorf("fahras search in the restored copy: exit %d, %q", code, stdout.String())
	}
	ix, err := index.Open(dst)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	for _, f := range ix.Schema().Fields {
		if f.Name == "section" && f.Type != index.Keyword {
			t.Errorf("restored section is %s, want the reindexed keyword", f.Type)
		}
	}
}

// waitTask polls the task until it is no longer running, and wants it
// succeeded.
func waitTask(t *testing.T, c *client.Client, id string) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute) // a guard against a hang, not a speed check
	for time.Now().Before(deadline) {
		task, err := c.Task(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if task.Status != "running" {
			if task.Status != "succeeded" {
				t.Fatalf("task = %+v", task)
			}
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("the task did not finish")
}
