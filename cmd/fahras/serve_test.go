package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fahras/fahras/client"
	"github.com/fahras/fahras/index"
)

// serveBuffer is an io.Writer safe for the server goroutine and the test.
type serveBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *serveBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *serveBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// serving is a "fahras serve" running in the background.
type serving struct {
	url    string
	stderr *serveBuffer
	stop   context.CancelFunc
	code   chan int
}

var servingLine = regexp.MustCompile(`fahras: serving on (http://127\.0\.0\.1:\d+)`)

// startServe runs "fahras serve args..." on a free loopback port and waits
// until it listens.
func startServe(t *testing.T, args ...string) *serving {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s := &serving{stderr: &serveBuffer{}, stop: cancel, code: make(chan int, 1)}
	args = append([]string{"serve", "-addr", "127.0.0.1:0"}, args...)
	go func() { s.code <- run(ctx, args, strings.NewReader(""), io.Discard, s.stderr) }()
	// Building the demo index takes a while; a cap only against hanging.
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		if m := servingLine.FindStringSubmatch(s.stderr.String()); m != nil {
			s.url = m[1]
			t.Cleanup(func() { s.shutdown(t) })
			return s
		}
		select {
		case code := <-s.code:
			t.Fatalf("fahras serve exited with %d before listening:\n%s", code, s.stderr)
		case <-time.After(20 * time.Millisecond):
		}
	}
	cancel()
	t.Fatalf("fahras serve did not listen:\n%s", s.stderr)
	return nil
}

// shutdown stops the server and checks that it exits cleanly.
func (s *serving) shutdown(t *testing.T) {
	t.Helper()
	if s.stop == nil {
		return
	}
	s.stop()
	s.stop = nil
	if code := <-s.code; code != 0 {
		t.Errorf("fahras serve exited with %d:\n%s", code, s.stderr)
	}
	if !strings.Contains(s.stderr.String(), "fahras: stopped") {
		t.Errorf("stderr lacks the stop message:\n%s", s.stderr)
	}
}

