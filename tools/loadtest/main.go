// Command loadtest measures search latency and throughput of a running
// fahras server at several concurrency levels, with highlighting on (the
// API's default).
//
//	go run ./tools/loadtest -url http://127.0.0.1:8080 -index news \
//	    -queries queries.txt -c 1,8,32 -n 2000
//
// It only sends requests to loopback addresses, and each level stops after
// -n requests or -max-time, whichever comes first.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("loadtest", flag.ContinueOnError)
	base := fs.String("url", "http://127.0.0.1:8080", "server base URL (loopback only)")
	index := fs.String("index", "", "index name")
	queries := fs.String("queries", "", "file with one query per line")
	levels := fs.String("c", "1,8,32", "comma-separated concurrency levels")
	n := fs.Int("n", 2000, "requests per level")
	maxTime := fs.Duration("max-time", time.Minute, "time limit per level")
	size := fs.Int("size", 10, "hits per request")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *index == "" || *queries == "" {
		return fmt.Errorf("-index and -queries are required")
	}
	if err := checkLoopback(*base); err != nil {
		return err
	}
	qs, err := readLines(*queries)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%-6s %8s %8s %8s %8s %8s %7s %8s\n", "conc", "reqs", "qps", "p50_ms", "p95_ms", "p99_ms", "errors", "mean_ms")
	for _, f := range strings.Split(*levels, ",") {
		c, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || c < 1 {
			return fmt.Errorf("bad concurrency %q", f)
		}
		r := level(*base, *index, qs, c, *n, *size, *maxTime)
		fmt.Fprintf(stdout, "%-6d %8d %8.1f %8.2f %8.2f %8.2f %7d %8.2f\n", c, len(r.lat), r.qps(),
			r.pct(0.50), r.pct(0.95), r.pct(0.99), r.errors, r.mean())
	}
	return nil
}

func checkLoopback(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return err
	}
	host := u.Hostname()
	if host == "localhost" {
		return nil
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("refusing to load %s: only loopback addresses are allowed", raw)
	}
	return nil
}

func readLines(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if s := strings.TrimSpace(sc.Text()); s != "" {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no queries", path)
	}
	return out, sc.Err()
}

type result struct {
	lat     []time.Duration
	errors  int64
	elapsed time.Duration
}

func (r result) qps() float64 { return float64(len(r.lat)) / r.elapsed.Seconds() }

// mean is the mean latency of the successful requests, in milliseconds:
// at concurrency 1, the time of one query.
func (r result) mean() float64 {
	if len(r.lat) == 0 {
		return 0
	}
	var sum time.Duration
	for _, d := range r.lat {
		sum += d
	}
	return float64(sum.Microseconds()) / 1000 / float64(len(r.lat))
}

func (r result) pct(p float64) float64 {
	if len(r.lat) == 0 {
		return 0
	}
	i := int(p*float64(len(r.lat))+0.5) - 1
	i = max(0, min(i, len(r.lat)-1))
	return float64(r.lat[i].Microseconds()) / 1000
}

// level sends n requests with c workers and returns sorted latencies of the
// successful ones.
func level(base, index string, qs []string, c, n, size int, limit time.Duration) result {
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: c}}
	var next, errs atomic.Int64
	var mu sync.Mutex
	var lat []time.Duration
	var wg sync.WaitGroup
	start := time.Now()
	for w := 0; w < c; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				i := next.Add(1) - 1
				if i >= int64(n) {
					return
				}
				u := fmt.Sprintf("%s/v1/indexes/%s/search?size=%d&q=%s", base, index, size, url.QueryEscape(qs[int(i)%len(qs)]))
				t0 := time.Now()
				if err := get(ctx, client, u); err != nil {
					errs.Add(1)
					continue
				}
				d := time.Since(t0)
				mu.Lock()
				lat = append(lat, d)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	return result{lat: lat, errors: errs.Load(), elapsed: time.Since(start)}
}

func get(ctx context.Context, c *http.Client, u string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	return nil
}
