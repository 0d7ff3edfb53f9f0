package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/fahras/fahras/index"
)

// newFakeServer returns a server over a fake catalog holding index "books"
// with two documents.
func newFakeServer(t *testing.T, opts Options) (*Server, *fakeCatalog) {
	t.Helper()
	cat := newFakeCatalog("books")
	cat.ixs["books"].docs["b1"] = index.Document{"id": "b1", "text": "الكتاب الجديد"}
	cat.ixs["books"].docs["b2"] = index.Document{"id": "b2", "text": "المكتبة العامة"}
	if opts.Analyze == nil {
		opts.Analyze = splitAnalyze
	}
	s, err := New(cat, opts)
	if err != nil {
		t.Fatal(err)
	}
	return s, cat
}

// splitAnalyze is a stand-in analyzer: one token per space-separated word.
func splitAnalyze(text, level string, _ *index.StopWords) ([]Stage, error) {
	if level != "" && level != "stem" {
		return nil, fmt.Errorf("%w: unknown level %q", index.ErrInvalid, level)
	}
	var toks []Token
	at := 0
	for i, w := range strings.Split(text, " ") {
		toks = append(toks, Token{Term: w, Start: at, End: at + len(w), Position: i + 1})
		at += len(w) + 1
	}
	return []Stage{{Name: "stem", Tokens: toks}}, nil
}

// call sends one request through the whole handler.
func call(t *testing.T, h http.Handler, method, target, body string, header ...string) *http.Response {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, target, r)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w.Result()
}

// errorCode decodes an error answer and returns its code.
func errorCode(t *testing.T, resp *http.Response) string {
	t.Helper()
	var body ErrorBody
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatalf("error answer is not JSON: %v", err)
	}
	if body.Error.Message == "" || body.Error.RequestID == "" {
		t.Errorf("error answer %+v lacks a message or request id", body.Error)
	}
	return body.Error.Code
}

