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

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/highlight/highlighter/html"
	"github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/fahras/fahras/analysis"
)

// BenchmarkShardsNews measures 1, 2 and 4 shards of the news corpus, with
// the three fahras representations of each text field: bulk docs/s (the
// shards' batches written concurrently), then queries (2-word title
// prefixes, match on title^2 and text, global statistics, bleve's HTML
// highlighter) at concurrency 1 and 8, as p50/p99 latency and qps. Run
// from the project root:
//
//	FAHRAS_BENCH_DOCS=5000 go test -run '^$' -bench ShardsNews -benchtime 1x ./index/
func BenchmarkShardsNews(b *testing.B) {
	data, docs := loadNews(b)
	queries := titleQueries(data, 200)
	for _, n := range []int{1, 2, 4} {
		b.Run(fmt.Sprintf("shards=%d", n), func(b *testing.B) {
			var shards []bleve.Index
			i := 0
			cpu0 := cpuTime()
			for b.Loop() {
				i++
				shards = indexShards(b, filepath.Join(b.TempDir(), fmt.Sprint(i)), data, n)
			}
			b.ReportMetric(float64(docs*i)/b.Elapsed().Seconds(), "docs/s")
			b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/float64(docs*i), "cpu-µs/doc")
			for _, c := range []int{1, 8} {
				lat, qps := searchShards(b, shards, queries, c, 400)
				b.ReportMetric(qps, fmt.Sprintf("qps@c%d", c))
				b.ReportMetric(ms(lat[len(lat)/2]), fmt.Sprintf("p50ms@c%d", c))
				b.ReportMetric(ms(lat[len(lat)*99/100]), fmt.Sprintf("p99ms@c%d", c))
			}
		})
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// indexShards indexes data into n shards under dir, each shard's batches
// written by its own goroutine.
func indexShards(b *testing.B, dir string, data []byte, n int) []bleve.Index {
	an, kw := benchAnalyzers(b, analysis.Levels)
	shards := make([]bleve.Index, n)
	feeds := make([]chan *bleve.Batch, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range shards {
		ix, err := bleve.NewUsing(filepath.Join(dir, fmt.Sprint(i)), newMapping(newsSchema), shardIndexType, "scorch", nil)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { ix.Close() })
		shards[i], feeds[i] = ix, make(chan *bleve.Batch, 1)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for bt := range feeds[i] {
				if err := ix.Batch(bt); err != nil && errs[i] == nil {
					errs[i] = err
				}
			}
		}()
	}
	batches := make([]*bleve.Batch, n)
	for i := range batches {
		batches[i] = shards[i].NewBatch()
	}
	all := repr{levels: analysis.Levels, subTV: true, vocal: "always"}
	eachJSONLine(b, data, func(d map[string]string) {
		s := shardOf(d["id"], n)
		if err := batches[s].IndexAdvanced(newsReprDoc(d, all, an, kw)); err != nil {
			b.Fatal(err)
		}
		if batches[s].Size() >= defaultBatchSize {
			feeds[s] <- batches[s]
			batches[s] = shards[s].NewBatch()
		}
	})
	for i, bt := range batches {
		if bt.Size() > 0 {
			feeds[i] <- bt
		}
		close(feeds[i])
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			b.Fatalf("shard %d: %v", i, err)
		}
	}
	return shards
}

// searchShards sends total queries with c workers and returns the sorted
// latencies and the throughput.
func searchShards(b *testing.B, shards []bleve.Index, queries []string, c, total int) ([]time.Duration, float64) {
	inner := make([]bleveindex.Index, len(shards))
	for i, s := range shards {
		adv, err := s.Advanced()
		if err != nil {
			b.Fatal(err)
		}
		inner[i] = adv
	}
	alias := bleve.NewIndexAlias(shards...)
	fields := []string{"title", "text"}
	st, err := shardStats(context.Background(), inner, fields)
	if err != nil {
		b.Fatal(err)
	}
	one := func(q string) {
		ctx, release, err := globalSearch(context.Background(), inner, st)
		if err != nil {
			b.Fatal(err)
		}
		defer release()
		var qs []query.Query
		for _, f := range fields {
			mq := query.NewMatchQuery(q)
			mq.SetField(f)
			qs = append(qs, mq)
		}
		req := bleve.NewSearchRequestOptions(query.NewDisjunctionQuery(qs), 10, 0, false)
		req.SortByCustom(search.SortOrder{&search.SortScore{Desc: true}, &search.SortDocID{}})
		req.Highlight = bleve.NewHighlightWithStyle(html.Name)
		req.Fields = []string{"*"}
		res, err := alias.SearchInContext(ctx, req)
		if err != nil || res.Status.Failed > 0 {
			b.Fatalf("%q: %v %v", q, err, res)
		}
	}
	one(queries[0]) // warm the caches
	var mu sync.Mutex
	var lat []time.Duration
	var next int
	var wg sync.WaitGroup
	start := time.Now()
	for range c {
		wg.Add(1)
		go func() {
			defer wg.Done()
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
		}()
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
