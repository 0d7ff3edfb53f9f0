package server

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/fahras/fahras/index"
)

// gatedIndex is a fake index whose searches say when they start (their
// query on entered) and then wait for a token on release, or for their
// context: the test decides when each search ends.
type gatedIndex struct {
	*fakeIndex
	entered chan string
	release chan struct{}
}

func (g *gatedIndex) Search(ctx context.Context, req index.Request) (*index.Result, error) {
	g.entered <- req.Query
	select {
	case <-g.release:
	case <-ctx.Done():
		return nil, fmt.Errorf("search: %w", ctx.Err())
	}
	return g.fakeIndex.Search(ctx, req)
}

// gatedCatalog serves one gatedIndex, "books".
type gatedCatalog struct {
	*fakeCatalog
	ix *gatedIndex
}

func (c gatedCatalog) Get(name string) (Index, error) {
	if name != c.ix.name {
		return c.fakeCatalog.Get(name)
	}
	return c.ix, nil
}

// newGatedServer serves a gated "books" index over HTTP.
func newGatedServer(t *testing.T, opts Options) (*httptest.Server, *Server, *gatedIndex) {
	t.Helper()
	fc := newFakeCatalog("books")
	fc.ixs["books"].docs["b1"] = index.Document{"id": "b1", "text": "الكتاب الجديد في المكتبة العامة"}
	g := &gatedIndex{fakeIndex: fc.ixs["books"], entered: make(chan string, 16), release: make(chan struct{})}
	s, err := New(gatedCatalog{fc, g}, opts)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	return ts, s, g
}

// answer is what a search over HTTP got.
type answer struct {
	status     int
	retryAfter string
	body       string
}

