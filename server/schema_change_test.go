package server

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/fahras/fahras/client"
	"github.com/fahras/fahras/index"
)

// TestE2EChangeSchemaInPlace: a new field and a boost apply at once (200,
// applied), and the new field is a facet right away.
func TestE2EChangeSchemaInPlace(t *testing.T) {
	cat, _ := mustCatalog(t)
	_, c := mustServe(t, cat, Options{APIKey: testKey})
	ctx := context.Background()
	res, err := c.ChangeSchema(ctx, testIndex, client.SchemaChange{Fields: []client.Field{
		{Name: "text", Type: "text", Search: true, Boost: 2},
		{Name: "juz", Type: "number", Filter: true, Facet: true},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Applied || res.Index == nil || res.Task != nil {
		t.Fatalf("result = %+v, want applied in place", res)
	}
	fields := map[string]client.Field{}
	for _, f := range res.Index.Schema.Fields {
		fields[f.Name] = f
	}
	if fields["text"].Boost != 2 || !fields["juz"].Facet {
		t.Errorf("schema after the change: %+v", res.Index.Schema.Fields)
	}
	if _, err := c.Put(ctx, testIndex, "j1", client.Document{"text": "ٱلۡحَمۡدُ لِلَّهِ", "juz": 1}); err != nil {
		t.Fatal(err)
	}
	sr, err := c.Search(ctx, testIndex, client.Request{Query: "الحمد", Filters: []client.Filter{{Field: "juz", Min: ptr("1")}}})
	if err != nil || sr.Total != 1 {
		t.Errorf("filter on the new field: %+v, %v", sr, err)
	}
}

func ptr(s string) *string { return &s }

// TestE2EChangeSchemaReindex changes the type of a field over HTTP: 202
// with a task, followed with GET /v1/tasks/ID while writes are tried; a
// write answered 503 carries Retry-After, one answered 200 is in the index
// at the end (writes are refused, never lost); searches answer all along;
// afterwards the field has its new type and the index its documents.
func TestE2EChangeSchemaReindex(t *testing.T) {
	cat, _ := mustCatalog(t)
	ts, c := mustServe(t, cat, Options{})
	ctx := context.Background()
	before, err := c.GetIndex(ctx, testIndex)
	if err != nil {
		t.Fatal(err)
	}
	res, err := c.ChangeSchema(ctx, testIndex, client.SchemaChange{Fields: []client.Field{{Name: "title", Type: "text", Search: true}}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Applied || res.Task == nil || res.Task.Status != "running" || res.Task.From != testIndex {
		t.Fatalf("result = %+v, want a running reindex task", res)
	}
	var acked []string
	busy := 0
	deadline := time.Now().Add(2 * time.Minute) // a guard against a hang, not a speed check
	for i := 0; ; i++ {
		task, err := c.Task(ctx, res.Task.ID)
		if err != nil {
			t.Fatal(err)
		}
		if task.Status != "running" {
			if task.Status != "succeeded" || task.DocsDone != task.DocsTotal || task.DocsTotal != int64(before.Documents) {
				t.Fatalf("task = %+v, want succeeded with %d documents", task, before.Documents)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the reindex did not finish")
		}
		id := fmt.Sprintf("during%d", i)
		status, retry := putRaw(t, ts.URL, id)
		switch status {
		case http.StatusOK:
			acked = append(acked, id)
		case http.StatusServiceUnavailable:
			busy++
			if retry == "" {
				t.Errorf("503 busy without Retry-After")
			}
		default:
			t.Fatalf("write during the reindex: status %d", status)
		}
		if sr, err := c.Search(ctx, testIndex, client.Request{Query: "الرحمن"}); err != nil || sr.Total == 0 {
			t.Fatalf("search during the reindex: %v, %v", sr, err)
		}
	}
	t.Logf("%d writes refused during the reindex, %d acknowledged", busy, len(acked))
	for _, id := range acked {
		if _, err := c.Get(ctx, testIndex, id); err != nil {
			t.Errorf("acknowledged write %s: %v", id, err)
		}
	}
	after, err := c.GetIndex(ctx, testIndex)
	if err != nil {
		t.Fatal(err)
	}
	if after.Name != testIndex+"-r1" || after.Documents != before.Documents+uint64(len(acked)) {
		t.Errorf("after the reindex: %s with %d documents, want %s-r1 with %d", after.Name, after.Documents, testIndex, before.Documents+uint64(len(acked)))
	}
	for _, f := range after.Schema.Fields {
		if f.Name == "title" && f.Type != "text" {
			t.Errorf("title is %s after the reindex, want text", f.Type)
		}
	}
	if sr, err := c.Search(ctx, testIndex, client.Request{Query: "title:الفاتحة"}); err != nil || sr.Total == 0 {
		t.Errorf("search of the field reindexed as text: %v, %v", sr, err)
	}
}

// TestE2EChangeStopWords: a new stop list over PATCH reindexes the index
// in the background; then the word added to the list is no longer
// searched, and a removed one is.
func TestE2EChangeStopWords(t *testing.T) {
	cat, _ := mustCatalog(t)
	_, c := mustServe(t, cat, Options{})
	ctx := context.Background()
	if sr, err := c.Search(ctx, testIndex, client.Request{Query: "الرحمن"}); err != nil || sr.Total == 0 {
		t.Fatalf("الرحمن before the change: %v, %v", sr, err)
	}
	res, err := c.ChangeSchema(ctx, testIndex, client.SchemaChange{StopWords: &client.StopWords{Add: []string{"الرحمن"}, Remove: []string{"الذين"}}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Applied || res.Task == nil {
		t.Fatalf("result = %+v, want a reindex task", res)
	}
	deadline := time.Now().Add(2 * time.Minute) // a guard against a hang, not a speed check
	for {
		task, err := c.Task(ctx, res.Task.ID)
		if err != nil {
			t.Fatal(err)
		}
		if task.Status == "succeeded" {
			break
		}
		if task.Status != "running" || time.Now().After(deadline) {
			t.Fatalf("task = %+v, want it to succeed", task)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if sr, err := c.Search(ctx, testIndex, client.Request{Query: "الرحمن"}); err != nil || sr.Total != 0 {
		t.Errorf("الرحمن, now a stop word: %d hits, %v; want none", sr.Total, err)
	}
	if sr, err := c.Search(ctx, testIndex, client.Request{Query: "الذين"}); err != nil || sr.Total == 0 {
		t.Errorf("الذين, no longer a stop word: %v, %v; want hits", sr, err)
	}
}

// putRaw writes one document and returns the status and Retry-After.
func putRaw(t *testing.T, base, id string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPut, base+"/v1/indexes/"+testIndex+"/documents/"+id, strings.NewReader(`{"text": "كتب الطالب الدرس"}`))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode, resp.Header.Get("Retry-After")
}

// TestBusyAnswer: a write refused because of a reindex is a 503 with the
// code busy and Retry-After (a bulk load is refused before its first line:
// TestChangeSchemaReindex, then answered by the same writeError).
func TestBusyAnswer(t *testing.T) {
	s, cat := newFakeServer(t, Options{})
	cat.ixs["books"].err = fmt.Errorf("%w: index books is being reindexed", index.ErrBusy)
	for _, tt := range []struct{ name, method, path, body string }{
		{"put", "PUT", "/v1/indexes/books/documents/b3", `{"text": "كتاب"}`},
		{"delete", "DELETE", "/v1/indexes/books/documents/b1", ``},
	} {
		t.Run(tt.name, func(t *testing.T) {
			resp := call(t, s, tt.method, tt.path, tt.body)
			if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" || errorCode(t, resp) != "busy" {
				t.Errorf("status %d, Retry-After %q, want 503 busy with Retry-After", resp.StatusCode, resp.Header.Get("Retry-After"))
			}
		})
	}
}
