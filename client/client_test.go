package client_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/fahras/fahras/apikey"
	"github.com/fahras/fahras/client"
	"github.com/fahras/fahras/index"
	"github.com/fahras/fahras/server"
)

// jsonTags lists "name,options" of every JSON field of t, sorted.
func jsonTags(t reflect.Type) []string {
	var out []string
	for f := range t.Fields() {
		tag := f.Tag.Get("json")
		if tag == "" || tag == "-" {
			tag = f.Name
		}
		out = append(out, tag)
	}
	slices.Sort(out)
	return out
}

// TestTypesMatchAPI keeps the client's copies of the API types in step
// with the types the server encodes.
func TestTypesMatchAPI(t *testing.T) {
	pairs := []struct {
		name          string
		client, other any
	}{
		{"Request", client.Request{}, index.Request{}},
		{"Filter", client.Filter{}, index.Filter{}},
		{"FacetRequest", client.FacetRequest{}, index.FacetRequest{}},
		{"FacetRange", client.FacetRange{}, index.FacetRange{}},
		{"HighlightOptions", client.HighlightOptions{}, index.HighlightOptions{}},
		{"Result", client.Result{}, index.Result{}},
		{"ShardsStatus", client.ShardsStatus{}, index.ShardsStatus{}},
		{"ShardFailure", client.ShardFailure{}, index.ShardFailure{}},
		{"Hit", client.Hit{}, index.Hit{}},
		{"Match", client.Match{}, index.Match{}},
		{"FacetResult", client.FacetResult{}, index.FacetResult{}},
		{"FacetBucket", client.FacetBucket{}, index.FacetBucket{}},
		{"Field", client.Field{}, index.Field{}},
		{"Schema", client.Schema{}, index.Schema{}},
		{"IndexInfo", client.IndexInfo{}, server.IndexInfo{}},
		{"DocumentResult", client.DocumentResult{}, server.DocumentResult{}},
		{"BulkResult", client.BulkResult{}, server.BulkResult{}},
		{"BulkTotals", client.BulkTotals{}, server.BulkSummary{}},
		{"Alias", client.Alias{}, index.Alias{}},
		{"Snapshot", client.Snapshot{}, server.Snapshot{}},
		{"SchemaChange", client.SchemaChange{}, index.SchemaChange{}},
		{"SchemaChangeResult", client.SchemaChangeResult{}, server.SchemaChangeResult{}},
		{"Task", client.Task{}, index.TaskInfo{}},
		{"ErrorDetail", client.ErrorDetail{}, server.ErrorDetail{}},
		{"AnalyzeResult", client.AnalyzeResult{}, server.AnalyzeResult{}},
		{"Stage", client.Stage{}, server.Stage{}},
		{"Token", client.Token{}, server.Token{}},
		{"DeleteByQueryRequest", client.DeleteByQueryRequest{}, server.DeleteByQueryRequest{}},
		{"DeleteByQueryResult", client.DeleteByQueryResult{}, server.DeleteByQueryResult{}},
		{"KeyRequest", client.KeyRequest{}, server.KeyRequest{}},
		{"Key", client.Key{}, apikey.Key{}},
		{"CreatedKey", client.CreatedKey{}, server.CreatedKey{}},
		{"MultiSearchQuery", client.MultiSearchQuery{}, server.MultiSearchQuery{}},
		{"SearchAnswer", client.SearchAnswer{}, server.SearchAnswer{}},
		{"ClusterStatus", client.ClusterStatus{}, server.ClusterStatus{}},
		{"ClusterNode", client.ClusterNode{}, server.ClusterNode{}},
		{"ClusterIndex", client.ClusterIndex{}, server.ClusterIndex{}},
		{"ClusterShard", client.ClusterShard{}, server.ClusterShard{}},
		{"ClusterReplica", client.ClusterReplica{}, server.ClusterReplica{}},
		{"ClusterSnapshot", client.ClusterSnapshot{}, server.ClusterSnapshot{}},
	}
	for _, p := range pairs {
		t.Run(p.name, func(t *testing.T) {
			got, want := jsonTags(reflect.TypeOf(p.client)), jsonTags(reflect.TypeOf(p.other))
			if !slices.Equal(got, want) {
				t.Errorf("client.%s JSON fields %q, server encodes %q", p.name, got, want)
			}
		})
	}
}

func TestClientErrors(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/v1/indexes/books/documents/missing":
			w.WriteHeader(http.StatusNotFound)
			io.WriteString(w, `{"error": {"code": "not_found", "message": "no document", "request_id": "r1"}}`)
		default:
			w.WriteHeader(http.StatusBadGateway)
			io.WriteString(w, "proxy error")
		}
	}))
	defer ts.Close()
	c := client.New(ts.URL + "/")
	ctx := context.Background()
	_, err := c.Get(ctx, "books", "missing")
	var e *client.Error
	if !errors.As(err, &e) || e.Status != 404 || e.Code != "not_found" || e.RequestID != "r1" || !client.IsNotFound(err) {
		t.Errorf("Get = %#v, want a not_found *Error", err)
	}
	_, err = c.ListIndexes(ctx)
	if !errors.As(err, &e) || e.Status != 502 || e.Message != "proxy error" || client.IsNotFound(err) {
		t.Errorf("ListIndexes = %#v, want a 502 *Error with the body", err)
	}
}

// TestClientRequests checks what the client sends: method, escaped path,
// key and body.
func TestClientRequests(t *testing.T) {
	var got []string
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got = append(got, strings.TrimSpace(r.Method+" "+r.URL.EscapedPath()+" "+r.Header.Get("Authorization")+" "+string(b)))
		switch {
		case strings.HasSuffix(r.URL.Path, "/search"):
			io.WriteString(w, `{"total": 1, "took_ms": 1, "hits": [{"id": "a/b", "score": 1, "fields": {}}]}`)
		case r.Method == http.MethodPut:
			io.WriteString(w, `{"index": "books", "id": "a/b"}`)
		default:
			io.WriteString(w, `{}`)
		}
	}))
	defer ts.Close()
	c := client.New(ts.URL)
	c.APIKey = "k"
	ctx := context.Background()
	res, err := c.Search(ctx, "books", client.Request{Query: "كتاب", Size: 5})
	if err != nil || res.Total != 1 || res.Hits[0].ID != "a/b" {
		t.Fatalf("Search = %+v, %v", res, err)
	}
	if id, err := c.Put(ctx, "books", "a/b", client.Document{"text": "x"}); err != nil || id != "a/b" {
		t.Fatalf("Put = %q, %v", id, err)
	}
	if err := c.Delete(ctx, "books", "a/b"); err != nil {
		t.Fatal(err)
	}
	want := []string{
		`POST /v1/indexes/books/search Bearer k {"query":"كتاب","size":5}`,
		`PUT /v1/indexes/books/documents/a%2Fb Bearer k {"text":"x"}`,
		`DELETE /v1/indexes/books/documents/a%2Fb Bearer k`,
	}
	if !slices.Equal(got, want) {
		b, _ := json.MarshalIndent(got, "", "  ")
		t.Errorf("requests:\n%s\nwant %q", b, want)
	}
}
