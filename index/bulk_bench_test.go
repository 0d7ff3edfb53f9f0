package index

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/ar"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
)

// newsCorpus is the news corpus of ../shared (never copied into the repo).
const newsCorpus = "../../shared/corpora/saudinewsnet/docs.jsonl.gz"

// newsSchema declares the news fields: two Arabic text fields, the rest
// keywords.
var newsSchema = Schema{Fields: []Field{
	{Name: "title", Type: Text, Search: true, Boost: 2},
	{Name: "text", Type: Text, Search: true},
	{Name: "source", Type: Keyword, Facet: true},
	{Name: "url", Type: Keyword},
	{Name: "date_extracted", Type: Keyword, Sort: true},
}}

// loadNews reads the first FAHRAS_BENCH_DOCS (default 2000) lines of the
// news corpus.
func loadNews(b *testing.B) (data []byte, docs int) {
	b.Helper()
	f, err := os.Open(newsCorpus)
	if err != nil {
		b.Skipf("news corpus not available: %v", err)
	}
	defer f.Close()
	n := 2000
	if s := os.Getenv("FAHRAS_BENCH_DOCS"); s != "" {
		if n, err = strconv.Atoi(s); err != nil {
			b.Fatalf("FAHRAS_BENCH_DOCS=%q: %v", s, err)
		}
	}
	zr, err := gzip.NewReader(f)
	if err != nil {
		b.Fatal(err)
	}
	br := bufio.NewReaderSize(zr, 1<<20)
	var buf bytes.Buffer
	for docs < n {
		line, err := br.ReadBytes('\n')
		buf.Write(line)
		if len(bytes.TrimSpace(line)) > 0 {
			docs++
		}
		if err != nil {
			break
		}
	}
	return buf.Bytes(), docs
}

// BenchmarkBulkNews measures bulk indexing of real news articles, with the
// fahras analyzers (three representations per text field) and, as the
// baseline, bleve's built-in "ar" analyzer (one representation) with the
// same stored fields and term vectors, indexed through bleve's own
// mapping. The compact variant merges the loaded index into one segment
// (compact, scorch_config.go): CPU and size include that merge. Run from
// the project root:
//
//	FAHRAS_BENCH_DOCS=5000 go test -run '^$' -bench BulkNews -benchtime 1x ./index/
func BenchmarkBulkNews(b *testing.B) {
	data, docs := loadNews(b)
	for _, w := range []int{1, 2} {
		b.Run(fmt.Sprintf("analyzer=fahras/workers=%d", w), func(b *testing.B) {
			benchIndex(b, data, docs, func(dir string) { fahrasNews(b, dir, data, docs, w, false) })
		})
	}
	b.Run("analyzer=fahras/workers=2/compact", func(b *testing.B) {
		benchIndex(b, data, docs, func(dir string) { fahrasNews(b, dir, data, docs, 2, true) })
	})
	b.Run("analyzer=ar", func(b *testing.B) {
		benchIndex(b, data, docs, func(dir string) { bleveAr(b, dir, data) })
	})
}

// fahrasNews bulk loads data into a new index in dir; with compact, the
// index is merged into one segment afterwards (scorch_config.go).
func fahrasNews(b *testing.B, dir string, data []byte, docs, workers int, compacted bool) {
	ix, err := Create(dir, newsSchema)
	if err != nil {
		b.Fatal(err)
	}
	st, err := ix.BulkNDJSON(context.Background(), bytes.NewReader(data), "news", BulkOptions{Workers: workers}, nil)
	if err != nil || st.Rejected > 0 || st.Documents != int64(docs) {
		b.Fatalf("bulk: %+v, %v", st, err)
	}
	if compacted {
		if err := compact(context.Background(), ix.bi); err != nil {
			b.Fatal(err)
		}
	}
	if err := ix.Close(); err != nil {
		b.Fatal(err)
	}
}

func benchIndex(b *testing.B, data []byte, docs int, index func(dir string)) {
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	root := b.TempDir()
	i := 0
	cpu0 := cpuTime()
	var dir string
	for b.Loop() {
		i++
		dir = filepath.Join(root, fmt.Sprint(i))
		index(dir)
	}
	b.ReportMetric(float64(docs*i)/b.Elapsed().Seconds(), "docs/s")
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/float64(docs*i), "cpu-µs/doc")
	b.ReportMetric(float64(dirSize(b, dir))/float64(len(data)), "size/JSON")
}

// bleveAr indexes data with bleve's "ar" analyzer, decoding and batching
// as Bulk does.
func bleveAr(b *testing.B, dir string, data []byte) {
	m := bleve.NewIndexMapping()
	m.DefaultMapping.Dynamic = false
	for _, f := range append([]Field{{Name: IDName, Type: Keyword}}, newsSchema.Fields...) {
		var fm *mapping.FieldMapping
		if f.Type == Text {
			fm = mapping.NewTextFieldMapping()
			fm.Analyzer = ar.AnalyzerName
			fm.IncludeTermVectors = true
		} else {
			fm = mapping.NewKeywordFieldMapping()
			fm.Analyzer = keyword.Name
			fm.DocValues = true
		}
		fm.Store = true
		fm.IncludeInAll = false
		m.DefaultMapping.AddFieldMappingsAt(f.Name, fm)
	}
	bi, err := bleve.NewUsing(dir, m, scorch.Name, scorch.Name, nil)
	if err != nil {
		b.Fatal(err)
	}
	batch := bi.NewBatch()
	eachJSONLine(b, data, func(d map[string]any) {
		if err := batch.Index(d["id"].(string), d); err != nil {
			b.Fatal(err)
		}
		if batch.Size() >= defaultBatchSize {
			flushBatch(b, bi, batch)
		}
	})
	flushBatch(b, bi, batch)
	if err := bi.Close(); err != nil {
		b.Fatal(err)
	}
}
