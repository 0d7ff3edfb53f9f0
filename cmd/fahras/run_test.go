package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRunDispatch(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		wantCode   int
		wantStdout string
		wantStderr string
	}{
		{"no command prints usage", nil, 2, "Usage:", ""},
		{"help", []string{"help"}, 0, "fahras serve", ""},
		{"-h", []string{"-h"}, 0, "Usage:", ""},
		{"unknown command", []string{"frobnicate"}, 2, "", `unknown command "frobnicate"`},
		{"command help exits 0", []string{"analyze", "-h"}, 0, "", "Usage: fahras analyze"},
		{"bad flag exits 2", []string{"analyze", "-nope"}, 2, "", "flag provided but not defined"},
		{"runtime error exits 1", []string{"search", "-index", "/nonexistent/fahras-index", "كتاب"}, 1, "", "fahras search:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), tt.args, strings.NewReader(""), &stdout, &stderr)
			if code != tt.wantCode {
				t.Errorf("exit %d, want %d (stderr %q)", code, tt.wantCode, stderr.String())
			}
			if !strings.Contains(stdout.String(), tt.wantStdout) {
				t.Errorf("stdout %q does not contain %q", stdout.String(), tt.wantStdout)
			}
			if !strings.Contains(stderr.String(), tt.wantStderr) {
				t.Errorf("stderr %q does not contain %q", stderr.String(), tt.wantStderr)
			}
		})
	}
}

// TestWarnsOfAnotherAnalyzer: an index built by an analyzer that analyzes
// differently is reported by every command that opens it.
func TestWarnsOfAnotherAnalyzer(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ix")
	ctx := context.Background()
	var stdout, stderr bytes.Buffer
	if code := run(ctx, []string{"index", "-index", dir, "../../testdata/relevance/docs.jsonl"}, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("fahras index: exit %d: %s", code, stderr.String())
	}
	if strings.Contains(stderr.String(), "warning") {
		t.Fatalf("fresh index: unexpected warning %q", stderr.String())
	}
	if err := os.WriteFile(filepath.Join(dir, "fahras-analysis"), []byte("an older analyzer\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"search", "-index", dir, "مكتبة"},
		{"index", "-index", dir, "../../testdata/relevance/docs.jsonl"},
		{"eval", "-index", dir, "-queries", "../../testdata/relevance/queries.tsv", "-qrels", "../../testdata/relevance/qrels.txt"},
	} {
		stdout.Reset()
		stderr.Reset()
		code := run(ctx, args, nil, &stdout, &stderr)
		if code != 0 {
			t.Errorf("fahras %s: exit %d: %s", args[0], code, stderr.String())
		}
		if !strings.Contains(stderr.String(), "another version of the analyzer") {
			t.Errorf("fahras %s: no warning about the analyzer in %q", args[0], stderr.String())
		}
	}
}
