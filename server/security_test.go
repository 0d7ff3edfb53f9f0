package server

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/fahras/fahras/index"
)

// Security tests over a real index served on loopback. The API key table
// over every route is TestAPIKeyOnEveryRoute (routes_test.go); the page's
// XSS checks are in the browser test.

// noRedirects is a client that shows redirects instead of following them:
// a write answered with a redirect would be lost.
var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// secDo sends one request and returns the status and the body.
func secDo(t *testing.T, method, target, body string, header ...string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, target, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := noRedirects.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, target, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

func TestSecurityConstantTimeKey(t *testing.T) {
	src, err := os.ReadFile("auth.go") // where the key is checked since scoped keys came

	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(src, []byte(`"crypto/subtle"`)) || !bytes.Contains(src, []byte("subtle.ConstantTimeCompare(")) {
		t.Error("auth.go does not compare the API key with crypto/subtle")
	}
	const key = "k3y-0123456789abcdef"
	cat, _ := mustCatalog(t)
	ts, _ := mustServe(t, cat, Options{APIKey: key})
	wrong := []string{
		"k3y-0123456789abcdeF", // same length, last byte differs
		"X3y-0123456789abcdef", // same length, first byte differs
		strings.Repeat("x", len(key)),
		key[:len(key)-1], key + "f", " " + key[1:], "",
	}
	doc := `{"text": "نص"}`
	for _, w := range wrong {
		for _, h := range [][]string{{"Authorization", "Bearer " + w}, {"X-API-Key", w}} {
			if code, b := secDo(t, "PUT", ts.URL+"/v1/indexes/quran/documents/k1", doc, h...); code != http.StatusUnauthorized {
				t.Errorf("PUT with %s %q: %d %s, want 401", h[0], h[1], code, b)
			}
			if code, _ := secDo(t, "GET", ts.URL+"/v1/indexes/quran/search?q=x", "", h...); code != http.StatusUnauthorized {
				t.Errorf("search with %s %q: %d, want 401", h[0], h[1], code)
			}
		}
	}
	if code, b := secDo(t, "PUT", ts.URL+"/v1/indexes/quran/documents/k1", doc, "Authorization", "Bearer "+key); code != http.StatusOK {
		t.Errorf("PUT with the key: %d %s", code, b)
	}
	if code, b := secDo(t, "PUT", ts.URL+"/v1/indexes/quran/documents/k2", doc, "X-API-Key", key); code != http.StatusOK {
		t.Errorf("PUT with X-API-Key: %d %s", code, b)
	}
}

// listTree returns every path under dir, relative to it.
func listTree(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out = append(out, rel)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestSecurityPathTraversal(t *testing.T) {
	root := t.TempDir()
	data := filepath.Join(root, "data")
	if err := os.WriteFile(filepath.Join(root, "outside.txt"), []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	cat, err := index.OpenCatalog(data)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cat.Close() })
	if _, err := cat.Create("books", index.Schema{}); err != nil {
		t.Fatal(err)
	}
	ts, _ := mustServe(t, cat, Options{})
	before := listTree(t, root)

	names := []string{"..", "%2e%2e", "%2E%2E", ".", "..%2f..%2foutside", "..%2Foutside.txt", "%2fetc", "%2F",
		"a%00b", "%00", "..%5c..%5coutside", "books%2f..%2f..", "C:%5cwindows", "%2e", "~root", "Books", "a.b",
		strings.Repeat("a", 65), url.PathEscape(root), url.PathEscape(filepath.Join(root, "evil"))}
	for _, n := range names {
		for _, m := range []string{"PUT", "GET", "DELETE"} {
			code, b := secDo(t, m, ts.URL+"/v1/indexes/"+n, "")
			if code != http.StatusBadRequest && code != http.StatusNotFound && code != http.StatusMethodNotAllowed {
				t.Errorf("%s /v1/indexes/%s: %d %s, want 400 or 404", m, n, code, b)
			}
		}
		for _, target := range []string{"/v1/indexes/" + n + "/search?q=x", "/v1/indexes/" + n + "/documents/x"} {
			if code, b := secDo(t, "GET", ts.URL+target, ""); code != http.StatusBadRequest && code != http.StatusNotFound {
				t.Errorf("GET %s: %d %s, want 400 or 404", target, code, b)
			}
		}
		code, b := secDo(t, "POST", ts.URL+"/v1/indexes/"+n+"/documents", `{"id": "x"}`)
		if code != http.StatusBadRequest && code != http.StatusNotFound {
			t.Errorf("bulk into %s: %d %s, want 400 or 404", n, code, b)
		}
	}
	// Document ids are keys inside the index, never paths: traversal-like
	// ids are stored as given (or refused), and touch no file.
	for _, id := range []string{"..", "%2e%2e", "..%2f..%2foutside", "%2fetc%2fpasswd", url.PathEscape(root), "a%5cb"} {
		code, b := secDo(t, "PUT", ts.URL+"/v1/indexes/books/documents/"+id, `{"text": "كتاب"}`)
		if code != http.StatusOK && code != http.StatusBadRequest && code != http.StatusNotFound {
			t.Errorf("PUT document %s: %d %s", id, code, b)
			continue
		}
		if code == http.StatusOK {
			var got map[string]any
			code, b = secDo(t, "GET", ts.URL+"/v1/indexes/books/documents/"+id, "")
			if json.Unmarshal(b, &got) != nil || code != http.StatusOK || got["id"] != unescapePath(id) {
				t.Errorf("GET document %s: %d %s, want the id %q", id, code, b, unescapePath(id))
			}
		}
	}
	for _, id := range []string{"%00", "a%00b"} {
		if code, b := secDo(t, "PUT", ts.URL+"/v1/indexes/books/documents/"+id, `{"text": "x"}`); code != http.StatusBadRequest {
			t.Errorf("PUT document %s: %d %s, want 400", id, code, b)
		}
	}
	after := listTree(t, root)
	var outside []string
	for _, p := range after {
		if p != "data" && !strings.HasPrefix(p, "data"+string(filepath.Separator)) && !slices.Contains(before, p) {
			outside = append(outside, p)
		}
	}
	if len(outside) > 0 {
		t.Errorf("files created outside the data folder: %v", outside)
	}
	if got := cat.Names(); !slices.Equal(got, []string{"books"}) {
		t.Errorf("indexes after the traversal attempts: %v, want [books]", got)
	}
	if b, err := os.ReadFile(filepath.Join(root, "outside.txt")); err != nil || string(b) != "keep" {
		t.Errorf("outside.txt: %q %v", b, err)
	}
	t.Logf("%d index names tried on 7 routes each, %d document ids", len(names), 8)
}

func TestSecurityXSSInHighlights(t *testing.T) {
	cat, ix := mustCatalog(t)
	ts, _ := mustServe(t, cat, Options{})
	payloads := []string{
		`<script>alert(1)</script>`,
		`<img src=x onerror=alert(2)>`,
		`"><svg onload=alert(3)>`,
		`</mark><script>alert(4)</script><mark>`,
		`&lt;script&gt;alert(5)&lt;/script&gt;`,
		`javascript:alert(6)`,
	}
	ctx := context.Background()
	for i, p := range payloads {
		doc := index.Document{"id": "xss" + string(rune('a'+i)), "text": "قبل " + p + " كتابxss بعد"}
		if _, err := ix.Put(ctx, doc); err != nil {
			t.Fatal(err)
		}
	}
	queries := []string{"كتابxss", "script", "alert", "img onerror", "svg", "mark", "javascript", "<script>alert(1)</script>", `"><svg onload=alert(3)>`}
	for _, q := range queries {
		body, _ := json.Marshal(map[string]any{"query": q, "size": 10, "highlight": map[string]any{"fragments": 3}})
		code, b := secDo(t, "POST", ts.URL+"/v1/indexes/quran/search", string(body))
		if code == http.StatusBadRequest && json.Valid(b) {
			continue // a syntax error, answered as JSON (never rendered as HTML)
		}
		if code != http.StatusOK {
			t.Errorf("search %q: %d %s", q, code, b)
			continue
		}
		var res struct {
			Hits []struct {
				ID         string
				Highlights map[string][]string
			}
		}
		if err := json.Unmarshal(b, &res); err != nil {
			t.Fatal(err)
		}
		for _, h := range res.Hits {
			for field, frags := range h.Highlights {
				for _, f := range frags {
					inert := strings.ReplaceAll(strings.ReplaceAll(f, "<mark>", ""), "</mark>", "")
					if strings.ContainsAny(inert, `<>"`) {
						t.Errorf("search %q: %s.%s fragment %q has markup besides <mark>", q, h.ID, field, f)
					}
				}
			}
		}
	}
	// The payload comes back escaped, not dropped.
	code, b := secDo(t, "POST", ts.URL+"/v1/indexes/quran/search", `{"query": "كتابxss", "size": 10}`)
	if code != http.StatusOK || !strings.Contains(string(b), "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Errorf("escaped payload not found in the highlights: %d %.500s", code, b)
	}
}

// TestSecurityQueryOfDeath sends queries meant to be slow or huge: each is
// refused with 400 or answered, within the index call timeout.
func TestSecurityQueryOfDeath(t *testing.T) {
	cat, _ := mustCatalog(t)
	ts, _ := mustServe(t, cat, Options{Timeout: 20 * time.Second})
	words := strings.Fields(strings.Repeat("كتاب علم ", 500))
	prefixes := make([]string, 50)
	fuzzies := make([]string, 50)
	for i := range prefixes {
		prefixes[i] = "ال" + string(rune('ا'+i%20)) + "*"
		fuzzies[i] = "كتاب" + string(rune('ا'+i%20)) + "~2"
	}
	cases := map[string]url.Values{
		"star":             {"q": {"*"}},
		"one-letter star":  {"q": {"ا*"}},
		"star star":        {"q": {"** *** ****"}},
		"many prefixes":    {"q": {strings.Join(prefixes, " ")}},
		"many fuzzy":       {"q": {strings.Join(fuzzies, " ")}},
		"fuzzy 9":          {"q": {"كتاب~9"}},
		"fuzzy 2 short":    {"q": {"ا~2"}},
		"regexp":           {"q": {"/.*/"}},
		"regexp heavy":     {"q": {"/(a+)+$/ .*.*.*=.*"}},
		"wildcard middle":  {"q": {"ك*ب ?ت?"}},
		"size 1e9":         {"q": {"الله"}, "size": {"1000000000"}},
		"from 1e9":         {"q": {"الله"}, "from": {"1000000000"}},
		"size overflow":    {"q": {"الله"}, "size": {"99999999999999999999"}},
		"1000 terms":       {"q": {strings.Join(words, " ")}},
		"1000 terms all":   {"q": {strings.Join(words, " ")}, "all": {"true"}},
		"100k characters":  {"q": {strings.Repeat("ك", 100000)}},
		"100k word spaces": {"q": {strings.Repeat("ك ", 50000)}},
		"nested quotes":    {"q": {strings.Repeat(`"`, 1000)}},
		"many fields":      {"q": {strings.Repeat("text:ا* ", 100)}},
		"range open":       {"q": {"year:.."}},
		"many facets":      {"q": {"الله"}, "facet": slices.Repeat([]string{"text"}, 100)},
		"many filters":     {"q": {"الله"}, "filter": slices.Repeat([]string{"text:x"}, 100)},
	}
	for name, v := range cases {
		t.Run(name, func(t *testing.T) {
			target := ts.URL + "/v1/indexes/quran/search?" + v.Encode()
			for _, m := range []string{"GET", "POST"} {
				var code int
				var b []byte
				if m == "GET" {
					code, b = secDo(t, m, target, "")
				} else {
					body := map[string]any{"query": v.Get("q")}
					if s := v.Get("size"); s != "" {
						body["size"] = json.Number(s)
					}
					if s := v.Get("from"); s != "" {
						body["from"] = json.Number(s)
					}
					raw, _ := json.Marshal(body)
					code, b = secDo(t, m, ts.URL+"/v1/indexes/quran/search", string(raw))
				}
				// A GET whose URI is over 64 KiB gets 414 before the search.
				long := m == "GET" && len(target) > 64<<10 && code == http.StatusRequestURITooLong
				if code != http.StatusOK && code != http.StatusBadRequest && !long {
					t.Errorf("%s: %d %.300s, want 200 or 400 (414 for a GET over 64 KiB)", m, code, b)
				}
				t.Logf("%s: %d %.120s", m, code, b)
			}
		})
	}
	t.Logf("%d query-of-death inputs, GET and POST", len(cases))
}

// TestSecurityBodyLimits sends a body over the limit to every route that
// reads one: JSON routes answer 413, the bulk route reports the line.
func TestSecurityBodyLimits(t *testing.T) {
	const limit = 4 << 10
	cat, _ := mustCatalog(t)
	s, err := New(FromCatalog(cat), Options{MaxBodyBytes: limit, MaxLineBytes: limit, Analyze: splitAnalyze})
	if err != nil {
		t.Fatal(err)
	}
	big := `{"text": "` + strings.Repeat("ك", limit) + `"}`
	tried := 0
	for _, rt := range s.routes() {
		if rt.method != "POST" && rt.method != "PUT" && rt.method != "PATCH" {
			continue
		}
		tried++
		target := strings.NewReplacer("{name}", "quran", "{id}", "big").Replace(rt.path)
		if rt.name == "create_index" {
			target = "/v1/indexes/newone"
		}
		w := serve(s, rt.method, target, big)
		if rt.name == "bulk" {
			// A line over the line limit is one bad record; a body over
			// the bulk limit stops the load with 413 (TestE2EBodyLimit).
			if !strings.Contains(w.Body.String(), `"status":400`) || !strings.Contains(w.Body.String(), "maximum document size of 4096 bytes") {
				t.Errorf("%s %s: a line over the limit answered %d %s, want a 400 result naming the limit", rt.method, rt.path, w.Code, w.Body)
			}
			continue
		}
		if w.Code != http.StatusRequestEntityTooLarge || !strings.Contains(w.Body.String(), `"too_large"`) {
			t.Errorf("%s %s: %d %.200s, want 413 too_large", rt.method, rt.path, w.Code, w.Body)
		}
	}
	if tried < 5 {
		t.Fatalf("only %d routes with a body", tried)
	}
}
