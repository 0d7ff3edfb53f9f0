package index

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
)

// BenchmarkSearchNews runs a query set against an existing index with
// highlighting on, in-process (no HTTP), to profile the search path:
//
//	FAHRAS_BENCH_INDEX=/tmp/bench/news FAHRAS_BENCH_QUERIES=/tmp/q.txt \
//	    go test -run '^$' -bench SearchNews -benchtime 500x -cpuprofile cpu.out ./index/
//
// The index comes from tools/bench/bulk.sh (KEEP=...), the queries from
// tools/newsqueries. Skipped unless both variables are set. The first
// search (BM25 statistics of a fresh process) runs before the timer.
// Sub-benchmarks run with pseudo-relevance feedback (Request.Feedback)
// and without (the default).
func BenchmarkSearchNews(b *testing.B) {
	dir, qfile := os.Getenv("FAHRAS_BENCH_INDEX"), os.Getenv("FAHRAS_BENCH_QUERIES")
	if dir == "" || qfile == "" {
		b.Skip("set FAHRAS_BENCH_INDEX and FAHRAS_BENCH_QUERIES")
	}
	qs := readQueries(b, qfile)
	ix, err := Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	ctx := context.Background()
	if _, err := ix.Search(ctx, Request{Query: qs[0]}); err != nil {
		b.Fatal(err)
	}
	for _, fb := range []bool{true, false} {
		b.Run(fmt.Sprintf("feedback=%v", fb), func(b *testing.B) {
			b.ReportAllocs()
			i, cpu0 := 0, cpuTime()
			for b.Loop() {
				if _, err := ix.Search(ctx, Request{Query: qs[i%len(qs)], Feedback: fb}); err != nil {
					b.Fatalf("%q: %v", qs[i%len(qs)], err)
				}
				i++
			}
			b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/float64(i), "cpu-µs/op")
		})
	}
	b.Run("highlight=off", func(b *testing.B) {
		b.ReportAllocs()
		i, cpu0 := 0, cpuTime()
		for b.Loop() {
			if _, err := ix.Search(ctx, Request{Query: qs[i%len(qs)], Highlight: &HighlightOptions{Disabled: true}}); err != nil {
				b.Fatalf("%q: %v", qs[i%len(qs)], err)
			}
			i++
		}
		b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/float64(i), "cpu-µs/op")
	})
}

// BenchmarkRelatedNews runs three queries with rare words on the news
// articles: زيلينسكي matches one, and its page is filled with related
// hits; the two others fill their page (86 and 25 matches, the second
// through its typo edits). Related hits off, with every feedback term, and
// with the terms in at most 10% and 5% (the default) of the documents:
//
//	FAHRAS_BENCH_INDEX=/tmp/bench/news go test -run '^$' -bench RelatedNews -benchtime 20x ./index/
func BenchmarkRelatedNews(b *testing.B) {
	dir := os.Getenv("FAHRAS_BENCH_INDEX")
	if dir == "" {
		b.Skip("set FAHRAS_BENCH_INDEX")
	}
	ix, err := Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	ctx := context.Background()
	qs := []string{"زيلينسكي", "هاروت وماروت", "الخوارزمبات"}
	if _, err := ix.Search(ctx, Request{Query: qs[0]}); err != nil {
		b.Fatal(err)
	}
	for _, v := range []struct {
		name     string
		off      bool
		maxShare float64
	}{{"related=off", true, 0}, {"maxShare=none", false, 0}, {"maxShare=0.1", false, 0.1}, {"maxShare=0.05", false, 0.05}} {
		b.Run(v.name, func(b *testing.B) {
			r := defaultRank()
			r.related.maxShare = v.maxShare
			if v.off {
				r.related = feedbackParams{}
			}
			for b.Loop() {
				for _, q := range qs {
					if _, err := ix.search(ctx, Request{Query: q}, r); err != nil {
						b.Fatalf("%q: %v", q, err)
					}
				}
			}
		})
	}
}

func readQueries(b *testing.B, path string) []string {
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	var qs []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if q := strings.TrimSpace(sc.Text()); q != "" {
			qs = append(qs, q)
		}
	}
	if len(qs) == 0 {
		b.Fatalf("%s: no queries", path)
	}
	return qs
}
