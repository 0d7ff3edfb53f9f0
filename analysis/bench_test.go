package analysis_test

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"os"
	"runtime"
	"testing"

	bleveanalysis "github.com/blevesearch/bleve/v2/analysis"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/ar" // bleve's built-in "ar" analyzer, for comparison
	"github.com/blevesearch/bleve/v2/registry"

	"github.com/fahras/fahras/analysis"
)

// BenchmarkAnalyze compares our analyzers with bleve's built-in ar analyzer
// on real text, one field per document:
//
//	go test ./analysis/ -run '^$' -bench Analyze -benchtime 20x
//
// quran is the diacritized Uthmani Qur'an (testdata, one verse per field);
// news is the first 2 MB of SaudiNewsNet article text (skipped when
// ../shared/corpora is absent). MB/s is input bytes; allocs/field counts
// allocations per analyzed field.
func BenchmarkAnalyze(b *testing.B) {
	corpora := []struct {
		name string
		docs [][]byte
	}{
		{"quran", quranDocs(b)},
		{"news", newsDocs(b, 2<<20)},
	}
	cache := registry.NewCache()
	analyzers := []string{
		analysis.AnalyzerName(analysis.Stem),
		analysis.AnalyzerName(analysis.Exact),
		analysis.AnalyzerName(analysis.Vocal),
		"ar",
	}
	for _, c := range corpora {
		for _, name := range analyzers {
			b.Run(c.name+"/"+name, func(b *testing.B) {
				if c.docs == nil {
					b.Skip("corpus not available")
				}
				a, err := cache.AnalyzerNamed(name)
				if err != nil {
					b.Fatalf("analyzer %s: %v", name, err)
				}
				benchDocs(b, a, c.docs)
			})
		}
	}
}

func benchDocs(b *testing.B, a bleveanalysis.Analyzer, docs [][]byte) {
	size := 0
	for _, d := range docs {
		size += len(d)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	n := 0
	for b.Loop() {
		for _, d := range docs {
			a.Analyze(d)
		}
		n++
	}
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/float64(n*len(docs)), "allocs/field")
}

func quranDocs(tb testing.TB) [][]byte {
	f, err := os.Open("../testdata/quran/verses.jsonl")
	if err != nil {
		tb.Fatalf("open Qur'an fixture: %v", err)
	}
	defer f.Close()
	return readDocs(tb, f, 0)
}

// newsDocs reads article texts from the SaudiNewsNet corpus until limit
// bytes, or returns nil when the corpus is absent.
func newsDocs(tb testing.TB, limit int) [][]byte {
	f, err := os.Open("../../shared/corpora/saudinewsnet/docs.jsonl.gz")
	if err != nil {
		f, err = os.Open("../../shared/corpora/saudinewsnet/docs.jsonl.gz")
	}
	if err != nil {
		return nil
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		tb.Fatalf("news corpus: %v", err)
	}
	return readDocs(tb, z, limit)
}

// readDocs reads the "text" of JSON lines, up to limit bytes (0: all).
func readDocs(tb testing.TB, r interface{ Read([]byte) (int, error) }, limit int) [][]byte {
	var docs [][]byte
	total := 0
	dec := json.NewDecoder(bufio.NewReader(r))
	for limit == 0 || total < limit {
		var d struct{ Text string }
		if err := dec.Decode(&d); err != nil {
			break
		}
		if d.Text == "" {
			continue
		}
		docs = append(docs, []byte(d.Text))
		total += len(d.Text)
	}
	if len(docs) == 0 {
		tb.Fatal("no documents read")
	}
	return docs
}

// BenchmarkPair compares the Stem and Exact analyzers run one after the
// other (what each indexed text value needed) with their one-pass
// analysis.Pair:
//
//	go test ./analysis/ -run '^$' -bench Pair -benchtime 20x
func BenchmarkPair(b *testing.B) {
	cache := registry.NewCache()
	stem, err := cache.AnalyzerNamed(analysis.AnalyzerName(analysis.Stem))
	if err != nil {
		b.Fatal(err)
	}
	exact, err := cache.AnalyzerNamed(analysis.AnalyzerName(analysis.Exact))
	if err != nil {
		b.Fatal(err)
	}
	pair, ok := analysis.NewPair(stem, exact)
	if !ok {
		b.Fatal("no one-pass analysis of the registered analyzers")
	}
	for _, c := range []struct {
		name string
		docs [][]byte
	}{{"quran", quranDocs(b)}, {"news", newsDocs(b, 2<<20)}} {
		b.Run(c.name+"/two-passes", func(b *testing.B) {
			if c.docs == nil {
				b.Skip("corpus not available")
			}
			benchDocs(b, twoPasses{stem, exact}, c.docs)
		})
		b.Run(c.name+"/pair", func(b *testing.B) {
			if c.docs == nil {
				b.Skip("corpus not available")
			}
			benchDocs(b, pairAnalyzer{pair}, c.docs)
		})
	}
}

type twoPasses struct{ stem, exact bleveanalysis.Analyzer }

func (t twoPasses) Analyze(d []byte) bleveanalysis.TokenStream {
	t.stem.Analyze(d)
	return t.exact.Analyze(d)
}

type pairAnalyzer struct{ p *analysis.Pair }

func (p pairAnalyzer) Analyze(d []byte) bleveanalysis.TokenStream {
	_, e := p.p.Analyze(d)
	return e
}
