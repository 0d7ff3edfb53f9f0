package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// TestIndexCompacts: a load ends with one segment file (and says so);
// -compact=false skips it.
func TestIndexCompacts(t *testing.T) {
	tests := []struct {
		name    string
		flags   []string
		compact bool
	}{
		{"default", nil, true},
		{"off", []string{"-compact=false"}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "books")
			// Small batches: several segments before compaction.
			args := append([]string{"index", "-index", dir, "-batch", "2", "-workers", "2"}, tc.flags...)
			args = append(args, filepath.Join("..", "..", "testdata", "index", "books.jsonl"), filepath.Join("..", "..", "testdata", "index", "books.csv"))
			var stdout, stderr bytes.Buffer
			if code := run(context.Background(), args, nil, &stdout, &stderr); code != 0 {
				t.Fatalf("exit %d: %s", code, stderr.String())
			}
			if got := strings.Contains(stderr.String(), "compacted in"); got != tc.compact {
				t.Errorf("stderr %q: compacted %v, want %v", stderr.String(), got, tc.compact)
			}
			segs, err := filepath.Glob(filepath.Join(dir, "store", "*.zap"))
			if err != nil {
				t.Fatal(err)
			}
			if tc.compact && len(segs) != 1 {
				t.Errorf("%d segment files after a compacted load, want 1: %v", len(segs), segs)
			}
			var out bytes.Buffer
			if code := run(context.Background(), []string{"search", "-index", dir, "-json", "الكتاب"}, nil, &out, &stderr); code != 0 || !strings.Contains(out.String(), `"hits":[{`) {
				t.Errorf("search after the load: exit %d, %s", code, out.String())
			}
		})
	}
}

// TestCompactCommand: fahras compact merges an index loaded without
// compaction into one segment, keeps its documents and says so.
func TestCompactCommand(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "books")
	args := []string{"index", "-index", dir, "-batch", "1", "-workers", "1", "-compact=false",
		filepath.Join("..", "..", "testdata", "index", "books.jsonl"), filepath.Join("..", "..", "testdata", "index", "books.csv")}
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), args, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	stdout.Reset()
	if code := run(context.Background(), []string{"compact", "-index", dir}, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("fahras compact: exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "documents,") || !strings.Contains(stdout.String(), "MB ->") {
		t.Errorf("fahras compact printed %q, want the count and the sizes", stdout.String())
	}
	segs, err := filepath.Glob(filepath.Join(dir, "store", "*.zap"))
	if err != nil || len(segs) != 1 {
		t.Errorf("segment files after fahras compact: %v (%v), want one", segs, err)
	}
	for _, tc := range []struct {
		args []string
		code int
	}{
		{[]string{"compact"}, 2},
		{[]string{"compact", "-index", dir, "extra"}, 2},
		{[]string{"compact", "-index", filepath.Join(t.TempDir(), "none")}, 1},
	} {
		if code := run(context.Background(), tc.args, nil, &stdout, &stderr); code != tc.code {
			t.Errorf("fahras %q: exit %d, want %d", tc.args, code, tc.code)
		}
	}
}
