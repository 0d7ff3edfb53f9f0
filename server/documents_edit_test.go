package server

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/fahras/fahras/client"
	"github.com/fahras/fahras/index"
)

const (
	newsSchema = "../testdata/search/schema.json"
	newsDocs   = "../testdata/search/docs.jsonl"
)

// mustNewsCatalog opens a catalog holding the index "news": the twelve
// Arabic articles of testdata/search, with a number field "year".
func mustNewsCatalog(t testing.TB) *index.Catalog {
	t.Helper()
	cat, err := index.OpenCatalog(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cat.Close() })
	raw, err := os.ReadFile(newsSchema)
	if err != nil {
		t.Fatal(err)
	}
	schema, err := index.ParseSchema(raw)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := cat.Create("news", schema)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(newsDocs)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, err := ix.BulkNDJSON(context.Background(), f, newsDocs, index.BulkOptions{}, nil)
	if err != nil || st.Documents != 12 {
		t.Fatalf("load %s: %+v, %v", newsDocs, st, err)
	}
	return cat
}

// httpJSON sends a request with a JSON body and the key, and decodes the
// JSON answer into out (when not nil); it returns the status.
func httpJSON(t *testing.T, method, url, body string, out any) int {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+testKey)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") && !strings.HasPrefix(ct, "application/x-ndjson") {
		t.Errorf("%s %s: Content-Type %q", method, url, ct)
	}
	if out != nil {
		if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
			t.Fatalf("%s %s: %v", method, url, err)
		}
	}
	return resp.StatusCode
}

func TestE2EPatchDocument(t *testing.T) {
	ts, c := mustServe(t, mustNewsCatalog(t), Options{APIKey: testKey})
	ctx := context.Background()
	doc, err := c.Patch(ctx, "news", "d01", client.Document{"title": "وزيرة الخارجية تزور عمّان", "date": nil})
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.Get(ctx, "news", "d01")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(doc, got); diff != "" {
		t.Errorf("PATCH answer and GET differ (-patch +get):\n%s", diff)
	}
	if _, ok := got["date"]; ok || got["category"] != "سياسة" || got["year"] != float64(2021) {
		t.Errorf("merged document %v: want date removed, category and year kept", got)
	}
	res, err := c.Search(ctx, "news", client.Request{Query: "عمان"})
	if err != nil || res.Total != 1 || !strings.Contains(res.Hits[0].Highlights["title"][0], "<mark>عمّان</mark>") {
		t.Errorf("search of the patched title: %+v, %v", res, err)
	}
	tests := []struct {
		name, id, body string
		status         int
		code           string
	}{
		{"absent document", "nope", `{"title": "x"}`, 404, "not_found"},
		{"id change", "d02", `{"id": "d03"}`, 400, "invalid"},
		{"wrong type", "d02", `{"year": "ألفان"}`, 400, "invalid"},
		{"null body", "d02", `null`, 400, "invalid_request"},
		{"array body", "d02", `[1]`, 400, "invalid_request"},
		{"absent index", "d02", `{}`, 404, "not_found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := "news"
			if tt.name == "absent index" {
				name = "nope"
			}
			var e ErrorBody
			status := httpJSON(t, "PATCH", ts.URL+"/v1/indexes/"+name+"/documents/"+tt.id, tt.body, &e)
			if status != tt.status || e.Error.Code != tt.code {
				t.Errorf("status %d %+v, want %d %s", status, e.Error, tt.status, tt.code)
			}
		})
	}
	if d, _ := c.Get(ctx, "news", "d02"); d["year"] != float64(2020) {
		t.Errorf("a refused patch changed d02: %v", d)
	}
}

func TestE2EDeleteByQuery(t *testing.T) {
	ts, c := mustServe(t, mustNewsCatalog(t), Options{APIKey: testKey})
	ctx := context.Background()
	n, err := c.DeleteByQuery(ctx, "news", client.DeleteByQueryRequest{Query: "الخارجية", Filters: []client.Filter{{Field: "category", Terms: []string{"سياسة"}}}})
	if err != nil || n != 2 {
		t.Fatalf("DeleteByQuery = %d, %v; want 2", n, err)
	}
	res, err := c.Search(ctx, "news", client.Request{Query: "الخارجية"})
	if err != nil || res.Total != 0 {
		t.Errorf("search after delete by query: %+v, %v", res, err)
	}
	if info, err := c.GetIndex(ctx, "news"); err != nil || info.Documents != 10 {
		t.Errorf("index after delete by query: %+v, %v", info, err)
	}
	tests := []struct {
		name, body string
		status     int
		code       string
	}{
		{"nothing selected", `{"query": ""}`, 400, "invalid"},
		{"bad syntax", `{"query": "\"الخارجية"}`, 400, "invalid_query"},
		{"a search option", `{"query": "الخارجية", "size": 5}`, 400, "unknown_field"},
		{"filter on text", `{"filters": [{"field": "text", "terms": ["x"]}]}`, 400, "invalid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var e ErrorBody
			status := httpJSON(t, "POST", ts.URL+"/v1/indexes/news/delete_by_query", tt.body, &e)
			if status != tt.status || e.Error.Code != tt.code {
				t.Errorf("status %d %+v, want %d %s", status, e.Error, tt.status, tt.code)
			}
		})
	}
}

