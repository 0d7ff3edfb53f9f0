package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/fahras/fahras/index"
)

func TestEval(t *testing.T) {
	dir := buildSearchIndex(t)
	runFile := filepath.Join(t.TempDir(), "run.txt")
	args := []string{"eval", "-index", dir,
		"-queries", filepath.Join(searchFixtures, "queries.tsv"),
		"-qrels", filepath.Join(searchFixtures, "qrels.txt"),
		"-run", runFile, "-k", "5", "-json"}
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), args, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("fahras %q = exit %d: %s", args, code, stderr.String())
	}
	var m index.Metrics
	if err := json.Unmarshal(stdout.Bytes(), &m); err != nil {
		t.Fatalf("output %q: %v", stdout.String(), err)
	}
	if m.Queries != 5 {
		t.Errorf("queries = %d, want 5", m.Queries)
	}
	// Regression guard on a hand-judged fixture: the relevant document is
	// at rank 1 for (nearly) every query.
	if m.MRR10 < 0.9 || m.NDCG10 < 0.9 || m.Recall100 < 1 {
		t.Errorf("metrics %+v, want MRR@10 and nDCG@10 ≥ 0.9, Recall@100 1", m)
	}

	data, err := os.ReadFile(runFile)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if len(lines) == 0 || !strings.HasPrefix(lines[0], "q1 Q0 d09 1 ") || !strings.HasSuffix(lines[0], " fahras") {
		t.Fatalf("run file starts %q, want \"q1 Q0 d09 1 <score> fahras\"", lines[0])
	}
	perQuery := map[string]int{}
	for _, l := range lines {
		f := strings.Fields(l)
		if len(f) != 6 || f[1] != "Q0" || f[5] != "fahras" {
			t.Fatalf("run line %q, want qid Q0 docid rank score fahras", l)
		}
		perQuery[f[0]]++
		if rank, err := strconv.Atoi(f[3]); err != nil || rank != perQuery[f[0]] {
			t.Errorf("run line %q: rank %s, want %d", l, f[3], perQuery[f[0]])
		}
	}
	for q, n := range perQuery {
		if n > 5 {
			t.Errorf("query %s has %d lines, want at most -k 5", q, n)
		}
	}
}

func TestEvalText(t *testing.T) {
	dir := buildSearchIndex(t)
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"eval", "-index", dir,
		"-queries", filepath.Join(searchFixtures, "queries.tsv"),
		"-qrels", filepath.Join(searchFixtures, "qrels.txt")}, nil, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	for _, want := range []string{"queries     5\n", "MAP ", "nDCG@10 ", "MRR@10 ", "P@10 ", "Recall@100 "} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, stdout.String())
		}
	}
}

// TestEvalFeedback: -feedback reaches the searches (the run differs) and
// keeps the fixture's relevant documents on top.
func TestEvalFeedback(t *testing.T) {
	dir := buildSearchIndex(t)
	runs := map[bool]string{}
	for _, fb := range []bool{false, true} {
		runFile := filepath.Join(t.TempDir(), "run.txt")
		args := []string{"eval", "-index", dir,
			"-queries", filepath.Join(searchFixtures, "queries.tsv"),
			"-qrels", filepath.Join(searchFixtures, "qrels.txt"), "-run", runFile, "-json"}
		if fb {
			args = append(args, "-feedback")
		}
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), args, nil, &stdout, &stderr); code != 0 {
			t.Fatalf("fahras %q = exit %d: %s", args, code, stderr.String())
		}
		var m index.Metrics
		if err := json.Unmarshal(stdout.Bytes(), &m); err != nil {
			t.Fatalf("output %q: %v", stdout.String(), err)
		}
		if m.MRR10 < 0.9 {
			t.Errorf("feedback %v: MRR@10 %.3f, want ≥ 0.9", fb, m.MRR10)
		}
		data, err := os.ReadFile(runFile)
		if err != nil {
			t.Fatal(err)
		}
		runs[fb] = string(data)
	}
	if runs[false] == runs[true] {
		t.Error("the run with -feedback is the run without it")
	}
}

func TestEvalErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.tsv")
	if err := os.WriteFile(bad, []byte("q1\tok\nno tab\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	qrels := filepath.Join(searchFixtures, "qrels.txt")
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"missing flags", []string{"eval", "-index", dir}, 2, "-index, -queries and -qrels are required"},
		{"bad k", []string{"eval", "-index", dir, "-queries", bad, "-qrels", qrels, "-k", "0"}, 2, "-k 0"},
		{"bad queries file", []string{"eval", "-index", dir, "-queries", bad, "-qrels", qrels}, 1, "bad.tsv: queries line 2"},
		{"missing qrels", []string{"eval", "-index", dir, "-queries", filepath.Join(searchFixtures, "queries.tsv"), "-qrels", filepath.Join(dir, "none")}, 1, "no such file"},
		{"missing index", []string{"eval", "-index", filepath.Join(dir, "none"), "-queries", filepath.Join(searchFixtures, "queries.tsv"), "-qrels", qrels}, 1, "not found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), tt.args, nil, &stdout, &stderr)
			if code != tt.code || !strings.Contains(stderr.String(), tt.stderr) {
				t.Errorf("fahras %q = exit %d, stderr %q; want exit %d containing %q", tt.args, code, stderr.String(), tt.code, tt.stderr)
			}
		})
	}
}

// TestEvalBadQueries: one query with bad syntax does not stop fahras
// eval: it is reported on stderr with its id and scored as an empty run;
// doubled quotes (an empty phrase) are no error; with -lenient the bad
// query is read as plain text.
func TestEvalBadQueries(t *testing.T) {
	dir := buildSearchIndex(t)
	eval := func(extra ...string) (index.Metrics, string) {
		t.Helper()
		args := append([]string{"eval", "-index", dir, "-json", "-k", "10",
			"-queries", filepath.Join(badDir, "eval_queries.tsv"), "-qrels", filepath.Join(badDir, "eval_qrels.txt")}, extra...)
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), args, nil, &stdout, &stderr); code != 0 {
			t.Fatalf("fahras %q = exit %d: %s", args, code, stderr.String())
		}
		var m index.Metrics
		if err := json.Unmarshal(stdout.Bytes(), &m); err != nil {
			t.Fatalf("output %q: %v", stdout.String(), err)
		}
		return m, stderr.String()
	}
	m, stderr := eval()
	if want := `fahras eval: query q2: invalid query at character 1: unterminated phrase: expected a closing " (scored as an empty run)`; !strings.Contains(stderr, want) {
		t.Errorf("stderr lacks %q:\n%s", want, stderr)
	}
	if !strings.Contains(stderr, "1 of 3 queries failed") || strings.Contains(stderr, "query q1") {
		t.Errorf("stderr should report q2 alone:\n%s", stderr)
	}
	// q1 and q3 find their document first; q2 counts as zero.
	if m.Queries != 3 || m.MRR10 < 0.66 || m.MRR10 > 0.67 {
		t.Errorf("metrics %+v, want 3 queries and MRR@10 2/3", m)
	}
	m, stderr = eval("-lenient")
	if strings.Contains(stderr, "failed") || m.MRR10 < 0.99 {
		t.Errorf("-lenient: metrics %+v, stderr:\n%s", m, stderr)
	}
}
