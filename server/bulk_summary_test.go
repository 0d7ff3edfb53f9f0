package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/fahras/fahras/apikey"
	"github.com/fahras/fahras/client"
	"github.com/fahras/fahras/index"
)

// TestE2EBulkSummary checks the last line of a bulk answer: the counts of
// what the request did, replacements and deletes apart, and errors.
func TestE2EBulkSummary(t *testing.T) {
	cat, _ := mustCatalog(t)
	_, c := mustServe(t, cat, Options{APIKey: testKey})
	body := strings.Join([]string{
		`{"id": "b1", "text": "وصل الوفد إلى القاهرة"}`,
		`{"id": "1:1", "text": "نص جديد يحل محل الآية الأولى"}`, // replaces a fixture document
		`{"delete": {"_id": "1:2"}}`,
		`{"id": "b2", "text": "نص ناقص`,
	}, "\n")
	sum, err := c.Bulk(context.Background(), testIndex, strings.NewReader(body), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := &client.BulkTotals{Indexed: 2, Updated: 1, Deleted: 1, Rejected: 1, Errors: true}
	if diff := cmp.Diff(want, sum.Totals); diff != "" {
		t.Errorf("summary (-want +got):\n%s", diff)
	}
	sum, err = c.Bulk(context.Background(), testIndex, strings.NewReader(`{"id": "b3", "text": "كتاب"}`), nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := (&client.BulkTotals{Indexed: 1}); !cmp.Equal(want, sum.Totals) {
		t.Errorf("summary = %+v, want %+v", sum.Totals, want)
	}
}

// TestE2EBulkSummaryLast reads the raw answer: the summary is its last
// line, after every result line, also for an empty body.
func TestE2EBulkSummaryLast(t *testing.T) {
	cat, _ := mustCatalog(t)
	ts, _ := mustServe(t, cat, Options{})
	for _, tt := range []struct{ name, body, last string }{
		{"empty body", "", `{"status":200,"summary":{"indexed":0,"updated":0,"deleted":0,"rejected":0,"errors":false}}`},
		{"one document", `{"id": "x", "text": "الكتاب"}`, `{"status":200,"summary":{"indexed":1,"updated":0,"deleted":0,"rejected":0,"errors":false}}`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			lines := postLines(t, ts.URL+"/v1/indexes/quran/documents", tt.body, http.StatusOK)
			if got := lines[len(lines)-1]; got != tt.last {
				t.Errorf("last line = %s, want %s", got, tt.last)
			}
		})
	}
}

// TestE2EBulkArray sends one JSON array, documents and an action line
// among them, and checks results numbered by element and the documents
// searchable.
func TestE2EBulkArray(t *testing.T) {
	cat, _ := mustCatalog(t)
	_, c := mustServe(t, cat, Options{APIKey: testKey})
	body := `
	[
	  {"id": "a1", "text": "وصل الوفد إلى القاهرة صباح اليوم"},
	  {"id": 7, "text": "عاد الوفد من القاهرة\nمساءً"},
	  {"delete": {"_id": "3"}},
	  {"id": "a3", "title": {"nested": true}}
	]`
	var got []string
	sum, err := c.BulkWith(context.Background(), testIndex, strings.NewReader(body), client.BulkOptions{ContentType: "application/json"}, func(r client.BulkResult) error {
		got = append(got, fmt.Sprintf("%d %s %d", r.Line, r.ID, r.Status))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"1 a1 200", "2 7 200", "3 3 200", "4 a3 400"}, got); diff != "" {
		t.Errorf("results (-want +got):\n%s", diff)
	}
	if want := (&client.BulkTotals{Indexed: 2, Deleted: 1, Rejected: 1, Errors: true}); !cmp.Equal(want, sum.Totals) {
		t.Errorf("summary = %+v, want %+v", sum.Totals, want)
	}
	res, err := c.Search(context.Background(), testIndex, client.Request{Query: "الوفد القاهرة", All: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 2 {
		t.Errorf("search after the array: %d hits, want 2", res.Total)
	}
	if _, err := c.Get(context.Background(), testIndex, "3"); !client.IsNotFound(err) {
		t.Errorf("document 3 after its delete element: err = %v, want 404", err)
	}
}

// TestE2EBulkArrayErrors: a broken array stops the load with an error
// that names the element, after the elements before it were written.
func TestE2EBulkArrayErrors(t *testing.T) {
	cat, _ := mustCatalog(t)
	ts, _ := mustServe(t, cat, Options{MaxLineBytes: 200})
	for _, tt := range []struct{ name, body, msg string }{
		{"syntax error", `[{"id": "e1", "text": "كتاب"}, {"id": "e2" "text": "قلم"}]`, "element 2"},
		{"not closed", `[{"id": "e1", "text": "كتاب"},`, "the array is not closed"},
		{"after the array", `[{"id": "e1", "text": "كتاب"}] {"id": "e3"}`, "data after the closing ']'"},
		{"element too large", `[{"id": "e1", "text": "كتاب"}, {"id": "e2", "text": "` + strings.Repeat("كتاب ", 5000) + `"}]`, "element 2 is larger than 200 bytes"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			lines := postLines(t, ts.URL+"/v1/indexes/quran/documents", tt.body, http.StatusOK)
			if len(lines) < 3 || !strings.HasPrefix(lines[0], `{"line":1,"id":"e1","status":200}`) {
				t.Fatalf("answer = %q, want e1 written, an error line and the summary", lines)
			}
			failure := lines[len(lines)-2]
			if !strings.Contains(failure, `"status":400`) || !strings.Contains(failure, tt.msg) {
				t.Errorf("failure line = %s, want a 400 naming %q", failure, tt.msg)
			}
			if last := lines[len(lines)-1]; !strings.Contains(last, `"errors":true`) {
				t.Errorf("summary = %s, want errors true", last)
			}
		})
	}
}

// TestE2EBulkCreate: ?create=true creates a missing index with the default
// schema on the first write; without it a missing index is a 404.
func TestE2EBulkCreate(t *testing.T) {
	cat, _ := mustCatalog(t)
	_, c := mustServe(t, cat, Options{APIKey: testKey})
	ctx := context.Background()
	doc := `{"id": "n1", "title": "خبر", "text": "افتتح وزير الخارجية المعرض", "year": 2024}`
	if _, err := c.Bulk(ctx, "news", strings.NewReader(doc), nil); !client.IsNotFound(err) {
		t.Fatalf("bulk into a missing index without create: err = %v, want 404", err)
	}
	sum, err := c.BulkWith(ctx, "news", strings.NewReader(doc), client.BulkOptions{Create: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := (&client.BulkTotals{Indexed: 1, Created: true}); !cmp.Equal(want, sum.Totals) {
		t.Errorf("summary = %+v, want %+v", sum.Totals, want)
	}
	info, err := c.GetIndex(ctx, "news")
	if err != nil {
		t.Fatal(err)
	}
	types := map[string]string{}
	for _, f := range info.Schema.Fields {
		types[f.Name] = string(f.Type)
	}
	if want := map[string]string{"id": "keyword", "title": "text", "text": "text", "year": "number"}; !cmp.Equal(want, types) {
		t.Errorf("discovered schema = %v, want %v", types, want)
	}
	res, err := c.Search(ctx, "news", client.Request{Query: "الخارجية"})
	if err != nil || res.Total != 1 {
		t.Fatalf("search the created index: %v, %v", res, err)
	}
	sum, err = c.BulkWith(ctx, "news", strings.NewReader(`{"id": "n2", "text": "كتاب"}`), client.BulkOptions{Create: true}, nil)
	if err != nil || sum.Totals.Created {
		t.Errorf("second create=true bulk: %+v, %v, want the index reused", sum.Totals, err)
	}
}

// TestE2EBulkCreateNeedsAdmin: a documents:write key writes into an index
// that exists, with or without create=true, but may not create one.
func TestE2EBulkCreateNeedsAdmin(t *testing.T) {
	cat, _ := mustCatalog(t)
	store, err := apikey.Open(t.TempDir()+"/keys.json", index.ValidateName)
	if err != nil {
		t.Fatal(err)
	}
	secret, _, err := store.Create(apikey.Spec{Scopes: []apikey.Scope{apikey.DocumentsWrite}}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	_, c := mustServe(t, cat, Options{APIKey: testKey, Keys: store})
	c.APIKey = secret
	ctx := context.Background()
	var ce *client.Error
	if _, err := c.BulkWith(ctx, "fresh", strings.NewReader(`{"id": "x", "text": "كتاب"}`), client.BulkOptions{Create: true}, nil); !errors.As(err, &ce) || ce.Status != http.StatusForbidden {
		t.Errorf("create=true with a documents:write key: %v, want 403", err)
	}
	if _, err := cat.Get("fresh"); err == nil {
		t.Errorf("the index was created")
	}
	if sum, err := c.BulkWith(ctx, testIndex, strings.NewReader(`{"id": "x", "text": "كتاب"}`), client.BulkOptions{Create: true}, nil); err != nil || sum.Totals.Indexed != 1 {
		t.Errorf("create=true into an existing index: %+v, %v", sum, err)
	}
}

// postLines posts body and returns the answer's lines, checking status.
func postLines(t *testing.T, url, body string, status int) []string {
	t.Helper()
	resp, err := http.Post(url, "application/x-ndjson", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != status {
		t.Fatalf("status %d, want %d: %s", resp.StatusCode, status, raw)
	}
	lines := strings.Split(strings.TrimSpace(string(raw)), "\n")
	for _, l := range lines {
		if !json.Valid([]byte(l)) {
			t.Errorf("answer line %q is not JSON", l)
		}
	}
	return lines
}
