package main

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// TestServeErrorsJSON sends "fahras serve" requests that fail before or
// in the router (an over-long URI or header block, no route, a wrong
// method, a write to a read-only index) and checks that each answer is
// JSON with its code, and that every 405 carries Allow.
func TestServeErrorsJSON(t *testing.T) {
	dir := booksIndex(t)
	s := startServe(t, "-index", dir)
	word := strings.Repeat("%D9%83", 5000) // كككك…, 30 KB escaped
	tests := []struct {
		name, method, path string
		header             string // a header of that many bytes, if not empty
		status             int
		code, allow        string
	}{
		{"30 KB URL reaches the search", "GET", "/v1/indexes/books/search?q=" + word, "", 400, "invalid_request", ""},
		{"100 KB URL", "GET", "/v1/indexes/books/search?q=" + strings.Repeat(word, 4), "", 414, "uri_too_long", ""},
		{"100 KB of headers", "GET", "/v1/indexes/books/search?q=كتاب", strings.Repeat("x", 100<<10), 431, "headers_too_large", ""},
		{"no route", "GET", "/v1/nothing/here", "", 404, "no_route", ""},
		{"wrong method on search", "DELETE", "/v1/indexes/books/search", "", 405, "method_not_allowed", "GET, HEAD, POST"},
		{"wrong method on a document", "POST", "/v1/indexes/books/documents/b1", "", 405, "method_not_allowed", "DELETE, GET, HEAD, PATCH, PUT"},
		{"write to a read-only index", "PUT", "/v1/indexes/other", "", 405, "read_only", "GET, HEAD"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(tt.method, s.url+tt.path, nil)
			if err != nil {
				t.Fatal(err)
			}
			if tt.header != "" {
				req.Header.Set("X-Padding", tt.header)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var body struct {
				Error struct{ Code, Message string }
			}
			derr := json.NewDecoder(resp.Body).Decode(&body)
			if resp.StatusCode != tt.status || derr != nil || body.Error.Code != tt.code {
				t.Errorf("%s: %d %s (%v), want %d with JSON code %q", tt.method, resp.StatusCode, resp.Header.Get("Content-Type"), derr, tt.status, tt.code)
			}
			if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("Content-Type %q, want JSON", ct)
			}
			if got := resp.Header.Get("Allow"); got != tt.allow {
				t.Errorf("Allow %q, want %q (message %q)", got, tt.allow, body.Error.Message)
			}
		})
	}
}
