package index

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// benchQueries is a mix of the query kinds.
var benchQueries = []string{
	"وزير الخارجية", `"نهر النيل"`, "المدرس*", "المدرسه~1", "كيف يدرس الطلاب في الجامعة",
	"الكتب -الكاتب", "الطلاب year:>=2020",
}

func BenchmarkSearch(b *testing.B) {
	ix := mustSearchIndex(b)
	ctx := context.Background()
	for _, hl := range []bool{true, false} {
		name := "highlight"
		if !hl {
			name = "no-highlight"
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				req := Request{Query: benchQueries[i%len(benchQueries)], Highlight: &HighlightOptions{Disabled: !hl}}
				if _, err := ix.Search(ctx, req); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}

// BenchmarkSearchXQuAD runs the xquad-r-ar questions against its sentences
// (../shared/corpora, skipped when absent).
func BenchmarkSearchXQuAD(b *testing.B) {
	dir := "../../shared/corpora/xquad-r-ar"
	docs, err := os.Open(filepath.Join(dir, "docs.jsonl"))
	if err != nil {
		b.Skip("xquad-r-ar not available:", err)
	}
	defer docs.Close()
	s := Schema{Fields: []Field{{Name: "text", Type: Text, Search: true}, {Name: "title", Type: Keyword}}}
	ix, err := Create(filepath.Join(b.TempDir(), "ix"), s)
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	if _, err := ix.BulkNDJSON(context.Background(), docs, "docs.jsonl", BulkOptions{}, nil); err != nil {
		b.Fatal(err)
	}
	qf, err := os.Open(filepath.Join(dir, "queries.tsv"))
	if err != nil {
		b.Fatal(err)
	}
	defer qf.Close()
	var queries []string
	sc := bufio.NewScanner(qf)
	for sc.Scan() {
		if _, q, ok := strings.Cut(sc.Text(), "\t"); ok {
			queries = append(queries, q)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		if _, err := ix.Search(context.Background(), Request{Query: queries[i%len(queries)]}); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