func TestServeData(t *testing.T) {
	data := t.TempDir()
	s := startServe(t, "-data", data, "-api-key", "k1", "-log", "json")
	c := client.New(s.url)
	c.APIKey = "k1"
	ctx := context.Background()
	if _, err := c.CreateIndex(ctx, "news", nil); err != nil {
		t.Fatal(err)
	}
	body := `{"id": "a1", "title": "الاقتصاد", "text": "ارتفعت أسعار النفط في الأسواق العالمية"}
{"id": "a2", "title": "الرياضة", "text": "فاز المنتخب في المباراة النهائية"}`
	sum, err := c.Bulk(ctx, "news", strings.NewReader(body), nil)
	if err != nil || sum.Indexed != 2 {
		t.Fatalf("Bulk = %+v, %v", sum, err)
	}
	res, err := c.Search(ctx, "news", client.Request{Query: "الأسعار"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 1 || res.Hits[0].ID != "a1" {
		t.Errorf("search الأسعار: %+v, want a1", res)
	}
	an, err := c.Analyze(ctx, "قرأتُ الكِتَابَ", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(an.Stages) != 3 {
		t.Fatalf("analyze: %d stages, want stem, exact and vocal", len(an.Stages))
	}
	for _, st := range an.Stages {
		last := st.Tokens[len(st.Tokens)-1]
		if last.Surface != "الكِتَابَ" || last.RuneStart != 6 {
			t.Errorf("stage %s: last token %+v, want surface الكِتَابَ at rune 6", st.Name, last)
		}
	}
	if _, err := c.Analyze(ctx, "x", "root"); serveErrorCode(err) != "invalid" {
		t.Errorf("analyze with a bad level: %v, want invalid", err)
	}
	anon := client.New(s.url)
	if _, err := anon.Search(ctx, "news", client.Request{Query: "النفط"}); serveErrorCode(err) != "unauthorized" {
		t.Errorf("search without the key and without -public-search: %v, want unauthorized", err)
	}
	if !strings.Contains(s.stderr.String(), `"route":"search"`) {
		t.Errorf("no JSON request log on stderr:\n%s", s.stderr)
	}
	s.shutdown(t)
	// The indexes were closed: the folder opens again.
	cat, err := index.OpenCatalog(data)
	if err != nil {
		t.Fatalf("reopen after shutdown: %v", err)
	}
	defer cat.Close()
	if ix, err := cat.Get("news"); err != nil {
		t.Error(err)
	} else if st, _ := ix.Stats(ctx); st.Documents != 2 {
		t.Errorf("reopened index holds %d documents, want 2", st.Documents)
	}
}

func serveErrorCode(err error) string {
	var e *client.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

func TestServeIndex(t *testing.T) {
	dir := booksIndex(t)
	t.Setenv("FAHRAS_API_KEY", "from-env")
	s := startServe(t, "-index", dir, "-public-search")
	ctx := context.Background()
	anon := client.New(s.url)
	list, err := anon.ListIndexes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].Name != "books" || list[0].Documents != 1 {
		t.Errorf("indexes = %+v, want books with 1 document", list)
	}
	if _, err := anon.Put(ctx, "books", "b2", client.Document{"text": "نص"}); serveErrorCode(err) != "unauthorized" {
		t.Errorf("write without the key from $FAHRAS_API_KEY: %v, want unauthorized", err)
	}
	keyed := client.New(s.url)
	keyed.APIKey = "from-env"
	if _, err := keyed.CreateIndex(ctx, "other", nil); serveErrorCode(err) != "read_only" {
		t.Errorf("create next to -index: %v, want read_only", err)
	}
	resp, err := http.Get(s.url + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Errorf("GET / = %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
}

// TestServeGracefulShutdown stops the server while a bulk request is
// streaming: the request finishes, then the server exits.
func TestServeGracefulShutdown(t *testing.T) {
	s := startServe(t, "-data", t.TempDir(), "-log", "off")
	c := client.New(s.url)
	ctx := context.Background()
	if _, err := c.CreateIndex(ctx, "live", nil); err != nil {
		t.Fatal(err)
	}
	pr, pw := io.Pipe()
	type outcome struct {
		sum client.BulkSummary
		err error
	}
	got := make(chan outcome, 1)
	go func() {
		sum, err := c.Bulk(ctx, "live", pr, nil)
		got <- outcome{sum, err}
	}()
	fmt.Fprintln(pw, `{"id": "1", "text": "قبل الإيقاف"}`)
	// Wait until the request is in the handler, then ask the server to stop.
	serveWaitFor(t, func() bool {
		return strings.Contains(serveMetrics(t, s.url), `fahras_http_requests_in_flight{route="bulk"} 1`)
	})
	s.stop()
	s.stop = nil
	serveWaitFor(t, func() bool { return strings.Contains(s.stderr.String(), "finishing the requests in flight") })
	fmt.Fprintln(pw, `{"id": "2", "text": "بعد طلب الإيقاف"}`)
	pw.Close()
	o := <-got
	if o.err != nil || o.sum.Indexed != 2 {
		t.Errorf("bulk across shutdown = %+v, %v; want 2 indexed", o.sum, o.err)
	}
	if code := <-s.code; code != 0 {
		t.Errorf("exit code %d:\n%s", code, s.stderr)
	}
}

func serveMetrics(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

func serveWaitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatal("condition not reached")
}

func TestServeDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the demo index")
	}
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	s := startServe(t, "-log", "off")
	res, err := client.New(s.url).Search(context.Background(), "quran", client.Request{Query: "الرحمن الرحيم", All: true})
	if err != nil {
		list, _ := client.New(s.url).ListIndexes(context.Background())
		t.Fatalf("search the demo: %v (indexes %+v)", err, list)
	}
	// The phrase closes 1:1, 1:3, 2:163, 27:30, 41:2 and 59:22.
	var ids []string
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	if res.Total < 6 || !strings.Contains(" "+strings.Join(ids, " ")+" ", " 1:1 ") {
		t.Errorf("demo search found %d verses %v, want at least the 6 with the phrase, 1:1 among them", res.Total, ids)
	}
}

func TestServeUsage(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"both sources", []string{"serve", "-index", "a", "-data", "b"}, 2, "exclude each other"},
		{"extra argument", []string{"serve", "-data", "b", "extra"}, 2, `unexpected argument "extra"`},
		{"bad log format", []string{"serve", "-log", "xml"}, 2, "-log"},
		{"bad timeout", []string{"serve", "-timeout", "0s"}, 2, "-timeout"},
		{"bad gc percent", []string{"serve", "-gc-percent", "-5"}, 2, "-gc-percent"},
		{"zero min free", []string{"serve", "-min-free", "0"}, 2, "-min-free"},
		{"unknown flag", []string{"serve", "-nope"}, 2, "-nope"},
		{"help", []string{"serve", "-h"}, 0, "Usage: fahras serve"},
		{"missing index", []string{"serve", "-index", "/nonexistent/fahras"}, 1, "not found"},
		{"bad address", []string{"serve", "-data", "DATA", "-addr", "256.0.0.1:99999"}, 1, "listen"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stderr serveBuffer
			args := append([]string(nil), tc.args...)
			for i, a := range args {
				if a == "DATA" {
					args[i] = t.TempDir()
				}
			}
			code := run(context.Background(), args, strings.NewReader(""), io.Discard, &stderr)
			if code != tc.code || !strings.Contains(stderr.String(), tc.stderr) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr.String(), tc.code, tc.stderr)
			}
		})
	}
}

// TestServeDiskFull: below the free-space reserve (-min-free larger than
// any disk) the server refuses writes with 507 disk_full and keeps
// answering searches.
func TestServeDiskFull(t *testing.T) {
	data := t.TempDir()
	cat, err := index.OpenCatalog(data) // an index with a document, made with room to spare
	if err != nil {
		t.Fatal(err)
	}
	ix, err := cat.Create("news", index.Schema{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Put(context.Background(), index.Document{"id": "a1", "text": "ارتفعت أسعار النفط"}); err != nil {
		t.Fatal(err)
	}
	if err := cat.Close(); err != nil {
		t.Fatal(err)
	}
	s := startServe(t, "-data", data, "-public-search", "-min-free", "4611686018427387904")
	c := client.New(s.url)
	ctx := context.Background()
	if _, err := c.Put(ctx, "news", "a2", client.Document{"text": "فاز المنتخب"}); serveErrorCode(err) != "disk_full" {
		t.Errorf("put below the reserve: %v, want disk_full", err)
	}
	res, err := c.Search(ctx, "news", client.Request{Query: "النفط"})
	if err != nil || res.Total != 1 {
		t.Errorf("search below the reserve: %+v, %v; want a1", res, err)
	}
}

// booksIndex creates the index "books" holding one document, b1 (كتاب
// الأغاني), and returns its folder.
func booksIndex(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "books")
	ix, err := index.Create(dir, index.Schema{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if _, err := ix.Put(context.Background(), index.Document{"id": "b1", "text": "كتاب الأغاني"}); err != nil {
		t.Fatal(err)
	}
	return dir
}