func searchHTTP(ts *httptest.Server, q string) answer {
	resp, err := http.Get(ts.URL + "/v1/indexes/books/search?q=" + url.QueryEscape(q))
	if err != nil {
		return answer{body: err.Error()}
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return answer{resp.StatusCode, resp.Header.Get("Retry-After"), string(b)}
}

// goSearch runs a search in the background; its answer comes on the
// returned channel.
func goSearch(ts *httptest.Server, q string) <-chan answer {
	ch := make(chan answer, 1)
	go func() { ch <- searchHTTP(ts, q) }()
	return ch
}

// waitUntil polls cond (no time limit but the test's own).
func waitUntil(cond func() bool) {
	for !cond() {
		time.Sleep(time.Millisecond)
	}
}

// metricsText returns the /metrics page.
func metricsText(t *testing.T, ts *httptest.Server) string {
	t.Helper()
	resp, err := http.Get(ts.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func wantMetrics(t *testing.T, text string, lines ...string) {
	t.Helper()
	for _, l := range lines {
		if !strings.Contains(text, "\n"+l+"\n") {
			t.Errorf("/metrics has no line %q", l)
		}
	}
}

// TestAdmissionQueueFull holds the one search slot, fills the queue of one
// and checks that the next search is refused with a JSON 503 and
// Retry-After, that the metrics show the queue, and that the waiting search
// runs once the slot is free.
func TestAdmissionQueueFull(t *testing.T) {
	ts, s, g := newGatedServer(t, Options{MaxSearches: 1, SearchQueue: 1})
	first := goSearch(ts, "الكتاب")
	if q := <-g.entered; q != "الكتاب" {
		t.Fatalf("first search entered with %q", q)
	}
	second := goSearch(ts, "المكتبة")
	waitUntil(func() bool { return s.admission.waiting.Load() == 1 })

	got := searchHTTP(ts, "العامة")
	if got.status != http.StatusServiceUnavailable || got.retryAfter != "1" {
		t.Fatalf("third search: status %d, Retry-After %q, body %s; want 503 and 1", got.status, got.retryAfter, got.body)
	}
	var body ErrorBody
	if err := json.Unmarshal([]byte(got.body), &body); err != nil || body.Error.Code != "overloaded" ||
		!strings.Contains(body.Error.Message, "1 running and 1 waiting") {
		t.Errorf("third search: body %s (%v), want error code overloaded naming the limits", got.body, err)
	}
	wantMetrics(t, metricsText(t, ts),
		"fahras_search_queue_length 1", "fahras_searches_running 1", "fahras_searches_rejected_total 1",
		`fahras_http_requests_total{code="503",method="GET",route="search"} 1`)

	g.release <- struct{}{}
	if a := <-first; a.status != http.StatusOK || !strings.Contains(a.body, `"b1"`) {
		t.Errorf("first search: %d %s", a.status, a.body)
	}
	if q := <-g.entered; q != "المكتبة" {
		t.Errorf("after the first, %q entered, want the waiting المكتبة", q)
	}
	g.release <- struct{}{}
	if a := <-second; a.status != http.StatusOK || !strings.Contains(a.body, `"b1"`) {
		t.Errorf("second search: %d %s", a.status, a.body)
	}
	wantMetrics(t, metricsText(t, ts),
		"fahras_search_queue_length 0", "fahras_searches_running 0", "fahras_search_wait_seconds_count 2")
}

// TestAdmissionArrivalOrder queues five searches behind a held slot and
// releases them one at a time: they run in the order they arrived.
func TestAdmissionArrivalOrder(t *testing.T) {
	ts, s, g := newGatedServer(t, Options{MaxSearches: 1, SearchQueue: 8})
	words := []string{"الكتاب", "المكتبة", "العامة", "الجديد", "القراءة", "الرواية"}
	var answers []<-chan answer
	for i, w := range words {
		answers = append(answers, goSearch(ts, w))
		if i == 0 {
			<-g.entered
			continue
		}
		waitUntil(func() bool { return s.admission.waiting.Load() == int64(i) })
	}
	order := []string{words[0]}
	for range words[1:] {
		g.release <- struct{}{}
		order = append(order, <-g.entered)
	}
	g.release <- struct{}{}
	if got, want := strings.Join(order, " "), strings.Join(words, " "); got != want {
		t.Errorf("searches ran in the order %s, want their arrival order %s", got, want)
	}
	for i, ch := range answers {
		if a := <-ch; a.status != http.StatusOK {
			t.Errorf("search %q: status %d %s", words[i], a.status, a.body)
		}
	}
}

// TestAdmissionWaitTimeout checks that a search waiting past the request
// timeout gives up with 504 and leaves the queue.
func TestAdmissionWaitTimeout(t *testing.T) {
	ts, s, g := newGatedServer(t, Options{MaxSearches: 1, SearchQueue: 4, Timeout: 50 * time.Millisecond})
	first := goSearch(ts, "الكتاب")
	<-g.entered
	got := searchHTTP(ts, "المكتبة")
	if got.status != http.StatusGatewayTimeout || !strings.Contains(got.body, `"timeout"`) {
		t.Errorf("waiting search: status %d %s, want 504 timeout", got.status, got.body)
	}
	if a := <-first; a.status != http.StatusGatewayTimeout {
		t.Errorf("held search: status %d, want 504 (its own timeout)", a.status)
	}
	if n := s.admission.waiting.Load(); n != 0 {
		t.Errorf("%d searches still counted as waiting", n)
	}
}

// TestAdmissionOptions checks the limits the options give: no limit, no
// queue (refused at once), and the defaults.
func TestAdmissionOptions(t *testing.T) {
	t.Run("no limit", func(t *testing.T) {
		ts, _, g := newGatedServer(t, Options{MaxSearches: -1})
		var answers []<-chan answer
		for range 5 {
			answers = append(answers, goSearch(ts, "الكتاب"))
		}
		for range 5 {
			<-g.entered // all five run at once
		}
		close(g.release)
		for _, ch := range answers {
			if a := <-ch; a.status != http.StatusOK {
				t.Errorf("status %d %s", a.status, a.body)
			}
		}
	})
	t.Run("no queue", func(t *testing.T) {
		ts, _, g := newGatedServer(t, Options{MaxSearches: 1, SearchQueue: -1, SearchRetryAfter: 2500 * time.Millisecond})
		first := goSearch(ts, "الكتاب")
		<-g.entered
		if a := searchHTTP(ts, "المكتبة"); a.status != http.StatusServiceUnavailable || a.retryAfter != "3" {
			t.Errorf("second search: status %d, Retry-After %q; want 503 and 3 (whole seconds, rounded up)", a.status, a.retryAfter)
		}
		close(g.release)
		<-first
	})
	t.Run("defaults", func(t *testing.T) {
		var o Options
		o.SetDefaults()
		if o.MaxSearches < 1 || o.SearchQueue != 64 || o.SearchRetryAfter != time.Second {
			t.Errorf("defaults: MaxSearches %d, SearchQueue %d, SearchRetryAfter %s; want GOMAXPROCS, 64, 1s", o.MaxSearches, o.SearchQueue, o.SearchRetryAfter)
		}
	})
}