func TestHandlers(t *testing.T) {
	s, _ := newFakeServer(t, Options{MaxBodyBytes: 256})
	big := `{"query": "` + strings.Repeat("ك", 200) + `"}`
	tests := []struct {
		name           string
		method, target string
		body           string
		status         int
		code           string // error code, or "" for success
		contains       string // a needle in a successful answer
	}{
		{"list indexes", "GET", "/v1/indexes", "", 200, "", `"name":"books"`},
		{"get index", "GET", "/v1/indexes/books", "", 200, "", `"documents":2`},
		{"get missing index", "GET", "/v1/indexes/nope", "", 404, "not_found", ""},
		{"create index", "PUT", "/v1/indexes/news", "", 201, "", `"name":"news"`},
		{"create index with schema", "PUT", "/v1/indexes/news2", `{"fields":[{"name":"t","type":"text"}]}`, 201, "", `"name":"news2"`},
		{"create existing index", "PUT", "/v1/indexes/books", "", 409, "exists", ""},
		{"create bad name", "PUT", "/v1/indexes/..%2Fetc", "", 400, "invalid", ""},
		{"create upper-case name", "PUT", "/v1/indexes/Books", "", 400, "invalid", ""},
		{"create with unknown schema field", "PUT", "/v1/indexes/x", `{"fieldz":[]}`, 400, "unknown_field", ""},
		{"search get", "GET", "/v1/indexes/books/search?q=الكتاب", "", 200, "", `"id":"b1"`},
		{"search get no hits", "GET", "/v1/indexes/books/search?q=zzz", "", 200, "", `"hits":[]`},
		{"search get bad size", "GET", "/v1/indexes/books/search?q=a&size=x", "", 400, "invalid_request", ""},
		{"search get size too big", "GET", "/v1/indexes/books/search?q=a&size=1000", "", 400, "invalid_request", ""},
		{"search get window too deep", "GET", "/v1/indexes/books/search?q=a&from=9995&size=10", "", 400, "invalid_request", ""},
		{"search get negative from", "GET", "/v1/indexes/books/search?q=a&from=-1", "", 400, "invalid_request", ""},
		{"search get unknown parameter", "GET", "/v1/indexes/books/search?query=a", "", 400, "unknown_parameter", ""},
		{"search get bad bool", "GET", "/v1/indexes/books/search?q=a&all=maybe", "", 400, "invalid_request", ""},
		{"search get bad filter", "GET", "/v1/indexes/books/search?q=a&filter=nocolon", "", 400, "invalid_request", ""},
		{"search get short prefix", "GET", "/v1/indexes/books/search?q=a*", "", 400, "invalid_query", ""},
		{"search get too many fuzzy", "GET", "/v1/indexes/books/search?q=ab~+cd~+ef~+gh~+ij~", "", 400, "invalid_query", ""},
		{"search missing index", "GET", "/v1/indexes/nope/search?q=a", "", 404, "not_found", ""},
		{"search post", "POST", "/v1/indexes/books/search", `{"query":"المكتبة"}`, 200, "", `"id":"b2"`},
		{"search post unknown field", "POST", "/v1/indexes/books/search", `{"query":"a","sizes":3}`, 400, "unknown_field", ""},
		{"search post wrong type", "POST", "/v1/indexes/books/search", `{"query":3}`, 400, "invalid_request", ""},
		{"search post bad json", "POST", "/v1/indexes/books/search", `{"query":`, 400, "invalid_request", ""},
		{"search post trailing data", "POST", "/v1/indexes/books/search", `{"query":"a"} {}`, 400, "invalid_request", ""},
		{"search post empty body", "POST", "/v1/indexes/books/search", ``, 400, "invalid_request", ""},
		{"search post too large", "POST", "/v1/indexes/books/search", big, 413, "too_large", ""},
		{"search post too many fragments", "POST", "/v1/indexes/books/search", `{"query":"a","highlight":{"fragments":99}}`, 400, "invalid_request", ""},
		{"get document", "GET", "/v1/indexes/books/documents/b1", "", 200, "", `"text":"الكتاب الجديد"`},
		{"get missing document", "GET", "/v1/indexes/books/documents/zz", "", 404, "not_found", ""},
		{"put document", "PUT", "/v1/indexes/books/documents/b3", `{"text":"جديد"}`, 200, "", `"id":"b3"`},
		{"put document escaped id", "PUT", "/v1/indexes/books/documents/a%2Fb", `{"text":"جديد"}`, 200, "", `"id":"a/b"`},
		{"put document id mismatch", "PUT", "/v1/indexes/books/documents/b3", `{"id":"b4"}`, 400, "invalid_request", ""},
		{"put document not an object", "PUT", "/v1/indexes/books/documents/b3", `[1]`, 400, "invalid_request", ""},
		{"put document null", "PUT", "/v1/indexes/books/documents/b3", `null`, 400, "invalid_request", ""},
		{"delete document", "DELETE", "/v1/indexes/books/documents/b2", "", 200, "", `"deleted":true`},
		{"delete missing document", "DELETE", "/v1/indexes/books/documents/b2", "", 404, "not_found", ""},
		{"analyze", "POST", "/v1/analyze", `{"text":"قرأت الكتاب"}`, 200, "", `"surface":"الكتاب"`},
		{"analyze bad level", "POST", "/v1/analyze", `{"text":"a","level":"root"}`, 400, "invalid", ""},
		{"analyze unknown field", "POST", "/v1/analyze", `{"txt":"a"}`, 400, "unknown_field", ""},
		{"health", "GET", "/healthz", "", 200, "", `"status":"ok"`},
		{"ready", "GET", "/readyz", "", 200, "", `"status":"ready"`},
		{"openapi", "GET", "/v1/openapi.json", "", 200, "", `"openapi"`},
		{"page", "GET", "/", "", 200, "", `dir="rtl"`},
		{"asset", "GET", "/assets/app.js", "", 200, "", `textContent`},
		{"missing asset", "GET", "/assets/nope.js", "", 404, "not_found", ""},
		{"no route", "GET", "/v2/nothing", "", 404, "no_route", ""},
		{"wrong method", "POST", "/v1/indexes/books", "", 405, "method_not_allowed", ""},
		{"drop index", "DELETE", "/v1/indexes/news", "", 200, "", `"deleted":true`},
		{"drop missing index", "DELETE", "/v1/indexes/news", "", 404, "not_found", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp := call(t, s, tc.method, tc.target, tc.body)
			if got, want := resp.StatusCode, tc.status; got != want {
				b, _ := io.ReadAll(resp.Body)
				t.Fatalf("status = %d, want %d; body %s", got, want, b)
			}
			if tc.code != "" {
				if got := errorCode(t, resp); got != tc.code {
					t.Errorf("error code = %q, want %q", got, tc.code)
				}
				return
			}
			b, _ := io.ReadAll(resp.Body)
			if !strings.Contains(string(b), tc.contains) {
				t.Errorf("answer %s lacks %s", b, tc.contains)
			}
		})
	}
}

