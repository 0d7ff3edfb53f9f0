package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/fahras/fahras/index"
)

// TestLoad runs concurrent searches, single-document PUTs, bulk loads and
// reads against a real "fahras serve" process on loopback: no answer may be
// a 5xx, every acknowledged write must be found afterwards (by Get and by a
// search for its own word), and the server's heap must stay flat. It runs
// for 3 seconds (safe under -race); for the one-minute run:
//
//	FAHRAS_LOAD=1 go test ./cmd/fahras -run TestLoad -v -timeout 10m
func TestLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a server process")
	}
	duration := 3 * time.Second
	if os.Getenv("FAHRAS_LOAD") == "1" {
		duration = time.Minute
	}
	verses := loadVerses(t)
	dir := filepath.Join(t.TempDir(), "load")
	seed := filepath.Join(t.TempDir(), "seed.jsonl")
	var sb strings.Builder
	for i := 0; i < 500; i++ {
		line, _ := json.Marshal(map[string]string{"id": fmt.Sprintf("s%d", i), "text": verses[i%len(verses)]})
		sb.Write(line)
		sb.WriteByte('\n')
	}
	writeFile(t, filepath.Dir(seed), filepath.Base(seed), sb.String())
	if code, _, stderr := indexRun(t, "", "-index", dir, seed); code != 0 {
		t.Fatalf("seed index: %s", stderr)
	}
	cmd, base := startServer(t, dir)
	lt := &loadTest{t: t, base: base + "/v1/indexes/load", verses: verses,
		client: &http.Client{Timeout: time.Minute, Transport: &http.Transport{MaxIdleConnsPerHost: 16}}}
	for i := 0; i < 50; i++ { // warm up before measuring the heap
		lt.search(i)
	}
	before := scrapeHeap(t, base)

	ctx, cancel := context.WithTimeout(context.Background(), duration)
	defer cancel()
	var wg sync.WaitGroup
	workers := map[string]func(ctx context.Context, w int){"put": lt.putLoop, "bulk": lt.bulkLoop, "search": lt.searchLoop, "get": lt.getLoop}
	counts := map[string]int{"put": 2, "bulk": 1, "search": 3, "get": 1}
	for name, fn := range workers {
		for w := 0; w < counts[name]; w++ {
			wg.Add(1)
			go func() { defer wg.Done(); fn(ctx, w) }()
		}
	}
	var peak atomic.Uint64
	wg.Add(1)
	go func() { // the heap while the load runs, for the report
		defer wg.Done()
		for ctx.Err() == nil {
			if h := scrapeHeap(t, base); h > peak.Load() {
				peak.Store(h)
			}
			select {
			case <-ctx.Done():
			case <-time.After(500 * time.Millisecond):
			}
		}
	}()
	wg.Wait()
	after := scrapeHeap(t, base)
	cmd.Process.Signal(syscall.SIGTERM)
	if err := cmd.Wait(); err != nil {
		t.Errorf("server stopped with %v", err)
	}

	t.Logf("%v of load: %d requests (%d searches, %d PUTs, %d bulk requests of %d lines, %d gets), %d client errors (4xx), %d 5xx, %d transport errors",
		duration, lt.requests.Load(), lt.searches.Load(), lt.puts.Load(), lt.bulks.Load(), lt.bulkLines.Load(), lt.gets.Load(),
		lt.status4xx.Load(), lt.status5xx.Load(), lt.transport.Load())
	t.Logf("server heap: %.1f MiB before, %.1f MiB peak, %.1f MiB after", mib(before), mib(peak.Load()), mib(after))
	if n := lt.status5xx.Load(); n > 0 {
		t.Errorf("%d answers were 5xx", n)
	}
	if n := lt.transport.Load(); n > 0 {
		t.Errorf("%d requests failed without an answer", n)
	}
	if n := lt.status4xx.Load(); n > 0 {
		t.Errorf("%d answers were 4xx (every request of the load is valid)", n)
	}
	if after > 3*before+64<<20 {
		t.Errorf("server heap grew from %d to %d bytes", before, after)
	}
	lt.checkAcked(dir)
}

