package index

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"path/filepath"
	"testing"

	"github.com/blevesearch/bleve/v2"
	bleveanalysis "github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/registry"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/fahras/fahras/analysis"
)

// repr is one way of indexing the text fields of the news corpus.
type repr struct {
	name   string
	levels []analysis.Level // representations indexed, stem first
	subTV  bool             // term vectors on the exact and vocal fields
	vocal  string           // "always", or "harakat": only when the text has harakat
	noTV   bool             // no term vectors at all, not even on the stem field
	config map[string]any   // scorch configuration
}

// BenchmarkRepresentations measures what each representation of a text
// field costs at bulk time (docs/s, index size relative to the JSON), by
// indexing the news corpus straight into bleve with the fahras analyzers:
// the stemmed field alone, stem+exact, all three (what fahras does), the
// sub-fields without term vectors, and the vocal field only for texts that
// carry harakat (also without term vectors on the sub-fields, and without
// any term vectors: what positions and offsets cost); and all three with
// scorch's unsafe_batch (a batch returns
// once its segment is searchable, before it is on disk). Run from the
// project root:
//
//	FAHRAS_BENCH_DOCS=3000 go test -run '^$' -bench Representations -benchtime 1x ./index/
func BenchmarkRepresentations(b *testing.B) {
	data, docs := loadNews(b)
	all := []analysis.Level{analysis.Stem, analysis.Exact, analysis.Vocal}
	for _, r := range []repr{
		{name: "stem", levels: all[:1]},
		{name: "stem+exact", levels: all[:2], subTV: true},
		{name: "stem+exact+vocal", levels: all, subTV: true, vocal: "always"},
		{name: "stem+exact+vocal/no-sub-tv", levels: all, vocal: "always"},
		{name: "stem+exact+vocal-if-harakat", levels: all, subTV: true, vocal: "harakat"},
		{name: "stem+exact+vocal-if-harakat/no-sub-tv", levels: all, vocal: "harakat"},
		{name: "stem+exact+vocal-if-harakat/no-tv", levels: all, vocal: "harakat", noTV: true},
		{name: "stem+exact+vocal/unsafe-batch", levels: all, subTV: true, vocal: "always",
			config: map[string]any{"unsafe_batch": true}},
	} {
		b.Run(r.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			root := b.TempDir()
			i := 0
			var size int64
			cpu0 := cpuTime()
			for b.Loop() {
				i++
				size = indexRepr(b, filepath.Join(root, fmt.Sprint(i)), data, r)
			}
			b.ReportMetric(float64(docs*i)/b.Elapsed().Seconds(), "docs/s")
			b.ReportMetric(float64(size)/float64(len(data)), "size/JSON")
			b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/float64(docs*i), "cpu-µs/doc")
		})
	}
}

func indexRepr(b *testing.B, dir string, data []byte, r repr) int64 {
	an, kw := benchAnalyzers(b, r.levels)
	bi, err := bleve.NewUsing(dir, newMapping(newsSchema), scorch.Name, scorch.Name, r.config)
	if err != nil {
		b.Fatal(err)
	}
	batch := bi.NewBatch()
	eachJSONLine(b, data, func(d map[string]string) {
		if err := batch.IndexAdvanced(newsReprDoc(d, r, an, kw)); err != nil {
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
	return dirSize(b, dir)
}

func addRepr(doc *document.Document, name, v string, r repr, an map[analysis.Level]bleveanalysis.Analyzer) {
	for _, l := range r.levels {
		opts := stemOptions
		if r.noTV {
			opts &^= bleveindex.IncludeTermVectors
		}
		if l != analysis.Stem {
			opts = bleveindex.IndexField
			if r.subTV {
				opts |= bleveindex.IncludeTermVectors
			}
		}
		if l == analysis.Vocal && r.vocal == "harakat" && !hasHarakat(v) {
			continue
		}
		doc.AddField(document.NewTextFieldCustom(fieldName(name, l), nil, []byte(v), opts, an[l]))
	}
}

// hasHarakat reports whether s holds an Arabic diacritic (U+064B–U+0652,
// U+0670 dagger alef).
func hasHarakat(s string) bool {
	for _, c := range s {
		if c >= 0x064B && c <= 0x0652 || c == 0x0670 {
			return true
		}
	}
	return false
}

func dirSize(b *testing.B, dir string) int64 {
	var n int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err == nil {
			n += info.Size()
		}
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	return n
}

// eachJSONLine decodes every non-blank line of data as a T and calls fn.
func eachJSONLine[T any](b *testing.B, data []byte, fn func(T)) {
	b.Helper()
	br := bufio.NewReader(bytes.NewReader(data))
	for {
		line, err := br.ReadBytes('\n')
		if len(bytes.TrimSpace(line)) > 0 {
			var d T
			if err := json.Unmarshal(line, &d); err != nil {
				b.Fatal(err)
			}
			fn(d)
		}
		if err != nil {
			return
		}
	}
}

// newsReprDoc is the bleve document of news article d indexed as r says.
func newsReprDoc(d map[string]string, r repr, an map[analysis.Level]bleveanalysis.Analyzer, kw bleveanalysis.Analyzer) *document.Document {
	doc := document.NewDocument(d["id"])
	for _, k := range []string{"id", "source", "url", "date_extracted"} {
		doc.AddField(document.NewTextFieldCustom(k, nil, []byte(d[k]), keywordOptions, kw))
	}
	for _, k := range []string{"title", "text"} {
		addRepr(doc, k, d[k], r, an)
	}
	return doc
}

// flushBatch writes batch, if it holds anything, and empties it.
func flushBatch(b *testing.B, bi bleve.Index, batch *bleve.Batch) {
	b.Helper()
	if batch.Size() == 0 {
		return
	}
	if err := bi.Batch(batch); err != nil {
		b.Fatal(err)
	}
	batch.Reset()
}

// benchAnalyzers looks up the registered analyzers of levels and bleve's
// keyword analyzer.
func benchAnalyzers(b *testing.B, levels []analysis.Level) (map[analysis.Level]bleveanalysis.Analyzer, bleveanalysis.Analyzer) {
	b.Helper()
	cache := registry.NewCache()
	an := map[analysis.Level]bleveanalysis.Analyzer{}
	for _, l := range levels {
		a, err := cache.AnalyzerNamed(analysis.AnalyzerName(l))
		if err != nil {
			b.Fatal(err)
		}
		an[l] = a
	}
	kw, err := cache.AnalyzerNamed("keyword")
	if err != nil {
		b.Fatal(err)
	}
	return an, kw
}