// TestErrorStatus checks the one function that maps errors to statuses,
// including that 5xx answers never carry the error's text.
func TestErrorStatus(t *testing.T) {
	secret := errors.New("open /var/lib/fahras/secret: permission denied")
	tests := []struct {
		name   string
		err    error
		status int
		code   string
	}{
		{"not found", fmt.Errorf("get: %w", index.ErrNotFound), 404, "not_found"},
		{"exists", fmt.Errorf("x: %w", index.ErrExists), 409, "exists"},
		{"invalid query", &index.QueryError{Column: 3, Msg: "bad"}, 400, "invalid_query"},
		{"invalid", fmt.Errorf("x: %w", index.ErrInvalid), 400, "invalid"},
		{"read only", fmt.Errorf("x: %w", index.ErrReadOnly), 405, "read_only"},
		{"locked", fmt.Errorf("x: %w", index.ErrLocked), 503, "locked"},
		{"disk full", fmt.Errorf("/var/lib/fahras/x has 1 MB free: %w", index.ErrDiskFull), 507, "disk_full"},
		{"timeout", fmt.Errorf("search: %w", context.DeadlineExceeded), 504, "timeout"},
		{"canceled", fmt.Errorf("search: %w", context.Canceled), 499, "canceled"},
		{"too large", &http.MaxBytesError{Limit: 10}, 413, "too_large"},
		{"internal", secret, 500, "internal"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, code, msg := errorStatus(tc.err)
			if status != tc.status || code != tc.code {
				t.Errorf("errorStatus(%v) = %d %s, want %d %s", tc.err, status, code, tc.status, tc.code)
			}
			if status >= 500 && strings.Contains(msg, "/var/lib") {
				t.Errorf("5xx message %q shows internals", msg)
			}
		})
	}
}

// TestInternalErrorHidden runs a failing index through a handler: the
// client sees a generic message and the log has the detail.
func TestInternalErrorHidden(t *testing.T) {
	var log strings.Builder
	s, cat := newFakeServer(t, Options{Logger: newTextLogger(&log)})
	cat.ixs["books"].err = errors.New("segment file /data/books/000.zap corrupt")
	resp := call(t, s, "GET", "/v1/indexes/books/search?q=x", "")
	if resp.StatusCode != 500 {
		t.Fatalf("status = %d, want 500", resp.StatusCode)
	}
	b, _ := io.ReadAll(resp.Body)
	if strings.Contains(string(b), "zap") {
		t.Errorf("answer %s shows internals", b)
	}
	id := resp.Header.Get("X-Request-ID")
	if !strings.Contains(log.String(), "000.zap corrupt") || !strings.Contains(log.String(), id) {
		t.Errorf("log lacks the detail and request id %s:\n%s", id, log.String())
	}
}

func TestTimeout(t *testing.T) {
	s, cat := newFakeServer(t, Options{Timeout: 20 * time.Millisecond})
	cat.ixs["books"].block = make(chan struct{}) // never released
	resp := call(t, s, "GET", "/v1/indexes/books/search?q=x", "")
	if got, want := resp.StatusCode, http.StatusGatewayTimeout; got != want {
		t.Fatalf("status = %d, want %d", got, want)
	}
	if got := errorCode(t, resp); got != "timeout" {
		t.Errorf("code = %q, want timeout", got)
	}
}

func TestSearchGetParameters(t *testing.T) {
	s, cat := newFakeServer(t, Options{})
	resp := call(t, s, "GET", "/v1/indexes/books/search?q=ab&size=5&from=10&all=true&diacritics=1&feedback=1&related=false&prefix_last=true&sort=-year,_score&facet=title&filter=title:x:y", "")
	if resp.StatusCode != 200 {
		t.Fatalf("status = %d", resp.StatusCode)
	}
	got := cat.ixs["books"].lastReq
	want := index.Request{Query: "ab", Size: 5, From: 10, All: true, Diacritics: true, Feedback: true, Related: new(false), PrefixLast: true, Sort: []string{"-year", "_score"},
		Facets:  map[string]index.FacetRequest{"title": {Field: "title"}},
		Filters: []index.Filter{{Field: "title", Terms: []string{"x:y"}}}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("request (-want +got):\n%s", diff)
	}
}

func TestRequestID(t *testing.T) {
	s, _ := newFakeServer(t, Options{})
	tests := []struct {
		name, in string
		keep     bool
	}{
		{"plain id kept", "abc-123", true},
		{"no id", "", false},
		{"hostile id replaced", "<script>", false},
		{"long id replaced", strings.Repeat("a", 65), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp := call(t, s, "GET", "/healthz", "", "X-Request-ID", tc.in)
			got := resp.Header.Get("X-Request-ID")
			if got == "" || (got == tc.in) != tc.keep {
				t.Errorf("X-Request-ID = %q for %q, keep %v", got, tc.in, tc.keep)
			}
		})
	}
}

