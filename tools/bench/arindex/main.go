// Command arindex is the bulk-indexing baseline of tools/bench/bulk.sh: it
// indexes a JSON Lines file (gzipped or not) with bleve's built-in "ar"
// analyzer, storing every field and keeping term vectors on the text
// fields, as fahras does, in batches of -batch documents.
//
//	go run ./tools/bench/arindex -index DIR -text title,text FILE
//
// Fields named by -text are Arabic text; every other string field is a
// keyword. It prints the number of documents indexed.
package main

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/ar"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "arindex:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("arindex", flag.ContinueOnError)
	dir := fs.String("index", "", "index `folder` to create")
	text := fs.String("text", "title,text", "comma-separated Arabic text `fields`")
	keywords := fs.String("keywords", "source,url,date_extracted", "comma-separated keyword `fields`")
	batchSize := fs.Int("batch", 1000, "documents per batch")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dir == "" || fs.NArg() != 1 {
		return fmt.Errorf("usage: arindex -index DIR FILE")
	}
	ix, err := bleve.NewUsing(*dir, newMapping(split(*text), split(*keywords)), scorch.Name, scorch.Name, nil)
	if err != nil {
		return fmt.Errorf("create %s: %w", *dir, err)
	}
	n, err := indexFile(ix, fs.Arg(0), *batchSize)
	if cerr := ix.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d documents\n", n)
	return nil
}

func split(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// newMapping stores every field; text fields get the ar analyzer and term
// vectors, keyword fields (and id) doc values.
func newMapping(text, keywords []string) mapping.IndexMapping {
	m := bleve.NewIndexMapping()
	m.DefaultMapping.Dynamic = false
	for _, f := range text {
		fm := mapping.NewTextFieldMapping()
		fm.Analyzer = ar.AnalyzerName
		fm.IncludeTermVectors = true
		fm.Store = true
		fm.IncludeInAll = false
		m.DefaultMapping.AddFieldMappingsAt(f, fm)
	}
	for _, f := range append([]string{"id"}, keywords...) {
		fm := mapping.NewKeywordFieldMapping()
		fm.Analyzer = keyword.Name
		fm.DocValues = true
		fm.Store = true
		fm.IncludeInAll = false
		m.DefaultMapping.AddFieldMappingsAt(f, fm)
	}
	return m
}

func indexFile(ix bleve.Index, path string, batchSize int) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		z, err := gzip.NewReader(f)
		if err != nil {
			return 0, fmt.Errorf("%s: %w", path, err)
		}
		r = z
	}
	br := bufio.NewReaderSize(r, 1<<20)
	batch := ix.NewBatch()
	n, line := 0, 0
	for {
		b, rerr := br.ReadBytes('\n')
		line++
		if len(strings.TrimSpace(string(b))) > 0 {
			var d map[string]any
			if err := json.Unmarshal(b, &d); err != nil {
				return n, fmt.Errorf("%s:%d: %w", path, line, err)
			}
			id, _ := d["id"].(string)
			if id == "" {
				return n, fmt.Errorf("%s:%d: no string id", path, line)
			}
			if err := batch.Index(id, d); err != nil {
				return n, fmt.Errorf("%s:%d: %w", path, line, err)
			}
			n++
		}
		if batch.Size() >= batchSize || rerr != nil && batch.Size() > 0 {
			if err := ix.Batch(batch); err != nil {
				return n, err
			}
			batch.Reset()
		}
		if rerr == io.EOF {
			return n, nil
		}
		if rerr != nil {
			return n, fmt.Errorf("%s: %w", path, rerr)
		}
	}
}
