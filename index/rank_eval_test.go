package index

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// Relevance measurements inside the package, so that ranking variants can
// be compared on one index without rebuilding it. The CLI yardstick in
// cmd/fahras measures the defaults the same way.

// xquadDir is the judged collection beside the project, absent on a
// user's clone.
const xquadDir = "../../shared/corpora/xquad-r-ar"

// relevanceDir is the hand-judged fixture.
const relevanceDir = "../testdata/relevance"

// collection is a judged collection: documents, queries and judgments.
type collection struct {
	name, docs, schema string
	queries            []EvalQuery
	qrels              Qrels
}

func xquadCollection(t testing.TB) collection {
	t.Helper()
	docs := filepath.Join(xquadDir, "docs.jsonl")
	if _, err := os.Stat(docs); err != nil {
		t.Skipf("XQuAD-R not available (%v)", err)
	}
	return readCollection(t, "xquad-r-ar", docs,
		`{"fields": [{"name": "text", "type": "text", "search": true}, {"name": "title", "type": "keyword"}]}`,
		filepath.Join(xquadDir, "queries.tsv"), filepath.Join(xquadDir, "qrels.txt"))
}

// xquadParagraphs is the paragraph-level variant of XQuAD-R: 240 longer
// documents, the same questions.
func xquadParagraphs(t testing.TB) collection {
	t.Helper()
	docs := filepath.Join(xquadDir, "docs_paragraphs.jsonl")
	if _, err := os.Stat(docs); err != nil {
		t.Skipf("XQuAD-R not available (%v)", err)
	}
	return readCollection(t, "xquad-r-ar-paragraphs", docs,
		`{"fields": [{"name": "text", "type": "text", "search": true}, {"name": "title", "type": "keyword"}]}`,
		filepath.Join(xquadDir, "queries.tsv"), filepath.Join(xquadDir, "qrels_paragraphs.txt"))
}

func fixtureCollection(t testing.TB) collection {
	t.Helper()
	schema, err := os.ReadFile(filepath.Join(relevanceDir, "schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	return readCollection(t, "fixture", filepath.Join(relevanceDir, "docs.jsonl"), string(schema),
		filepath.Join(relevanceDir, "queries.tsv"), filepath.Join(relevanceDir, "qrels.txt"))
}

func readCollection(t testing.TB, name, docs, schema, queries, qrels string) collection {
	t.Helper()
	c := collection{name: name, docs: docs, schema: schema}
	f, err := os.Open(queries)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if c.queries, err = ReadQueries(f); err != nil {
		t.Fatal(err)
	}
	g, err := os.Open(qrels)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	if c.qrels, err = ReadQrels(g); err != nil {
		t.Fatal(err)
	}
	return c
}

// build indexes c into a temporary folder.
func (c collection) build(t testing.TB) *Index {
	t.Helper()
	s, err := ParseSchema([]byte(c.schema))
	if err != nil {
		t.Fatal(err)
	}
	ix, err := Create(filepath.Join(t.TempDir(), "ix"), s)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	src, err := FileSource(c.docs, "", -1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Bulk(context.Background(), []Source{src}, BulkOptions{}); err != nil {
		t.Fatal(err)
	}
	return ix
}

// evaluate runs the queries of c on ix with ranking r.
func (c collection) evaluate(t testing.TB, ix *Index, r rankParams) Metrics {
	t.Helper()
	return Evaluate(c.qrels, c.run(t, ix, r))
}

// run is evaluate's run.
func (c collection) run(t testing.TB, ix *Index, r rankParams) map[string][]Ranked {
	t.Helper()
	run := make(map[string][]Ranked, len(c.queries))
	for _, q := range c.queries {
		res, err := ix.search(context.Background(), Request{Query: q.Text, Size: 100, Highlight: &HighlightOptions{Disabled: true}}, r)
		if err != nil {
			t.Fatalf("query %s: %v", q.ID, err)
		}
		docs := make([]Ranked, len(res.Hits))
		for i, h := range res.Hits {
			docs[i] = Ranked{ID: h.ID, Score: h.Score}
		}
		run[q.ID] = docs
	}
	return run
}
