package server

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fahras/fahras/client"
	"github.com/fahras/fahras/index"
)

// BenchmarkSearch compares one search through the HTTP API (client, JSON,
// loopback TCP) with the same search on the index directly.
//
//	go test ./server -run '^$' -bench Search -benchtime 200x
func BenchmarkSearch(b *testing.B) {
	cat, ix := mustCatalog(b)
	_, c := mustServe(b, cat, Options{})
	ctx := context.Background()
	req := client.Request{Query: "الله الرحمن", Facets: map[string]client.FacetRequest{"title": {Field: "title"}}}
	ireq := index.Request{Query: req.Query, Facets: map[string]index.FacetRequest{"title": {Field: "title"}}}
	b.Run("api", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := c.Search(ctx, testIndex, req); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("direct", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := ix.Search(ctx, ireq); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// docStream generates n NDJSON documents on the fly, so that the body is
// never held in memory by the test either.
type docStream struct {
	n, i int
	buf  strings.Builder
	pos  int
}

func (d *docStream) Read(p []byte) (int, error) {
	if d.pos == d.buf.Len() {
		if d.i == d.n {
			return 0, io.EOF
		}
		d.buf.Reset()
		d.pos = 0
		for k := 0; k < 100 && d.i < d.n; k++ {
			d.i++
			fmt.Fprintf(&d.buf, `{"id": "b%d", "title": "أخبار", "text": "افتتحت المكتبة العامة فرعها رقم %d في المدينة، وتضم آلاف الكتب للأطفال والكبار."}`+"\n", d.i, d.i)
		}
	}
	n := copy(p, d.buf.String()[d.pos:])
	d.pos += n
	return n, nil
}

// BenchmarkBulk streams n documents through POST .../documents and
// reports the documents per second and the peak heap in use during the
// load, which must not grow with the body size.
//
//	go test ./server -run '^$' -bench Bulk -benchtime 1x
func BenchmarkBulk(b *testing.B) {
	for _, n := range []int{5000, 50000} {
		b.Run(fmt.Sprintf("docs=%d", n), func(b *testing.B) {
			cat, _ := mustCatalog(b)
			_, c := mustServe(b, cat, Options{})
			var peak atomic.Uint64
			stop := make(chan struct{})
			go samplePeakHeap(&peak, stop)
			var docs int
			start := time.Now()
			for b.Loop() {
				sum, err := c.Bulk(context.Background(), testIndex, &docStream{n: n}, nil)
				if err != nil || sum.Indexed != n {
					b.Fatalf("bulk: %+v, %v", sum, err)
				}
				docs += n
			}
			elapsed := time.Since(start)
			close(stop)
			b.ReportMetric(float64(docs)/elapsed.Seconds(), "docs/s")
			b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MiB")
		})
	}
}

func samplePeakHeap(peak *atomic.Uint64, stop chan struct{}) {
	t := time.NewTicker(10 * time.Millisecond)
	defer t.Stop()
	var ms runtime.MemStats
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
		}
	}
}
