package index

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// BenchmarkShardsNews measures an index of the news corpus with 1, 2 and
// 4 shards through the user's path: bulk docs/s (Index.Bulk, whose
// batches are split by shard and written in parallel), then Index.Search
// (2-word title prefixes, default ranking with global statistics,
// highlights) at concurrency 1 and 8, as p50/p99 latency and qps. Run from
// the project root:
//
//	FAHRAS_BENCH_DOCS=4000 go test -run '^$' -bench ShardsNews -benchtime 1x ./index/
func BenchmarkShardsNews(b *testing.B) {
	data, docs := loadNews(b)
	queries := titleQueries(data, 200)
	for _, n := range []int{1, 2, 4} {
		b.Run(fmt.Sprintf("shards=%d", n), func(b *testing.B) {
			var ix *Index
			i := 0
			cpu0 := cpuTime()
			for b.Loop() {
				i++
				ix = bulkShards(b, filepath.Join(b.TempDir(), fmt.Sprint(i)), data, docs, n)
			}
			b.ReportMetric(float64(docs*i)/b.Elapsed().Seconds(), "docs/s")
			b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/float64(docs*i), "cpu-µs/doc")
			for _, c := range []int{1, 8} {
				lat, qps := searchConcurrently(b, ix, queries, c, 400)
				b.ReportMetric(qps, fmt.Sprintf("qps@c%d", c))
				b.ReportMetric(ms(lat[len(lat)/2]), fmt.Sprintf("p50ms@c%d", c))
				b.ReportMetric(ms(lat[len(lat)*99/100]), fmt.Sprintf("p99ms@c%d", c))
			}
		})
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// bulkShards creates an index of the news schema with n shards under dir
// and loads data (docs documents) with Index.Bulk.
func bulkShards(b *testing.B, dir string, data []byte, docs, n int) *Index {
	s := newsSchema
	s.Shards = n
	ix, err := Create(dir, s)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { ix.Close() })
	opts := BulkOptions{OnReject: func(r *Reject) { b.Errorf("reject: %v", r) }}
	st, err := ix.Bulk(context.Background(), []Source{ReaderSource("news", bytes.NewReader(data))}, opts)
	if err != nil {
		b.Fatal(err)
	}
	if st.Documents != int64(docs) {
		b.Fatalf("indexed %d documents of %d", st.Documents, docs)
	}
	return ix
}

// searchConcurrently sends total queries to ix with c workers and returns
// the sorted latencies and the throughput.
func searchConcurrently(b *testing.B, ix *Index, queries []string, c, total int) ([]time.Duration, float64) {
	one := func(q string) {
		res, err := ix.Search(context.Background(), Request{Query: q})
		if err != nil {
			b.Fatalf("%q: %v", q, err)
		}
		if res.Shards != nil && res.Shards.Failed > 0 {
			b.Fatalf("%q: shards %+v", q, res.Shards)
		}
	}
	one(queries[0]) // warm the caches
	var mu sync.Mutex
	var lat []time.Duration
	var next int
	var wg sync.WaitGroup
	start := time.Now()
	for range c {
		wg.Go(func() {
			for {
				mu.Lock()
				i := next
				next++
				mu.Unlock()
				if i >= total {
					return
				}
				t0 := time.Now()
				one(queries[i%len(queries)])
				d := time.Since(t0)
				mu.Lock()
				lat = append(lat, d)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	qps := float64(total) / time.Since(start).Seconds()
	slices.Sort(lat)
	return lat, qps
}

// titleQueries returns up to n queries: the first two words of titles.
func titleQueries(data []byte, n int) []string {
	var out []string
	br := bufio.NewReader(bytes.NewReader(data))
	for len(out) < n {
		line, err := br.ReadBytes('\n')
		var d struct{ Title string }
		if json.Unmarshal(line, &d) == nil {
			if w := strings.Fields(d.Title); len(w) >= 2 {
				out = append(out, w[0]+" "+w[1])
			}
		}
		if err != nil {
			break
		}
	}
	return out
}
