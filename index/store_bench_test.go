package index

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/blevesearch/bleve/v2/document"
)

// BenchmarkAnalyzeValue analyzes the texts of the first FAHRAS_BENCH_DOCS
// news articles (default 2000) as a
// bulk load does (the stem, exact and vocal fields of each), one pass for
// stem and exact and the marked words only for vocal ("one pass"), against
// the three analyzers run on the whole value ("three analyzers"):
//
//	go test ./index/ -run '^$' -bench AnalyzeValue -benchtime 5x
func BenchmarkAnalyzeValue(b *testing.B) {
	data, _ := loadNews(b)
	var docs [][]byte
	for _, line := range bytes.Split(data, []byte("\n")) {
		var d struct{ Text string }
		if json.Unmarshal(line, &d) == nil && d.Text != "" {
			docs = append(docs, []byte(d.Text))
		}
	}
	ix := mustCreate(b, Schema{})
	f := Field{Name: "text", Type: Text, Search: true}
	size := 0
	for _, d := range docs {
		size += len(d)
	}
	for _, onePass := range []bool{false, true} {
		name := "three analyzers"
		if onePass {
			name = "one pass"
		}
		b.Run(name, func(b *testing.B) {
			pair := ix.pair
			if !onePass {
				ix.pair = nil
			}
			defer func() { ix.pair = pair }()
			b.SetBytes(int64(size))
			b.ReportAllocs()
			for b.Loop() {
				for _, d := range docs {
					doc := document.NewDocument("d")
					ix.addString(doc, f, nil, d)
					for _, fl := range doc.Fields {
						fl.Analyze()
					}
				}
			}
		})
	}
}
