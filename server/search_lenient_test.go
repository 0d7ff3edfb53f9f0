package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/fahras/fahras/client"
)

// getSearch runs GET search with params on ts and decodes the answer.
func getSearch(t *testing.T, base string, params url.Values) (int, map[string]any) {
	t.Helper()
	resp, err := http.Get(base + "/v1/indexes/" + testIndex + "/search?" + params.Encode())
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, body
}

// TestE2ELenient: unfinished syntax is a 400 with its position by
// default, and plain text with lenient, over GET and POST; an empty
// phrase is no error in either mode.
func TestE2ELenient(t *testing.T) {
	cat, _ := mustCatalog(t)
	ts, c := mustServe(t, cat, Options{})
	tests := badQueries(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, body := getSearch(t, ts.URL, url.Values{"q": {tt.q}})
			if tt.strictErr == "" && code != http.StatusOK {
				t.Errorf("GET q=%q: status %d %v, want 200", tt.q, code, body)
			}
			if tt.strictErr != "" {
				msg, _ := body["error"].(map[string]any)["message"].(string)
				if code != http.StatusBadRequest || !strings.Contains(msg, tt.strictErr) {
					t.Errorf("GET q=%q: status %d %q, want 400 with %q", tt.q, code, msg, tt.strictErr)
				}
			}
			code, body = getSearch(t, ts.URL, url.Values{"q": {tt.q}, "lenient": {"true"}})
			if code != http.StatusOK || body["total"].(float64) < 1 {
				t.Errorf("GET q=%q lenient=true: status %d, %v hits; want 200 and 2:3", tt.q, code, body["total"])
			}
			res, err := c.Search(context.Background(), testIndex, client.Request{Query: tt.q, Lenient: true})
			if err != nil || res.Total < 1 || res.Hits[0].ID != "2:3" {
				t.Errorf("POST %q lenient: %v, %+v; want 2:3 first", tt.q, err, res)
			}
		})
	}
	if code, body := getSearch(t, ts.URL, url.Values{"q": {"x"}, "lenient": {"maybe"}}); code != http.StatusBadRequest {
		t.Errorf("lenient=maybe: status %d %v, want 400", code, body)
	}
}

// TestE2ELongQuery: a pasted passage of more than 64 terms is searched by
// its rarest words; the answer lists the words left out.
func TestE2ELongQuery(t *testing.T) {
	cat, _ := mustCatalog(t)
	_, c := mustServe(t, cat, Options{})
	// Distinct words of al-Baqara's verses without their marks (as pasted
	// from ordinary text), as many as 1024 characters hold.
	marks := regexp.MustCompile(`[\x{064B}-\x{065F}\x{0670}\x{06D6}-\x{06ED}]`)
	var words []string
	seen, size := map[string]bool{}, 0
	for v := 3; v <= 40; v++ {
		for _, w := range strings.Fields(marks.ReplaceAllString(strings.Join(fixtureWords(t, fmt.Sprint("2:", v)), " "), "")) {
			if n := len([]rune(w)) + 1; !seen[w] && size+n <= 1024 {
				seen[w], size = true, size+n
				words = append(words, w)
			}
		}
	}
	q := strings.Join(words, " ")
	if len(words) <= 80 {
		t.Fatalf("the passage has %d distinct words; want more than 80", len(words))
	}
	res, err := c.Search(context.Background(), testIndex, client.Request{Query: q})
	if err != nil {
		t.Fatalf("search of %d words: %v", len(words), err)
	}
	var dropped []string
	for _, rw := range res.Rewrites {
		if rw.Dropped {
			dropped = append(dropped, rw.Word)
		}
	}
	if len(dropped) == 0 || res.Total == 0 {
		t.Errorf("%d hits, dropped %q; want hits and the words left out", res.Total, dropped)
	}
	// The words left out are the most common ones: ٱلله, in 17 of the
	// verses, is the first to go.
	if !slices.Contains(dropped, "ٱلله") {
		t.Errorf("dropped %q, want ٱلله among them (the most common word)", dropped)
	}
}

// badQuery is one line of testdata/bad/queries.tsv.
type badQuery struct{ name, q, strictErr string }

// badQueries reads testdata/bad/queries.tsv: name, query, and the error
// of strict parsing ("-": none).
func badQueries(t *testing.T) []badQuery {
	t.Helper()
	raw, err := os.ReadFile("../testdata/bad/queries.tsv")
	if err != nil {
		t.Fatal(err)
	}
	var out []badQuery
	for i, line := range strings.Split(strings.TrimSpace(string(raw)), "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 3 {
			t.Fatalf("queries.tsv:%d: %d fields, want 3", i+1, len(f))
		}
		if f[2] == "-" {
			f[2] = ""
		}
		out = append(out, badQuery{f[0], f[1], f[2]})
	}
	if len(out) == 0 {
		t.Fatal("queries.tsv holds no query")
	}
	return out
}

// TestE2EBulkEncodings: a bulk body in UTF-16 or Windows-1256 is refused
// as a whole (400) with how to convert it, not as one "invalid JSON" per
// line.
func TestE2EBulkEncodings(t *testing.T) {
	cat, _ := mustCatalog(t)
	_, c := mustServe(t, cat, Options{APIKey: testKey})
	for _, tc := range []struct{ name, file, want string }{
		{"UTF-16", "utf16.jsonl", "the file is UTF-16"},
		{"cp1256", "cp1256.jsonl", "looks like Windows-1256 (cp1256) Arabic"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body, err := os.ReadFile("../testdata/bad/" + tc.file)
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.Bulk(context.Background(), testIndex, bytes.NewReader(body), func(client.BulkResult) error { return nil })
			if errorCodeOf(err) != "invalid" || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("bulk: %v; want a 400 invalid with %q", err, tc.want)
			}
		})
	}
}