// loadTest holds the state of one load run.
type loadTest struct {
	t      *testing.T
	base   string // URL of the index
	verses []string
	client *http.Client

	next                                       atomic.Int64 // document numbers
	requests, searches, puts, bulks, gets      atomic.Int64
	bulkLines, status4xx, status5xx, transport atomic.Int64

	mu    sync.Mutex
	acked []int64 // numbers of acknowledged documents
}

// doc returns the id, the text and the own word of document n.
func (lt *loadTest) doc(n int64) (id, text, word string) {
	word = "loadw" + strconv.FormatInt(n, 36) + "x"
	return "d" + strconv.FormatInt(n, 10), lt.verses[int(n)%len(lt.verses)] + " " + word, word
}

// do sends one request and counts its answer; it returns the body of a
// 2xx answer and nil otherwise.
func (lt *loadTest) do(method, target, body, ctype string) []byte {
	lt.requests.Add(1)
	req, err := http.NewRequest(method, target, strings.NewReader(body))
	if err != nil {
		lt.t.Error(err)
		return nil
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := lt.client.Do(req)
	if err != nil {
		lt.transport.Add(1)
		lt.t.Logf("%s %s: %v", method, target, err)
		return nil
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	switch {
	case err != nil:
		lt.transport.Add(1)
	case resp.StatusCode >= 500:
		lt.status5xx.Add(1)
		lt.t.Logf("%s %s: %d %.300s", method, target, resp.StatusCode, b)
	case resp.StatusCode >= 400:
		lt.status4xx.Add(1)
		lt.t.Logf("%s %s: %d %.300s", method, target, resp.StatusCode, b)
	default:
		return b
	}
	return nil
}

func (lt *loadTest) ack(ns ...int64) {
	lt.mu.Lock()
	lt.acked = append(lt.acked, ns...)
	lt.mu.Unlock()
}

func (lt *loadTest) putLoop(ctx context.Context, _ int) {
	for ctx.Err() == nil {
		n := lt.next.Add(1)
		id, text, _ := lt.doc(n)
		body, _ := json.Marshal(map[string]any{"text": text, "n": n})
		lt.puts.Add(1)
		if lt.do("PUT", lt.base+"/documents/"+id, string(body), "application/json") != nil {
			lt.ack(n)
		}
	}
}

func (lt *loadTest) bulkLoop(ctx context.Context, _ int) {
	for ctx.Err() == nil {
		var body strings.Builder
		byID := map[string]int64{}
		for i := 0; i < 50; i++ {
			n := lt.next.Add(1)
			id, text, _ := lt.doc(n)
			byID[id] = n
			line, _ := json.Marshal(map[string]any{"id": id, "text": text, "n": n})
			body.Write(line)
			body.WriteByte('\n')
		}
		lt.bulks.Add(1)
		out := lt.do("POST", lt.base+"/documents", body.String(), "application/x-ndjson")
		sc := bufio.NewScanner(bytes.NewReader(out))
		for sc.Scan() {
			var r struct {
				ID      string
				Status  int
				Summary json.RawMessage
			}
			if json.Unmarshal(sc.Bytes(), &r) != nil {
				lt.t.Errorf("bulk result %q", sc.Text())
				continue
			}
			if r.Summary != nil { // the last line: counts, not a document
				continue
			}
			lt.bulkLines.Add(1)
			if r.Status == http.StatusOK {
				lt.ack(byID[r.ID])
			} else {
				lt.t.Errorf("bulk line %s: status %d", r.ID, r.Status)
			}
		}
	}
}

var loadQueries = []string{"الله", "الكتاب", "قال موسى", `"بسم الله"`, "رب*", "كتب~1", "+الله -موسى", "الأرض السماوات"}

func (lt *loadTest) search(i int) {
	lt.searches.Add(1)
	q := loadQueries[i%len(loadQueries)]
	if i%2 == 0 {
		lt.do("GET", lt.base+"/search?size=10&q="+url.QueryEscape(q), "", "")
		return
	}
	body, _ := json.Marshal(map[string]any{"query": q, "size": 20, "from": i % 40, "highlight": map[string]any{"fragments": 2}})
	lt.do("POST", lt.base+"/search", string(body), "application/json")
}

func (lt *loadTest) searchLoop(ctx context.Context, w int) {
	for i := w; ctx.Err() == nil; i++ {
		lt.search(i)
	}
}

// getLoop reads back documents acknowledged so far while writes go on.
func (lt *loadTest) getLoop(ctx context.Context, _ int) {
	for i := 0; ctx.Err() == nil; i++ {
		lt.mu.Lock()
		var n int64 = -1
		if len(lt.acked) > 0 {
			n = lt.acked[(i*7919)%len(lt.acked)]
		}
		lt.mu.Unlock()
		if n < 0 {
			time.Sleep(10 * time.Millisecond)
			continue
		}
		id, _, _ := lt.doc(n)
		lt.gets.Add(1)
		lt.do("GET", lt.base+"/documents/"+id, "", "")
	}
}

// checkAcked opens the stopped server's index and checks that every
// acknowledged document is there, intact, and that a search for the own
// word of a sample of them finds it.
func (lt *loadTest) checkAcked(dir string) {
	t := lt.t
	ix, err := index.Open(dir)
	if err != nil {
		t.Fatalf("open after the load: %v", err)
	}
	defer ix.Close()
	ctx := context.Background()
	lost, searched := 0, 0
	for i, n := range lt.acked {
		id, text, word := lt.doc(n)
		d, err := ix.Get(ctx, id)
		if err != nil || d["text"] != text {
			lost++
			if lost < 5 {
				t.Errorf("acknowledged document %s: %v %.60q", id, err, d["text"])
			}
			continue
		}
		if i%(len(lt.acked)/200+1) == 0 {
			searched++
			res, err := ix.Search(ctx, index.Request{Query: word, Size: 2, Related: new(false)})
			if err != nil || len(res.Hits) != 1 || res.Hits[0].ID != id {
				t.Errorf("search %s: %v %+v, want only %s", word, err, res, id)
			}
		}
	}
	st, _ := ix.Stats(ctx)
	t.Logf("%d writes acknowledged, %d found by Get (%d lost), %d of them searched for their own word; %d documents in the index", len(lt.acked), len(lt.acked)-lost, lost, searched, st.Documents)
	if lost > 0 {
		t.Errorf("%d acknowledged writes lost", lost)
	}
}

// loadVerses returns the verse texts of the Qur'an fixture.
func loadVerses(t *testing.T) []string {
	t.Helper()
	raw, err := os.ReadFile("../../testdata/quran/verses.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, l := range strings.Split(string(raw), "\n") {
		var v struct{ Text string }
		if json.Unmarshal([]byte(l), &v) == nil && v.Text != "" {
			out = append(out, v.Text)
		}
	}
	if len(out) == 0 {
		t.Fatal("no verses")
	}
	return out
}

var heapRE = regexp.MustCompile(`(?m)^go_memstats_heap_alloc_bytes ([0-9.e+]+)$`)

// scrapeHeap reads the server's live heap from its metrics.
func scrapeHeap(t *testing.T, base string) uint64 {
	t.Helper()
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		t.Errorf("metrics: %v", err)
		return 0
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	m := heapRE.FindSubmatch(b)
	if m == nil {
		t.Errorf("no go_memstats_heap_alloc_bytes in the metrics")
		return 0
	}
	f, _ := strconv.ParseFloat(string(m[1]), 64)
	return uint64(f)
}

func mib(b uint64) float64 { return float64(b) / (1 << 20) }
