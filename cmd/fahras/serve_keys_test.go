package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fahras/fahras/client"
)

// TestServeScopedKeys creates a search-only key over the API of "fahras
// serve -data DIR", restarts the server, and finds the key still working
// from DIR/keys.json, which holds its hash only.
func TestServeScopedKeys(t *testing.T) {
	data := t.TempDir()
	s := startServe(t, "-data", data, "-api-key", "adm1n")
	ctx := context.Background()
	admin := client.New(s.url)
	admin.APIKey = "adm1n"
	if _, err := admin.CreateIndex(ctx, "news", nil); err != nil {
		t.Fatal(err)
	}
	body := `{"id": "a1", "title": "الاقتصاد", "text": "ارتفعت أسعار النفط في الأسواق العالمية"}
{"id": "a2", "title": "الرياضة", "text": "فاز المنتخب في المباراة النهائية"}`
	if _, err := admin.Bulk(ctx, "news", strings.NewReader(body), nil); err != nil {
		t.Fatal(err)
	}
	k, err := admin.CreateKey(ctx, client.KeyRequest{Name: "page", Scopes: []string{"search"}, Indexes: []string{"news"}})
	if err != nil {
		t.Fatal(err)
	}
	s.shutdown(t)
	raw, err := os.ReadFile(filepath.Join(data, "keys.json"))
	if err != nil || strings.Contains(string(raw), k.Secret) || !strings.Contains(string(raw), k.ID) {
		t.Fatalf("keys.json: %v\n%s", err, raw)
	}

	s = startServe(t, "-data", data, "-api-key", "adm1n")
	defer s.shutdown(t)
	searcher := client.New(s.url)
	searcher.APIKey = k.Secret
	answers, err := searcher.MultiSearch(ctx, []client.MultiSearchQuery{
		{Index: "news", Request: client.Request{Query: "النفط"}},
		{Index: "news", Request: client.Request{Query: "المباراة", Fields: &[]string{"title"}}},
		{Index: "nope", Request: client.Request{Query: "x"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(answers) != 3 || answers[0].Result == nil || answers[0].Result.Hits[0].ID != "a1" ||
		answers[1].Result == nil || answers[1].Result.Hits[0].ID != "a2" || answers[1].Result.Hits[0].Fields["title"] != "الرياضة" ||
		len(answers[1].Result.Hits[0].Fields) != 1 || answers[2].Status != 403 {
		t.Errorf("multi-search with the key after a restart: %+v", answers)
	}
	if _, err := searcher.Get(ctx, "news", "a1"); serveErrorCode(err) != "forbidden" {
		t.Errorf("reading a document with a search key: %v, want forbidden", err)
	}
	if _, err := searcher.Put(ctx, "news", "a3", client.Document{"text": "نص"}); serveErrorCode(err) != "forbidden" {
		t.Errorf("writing with a search key: %v, want forbidden", err)
	}
	admin = client.New(s.url)
	admin.APIKey = "adm1n"
	if err := admin.DeleteKey(ctx, k.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := searcher.Search(ctx, "news", client.Request{Query: "النفط"}); serveErrorCode(err) != "unauthorized" {
		t.Errorf("search with a revoked key: %v, want unauthorized", err)
	}
}
