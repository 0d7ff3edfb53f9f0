package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/fahras/fahras/internal/vocalize"
)

// Relevance checks through the CLI (fahras index + fahras eval), on the
// hand-judged fixture in testdata/relevance and, when ../shared is present,
// on XQuAD-R Arabic.

const relevanceDir = "../../testdata/relevance"

type evalMetrics struct {
	Queries int     `json:"queries"`
	MAP     float64 `json:"map"`
	NDCG10  float64 `json:"ndcg@10"`
	MRR10   float64 `json:"mrr@10"`
	R100    float64 `json:"recall@100"`
}

// evalCollection indexes docs with schema (may be "") and evaluates
// queries against qrels, all through the command line.
func evalCollection(t *testing.T, docs, schema, queries, qrels string) evalMetrics {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "ix")
	args := []string{"index", "-index", dir}
	if schema != "" {
		args = append(args, "-schema", schema)
	}
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), append(args, docs), nil, &stdout, &stderr); code != 0 {
		t.Fatalf("fahras index: exit %d: %s", code, stderr.String())
	}
	stdout.Reset()
	stderr.Reset()
	code := run(context.Background(), []string{"eval", "-json", "-index", dir, "-queries", queries, "-qrels", qrels}, nil, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("fahras eval: exit %d: %s", code, stderr.String())
	}
	var m evalMetrics
	if err := json.Unmarshal(stdout.Bytes(), &m); err != nil {
		t.Fatalf("fahras eval -json: %v: %q", err, stdout.String())
	}
	return m
}

// TestRelevanceRegression fails when a change lowers nDCG@10 on the judged
// fixture. After an improvement, record it with -update.
func TestRelevanceRegression(t *testing.T) {
	m := evalCollection(t, filepath.Join(relevanceDir, "docs.jsonl"), filepath.Join(relevanceDir, "schema.json"),
		filepath.Join(relevanceDir, "queries.tsv"), filepath.Join(relevanceDir, "qrels.txt"))
	t.Logf("fixture: nDCG@10 %.4f  MRR@10 %.4f  MAP %.4f  R@100 %.4f", m.NDCG10, m.MRR10, m.MAP, m.R100)
	basePath := filepath.Join(relevanceDir, "baseline.json")
	if *update {
		b, _ := json.MarshalIndent(m, "", "  ")
		if err := os.WriteFile(basePath, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	b, err := os.ReadFile(basePath)
	if err != nil {
		t.Fatal(err)
	}
	var base evalMetrics
	if err := json.Unmarshal(b, &base); err != nil {
		t.Fatal(err)
	}
	if m.Queries != base.Queries {
		t.Fatalf("evaluated %d queries, baseline has %d: fixture changed? run with -update", m.Queries, base.Queries)
	}
	if m.NDCG10 < base.NDCG10-1e-4 {
		t.Errorf("nDCG@10 fell from %.4f to %.4f on the judged fixture", base.NDCG10, m.NDCG10)
	}
	if m.NDCG10 > base.NDCG10+1e-4 {
		t.Logf("nDCG@10 rose from %.4f to %.4f: record it with go test ./cmd/fahras -run Relevance -update", base.NDCG10, m.NDCG10)
	}
}

// diacritize writes vocalized copies of a JSON Lines collection and a
// queries TSV into a temporary folder.
func diacritize(t *testing.T, docs, queries string) (string, string) {
	t.Helper()
	f, err := os.Open("../../testdata/quran/verses.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	v, err := vocalize.Learn(f)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	out := [2]string{filepath.Join(dir, "docs.jsonl"), filepath.Join(dir, "queries.tsv")}
	for i, in := range []string{docs, queries} {
		b, err := os.ReadFile(in)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(out[i], []byte(v.Text(string(b))), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return out[0], out[1]
}

// checkDiacriticsRobust compares plain retrieval with fully diacritized
// documents and, separately, diacritized queries: each must score within
// 1% of the plain nDCG@10.
func checkDiacriticsRobust(t *testing.T, docs, schema, queries, qrels string) {
	vdocs, vqueries := diacritize(t, docs, queries)
	plain := evalCollection(t, docs, schema, queries, qrels)
	cases := []struct {
		name          string
		docs, queries string
	}{
		{"diacritized documents", vdocs, queries},
		{"diacritized queries", docs, vqueries},
	}
	for _, c := range cases {
		m := evalCollection(t, c.docs, schema, c.queries, qrels)
		rel := (m.NDCG10 - plain.NDCG10) / plain.NDCG10
		t.Logf("%s: nDCG@10 %.4f vs plain %.4f (%+.2f%%), R@100 %.4f vs %.4f", c.name, m.NDCG10, plain.NDCG10, 100*rel, m.R100, plain.R100)
		if math.Abs(rel) > 0.01 {
			t.Errorf("%s: nDCG@10 %.4f is not within 1%% of plain %.4f", c.name, m.NDCG10, plain.NDCG10)
		}
	}
}

func TestDiacriticsRobustFixture(t *testing.T) {
	checkDiacriticsRobust(t, filepath.Join(relevanceDir, "docs.jsonl"), filepath.Join(relevanceDir, "schema.json"),
		filepath.Join(relevanceDir, "queries.tsv"), filepath.Join(relevanceDir, "qrels.txt"))
}

// xquadDir is the judged collection beside the project, absent on a
// user's clone.
const xquadDir = "../../../shared/corpora/xquad-r-ar"

// xquadSchema searches the Arabic text only: the title is an English slug.
const xquadSchema = `{"fields": [{"name": "text", "type": "text", "search": true}, {"name": "title", "type": "keyword"}]}`

func xquad(t *testing.T) (docs, schema, queries, qrels string) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(xquadDir, "docs.jsonl")); err != nil {
		t.Skipf("XQuAD-R not available (%v)", err)
	}
	schema = filepath.Join(t.TempDir(), "schema.json")
	if err := os.WriteFile(schema, []byte(xquadSchema), 0o644); err != nil {
		t.Fatal(err)
	}
	return filepath.Join(xquadDir, "docs.jsonl"), schema, filepath.Join(xquadDir, "queries.tsv"), filepath.Join(xquadDir, "qrels.txt")
}

func TestDiacriticsRobustXQuAD(t *testing.T) {
	if testing.Short() {
		t.Skip("indexes XQuAD-R three times")
	}
	docs, schema, queries, qrels := xquad(t)
	checkDiacriticsRobust(t, docs, schema, queries, qrels)
}

// TestXQuADYardstick prints the XQuAD-R figures (sentence level); it fails
// if they fall below the targets of issue 5 (nDCG@10 0.81, Recall@100
// 0.96; the best peer, bleve ar + BM25, has 0.770 and 0.943).
func TestXQuADYardstick(t *testing.T) {
	docs, schema, queries, qrels := xquad(t)
	m := evalCollection(t, docs, schema, queries, qrels)
	t.Logf("XQuAD-R ar: %s", fmt.Sprintf("nDCG@10 %.4f  MRR@10 %.4f  MAP %.4f  R@100 %.4f", m.NDCG10, m.MRR10, m.MAP, m.R100))
	if m.NDCG10 < 0.81 || m.R100 < 0.96 {
		t.Errorf("below the targets (nDCG@10 0.81, R@100 0.96; docs/relevance.md)")
	}
}