func TestCORS(t *testing.T) {
	s, _ := newFakeServer(t, Options{CORSOrigins: []string{"https://ok.example"}})
	tests := []struct {
		name, method, origin string
		status               int
		allow                string
	}{
		{"preflight allowed", "OPTIONS", "https://ok.example", 204, "https://ok.example"},
		{"preflight refused", "OPTIONS", "https://evil.example", 403, ""},
		{"simple allowed", "GET", "https://ok.example", 200, "https://ok.example"},
		{"simple other origin", "GET", "https://evil.example", 200, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp := call(t, s, tc.method, "/v1/indexes", "", "Origin", tc.origin, "Access-Control-Request-Method", "POST")
			if resp.StatusCode != tc.status {
				t.Errorf("status = %d, want %d", resp.StatusCode, tc.status)
			}
			if got := resp.Header.Get("Access-Control-Allow-Origin"); got != tc.allow {
				t.Errorf("Allow-Origin = %q, want %q", got, tc.allow)
			}
		})
	}
}

func TestFixedCatalogRefusesWrites(t *testing.T) {
	s, cat := newFakeServer(t, Options{})
	cat.fixed = true
	for _, method := range []string{"PUT", "DELETE"} {
		resp := call(t, s, method, "/v1/indexes/other", "")
		if resp.StatusCode != http.StatusMethodNotAllowed || errorCode(t, resp) != "read_only" {
			t.Errorf("%s on a fixed catalog: status %d, want 405 read_only", method, resp.StatusCode)
		}
	}
}

func TestReadyFailingIndex(t *testing.T) {
	s, cat := newFakeServer(t, Options{})
	cat.ixs["books"].err = errors.New("disk gone")
	resp := call(t, s, "GET", "/readyz", "")
	if resp.StatusCode != http.StatusServiceUnavailable || errorCode(t, resp) != "not_ready" {
		t.Errorf("readyz with a failing index = %d, want 503 not_ready", resp.StatusCode)
	}
}

func TestReadyDraining(t *testing.T) {
	s, _ := newFakeServer(t, Options{})
	s.Drain()
	if resp := call(t, s, "GET", "/readyz", ""); resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("readyz while draining = %d, want 503", resp.StatusCode)
	}
	if resp := call(t, s, "GET", "/healthz", ""); resp.StatusCode != http.StatusOK {
		t.Errorf("healthz while draining = %d, want 200", resp.StatusCode)
	}
}

func TestPageHeaders(t *testing.T) {
	s, _ := newFakeServer(t, Options{})
	resp := call(t, s, "GET", "/", "")
	csp := resp.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
		t.Errorf("Content-Security-Policy = %q", csp)
	}
	b, _ := io.ReadAll(resp.Body)
	for _, needle := range []string{`lang="ar"`, `dir="rtl"`, `/assets/app.js`} {
		if !strings.Contains(string(b), needle) {
			t.Errorf("page lacks %s", needle)
		}
	}
	for _, bad := range []string{"http://", "https://", "<script>"} {
		if strings.Contains(string(b), bad) {
			t.Errorf("page has %q: everything must be embedded, with no inline script", bad)
		}
	}
}

// TestBadBodyMessages checks that client errors say what is wrong and where.
func TestBadBodyMessages(t *testing.T) {
	s, _ := newFakeServer(t, Options{})
	tests := []struct {
		name, target, body, want string
	}{
		{"unknown field", "/v1/indexes/books/search", `{"query":"a","sizes":3}`, `unknown field "sizes"`},
		{"unknown nested field", "/v1/indexes/books/search", `{"query":"a","highlight":{"tags":1}}`, `unknown field "tags"`},
		{"wrong type", "/v1/indexes/books/search", `{"query":"a","size":"ten"}`, `field "size": want int`},
		{"syntax", "/v1/indexes/books/search", `{"query":"a",}`, "invalid JSON at byte"},
		{"analyze unknown field", "/v1/analyze", `{"text":"a","lvl":"stem"}`, `unknown field "lvl"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp := call(t, s, "POST", tc.target, tc.body)
			var body ErrorBody
			if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != 400 || !strings.Contains(body.Error.Message, tc.want) {
				t.Errorf("%d %q, want 400 with %q", resp.StatusCode, body.Error.Message, tc.want)
			}
		})
	}
}

// TestPageWithoutPublicSearch checks that the page itself stays reachable
// when reads need the key, while its API calls are refused.
func TestPageWithoutPublicSearch(t *testing.T) {
	s, _ := newFakeServer(t, Options{APIKey: "k"})
	if resp := call(t, s, "GET", "/", ""); resp.StatusCode != http.StatusOK {
		t.Errorf("GET / = %d, want 200", resp.StatusCode)
	}
	if resp := call(t, s, "GET", "/v1/indexes", ""); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("GET /v1/indexes = %d, want 401", resp.StatusCode)
	}
}
