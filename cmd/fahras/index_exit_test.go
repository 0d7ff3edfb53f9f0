package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestIndexExitStatus runs "fahras index" through run() and checks the
// documented exit statuses: 0 all indexed, 1 some records rejected, 2 a
// failure, 130 interrupted.
func TestIndexExitStatus(t *testing.T) {
	tmp := t.TempDir()
	notDir := filepath.Join(tmp, "file")
	if err := os.WriteFile(notDir, []byte("not an index"), 0o644); err != nil {
		t.Fatal(err)
	}
	badSchema := filepath.Join(tmp, "schema.json")
	if err := os.WriteFile(badSchema, []byte(`{"fields": [{"name": "title", "type": "textt"}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	corrupt := filepath.Join(tmp, "broken.jsonl.gz")
	if err := os.WriteFile(corrupt, []byte("\x1f\x8b\x08\x00 not really gzip"), 0o644); err != nil {
		t.Fatal(err)
	}
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name string
		ctx  context.Context
		args []string
		code int
		want string
	}{
		{"all indexed", context.Background(), []string{fixtures + "/books.jsonl"}, 0, "documents indexed, 0 rejected"},
		{"some rejected", context.Background(), []string{fixtures + "/bad.jsonl"}, 1, "records rejected"},
		{"bad flag", context.Background(), []string{"-batch", "x", fixtures + "/books.jsonl"}, 2, "-batch"},
		{"unreadable input", context.Background(), []string{filepath.Join(tmp, "absent.jsonl")}, 2, "absent.jsonl"},
		{"corrupt gzip", context.Background(), []string{corrupt}, 2, "broken.jsonl.gz"},
		{"bad schema", context.Background(), []string{"-schema", badSchema, fixtures + "/books.jsonl"}, 2, "textt"},
		{"index cannot open", context.Background(), []string{"-index", notDir, fixtures + "/books.jsonl"}, 2, notDir},
		{"interrupted", canceled, []string{fixtures + "/books.jsonl"}, 130, "interrupted"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"index", "-index", filepath.Join(t.TempDir(), "ix")}, tt.args...)
			var stdout, stderr bytes.Buffer
			code := run(tt.ctx, args, strings.NewReader(""), &stdout, &stderr)
			if code != tt.code || !strings.Contains(stderr.String(), tt.want) {
				t.Errorf("fahras %s: exit %d, want %d with %q in stderr:\n%s", strings.Join(args, " "), code, tt.code, tt.want, &stderr)
			}
		})
	}
}

// TestIndexSIGINT interrupts a real "fahras index" process with SIGINT
// in the middle of a load: it exits 130, says so, and the documents it
// counted are on disk.
func TestIndexSIGINT(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a process")
	}
	dir := filepath.Join(t.TempDir(), "ix")
	// One document per batch, so the load lasts long enough to be
	// interrupted in its middle.
	cmd, stderr := fahrasProcess(t, "index", "-batch", "1", "-workers", "1", "-compact=false", "-index", dir, "../../testdata/quran/verses.jsonl")
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	for segs := []string(nil); len(segs) == 0; segs, _ = filepath.Glob(filepath.Join(dir, "store", "*.zap")) {
		select {
		case <-done:
			t.Fatalf("the load ended before it could be interrupted: %s", stderr)
		case <-time.After(20 * time.Millisecond):
		}
	}
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	<-done
	if code := cmd.ProcessState.ExitCode(); code != 130 || !strings.Contains(stderr.String(), "interrupted: the ") {
		t.Fatalf("after SIGINT: exit %d, want 130 saying interrupted:\n%s", code, stderr)
	}
	var counted uint64
	if _, err := fmt.Sscanf(stderr.String(), "%d documents indexed", &counted); err != nil {
		t.Fatalf("no count of the documents indexed: %v\n%s", err, stderr)
	}
	if n := docCount(t, dir); n == 0 || n < counted || n >= uint64(len(loadVerses(t))) {
		t.Errorf("%d documents on disk after the interruption (%d counted), want some but not all, at least those counted", n, counted)
	}
}