// TestE2EBulkActions sends Elasticsearch-style action lines, and integer
// ids, through the bulk route.
func TestE2EBulkActions(t *testing.T) {
	ts, c := mustServe(t, mustNewsCatalog(t), Options{APIKey: testKey})
	ctx := context.Background()
	body := strings.Join([]string{
		`{"delete": {"_id": "d01"}}`,
		`{"index": {"_id": "n1"}}`,
		`{"title": "افتتاح المكتبة الوطنية", "category": "ثقافة", "year": 2025}`,
		`{"id": 42, "title": "معرض الكتاب", "year": 2025}`,
		`{"index": {"_id": 43}}`,
		`{"title": "مكتبة الطفل"}`,
		`{"create": {"_id": "n2"}}`,
	}, "\n")
	var got []BulkResult
	if _, err := c.Bulk(ctx, "news", strings.NewReader(body), func(r client.BulkResult) error {
		got = append(got, BulkResult{Line: r.Line, ID: r.ID, Status: r.Status})
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	want := []BulkResult{{Line: 1, ID: "d01", Status: 200}, {Line: 3, ID: "n1", Status: 200}, {Line: 4, ID: "42", Status: 200},
		{Line: 6, ID: "43", Status: 200}, {Line: 7, Status: 400}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("results (-want +got):\n%s", diff)
	}
	if _, err := c.Get(ctx, "news", "d01"); !client.IsNotFound(err) {
		t.Errorf("d01 after its delete line: %v", err)
	}
	for _, id := range []string{"n1", "42", "43"} {
		if _, err := c.Get(ctx, "news", id); err != nil {
			t.Errorf("%s: %v", id, err)
		}
	}
	// PUT with an integer id in the body equal to the path.
	if status := httpJSON(t, "PUT", ts.URL+"/v1/indexes/news/documents/44", `{"id": 44, "title": "مكتبة"}`, nil); status != 200 {
		t.Errorf("PUT with the id 44: status %d", status)
	}
	// The documents of the action lines and the integer ids are searched.
	for q, want := range map[string][]string{"مكتبة": {"43", "44", "n1"}, "معرض": {"42"}} {
		res, err := c.Search(ctx, "news", client.Request{Query: q, Size: 10})
		if err != nil {
			t.Fatal(err)
		}
		ids := " " + hitIDList(res) + " "
		for _, id := range want {
			if !strings.Contains(ids, " "+id+" ") {
				t.Errorf("search %s: hits %q, want %s among them", q, ids, id)
			}
		}
	}
}

func hitIDList(r *client.Result) string {
	var ids []string
	for _, h := range r.Hits {
		if !h.Related {
			ids = append(ids, h.ID)
		}
	}
	return strings.Join(ids, " ")
}

// TestDeleteByQueryTimeout: a delete by query stopped by the time limit
// says how many documents it deleted.
func TestDeleteByQueryTimeout(t *testing.T) {
	s, _ := newFakeServer(t, Options{})
	resp := call(t, s, "POST", "/v1/indexes/books/delete_by_query", `{"query": "slow"}`)
	var e ErrorBody
	json.NewDecoder(resp.Body).Decode(&e)
	if resp.StatusCode != 504 || e.Error.Code != "timeout" || !strings.Contains(e.Error.Message, "after deleting 1 of the matches") {
		t.Errorf("%d %+v, want 504 saying 1 document was deleted", resp.StatusCode, e.Error)
	}
	resp = call(t, s, "POST", "/v1/indexes/books/delete_by_query", `{"query": "الكتاب"}`)
	var res DeleteByQueryResult
	if json.NewDecoder(resp.Body).Decode(&res); resp.StatusCode != 200 || res.Deleted != 1 {
		t.Errorf("%d %+v, want 1 deleted", resp.StatusCode, res)
	}
}
