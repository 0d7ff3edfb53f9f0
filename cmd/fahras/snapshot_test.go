package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSnapshotRestoreCommands loads the books, writes a snapshot with
// fahras snapshot, restores it elsewhere with fahras restore (the source
// folder removed first, as on another machine) and searches the restored
// index with fahras search.
func TestSnapshotRestoreCommands(t *testing.T) {
	ctx := context.Background()
	src := filepath.Join(t.TempDir(), "books")
	exec := func(args ...string) string {
		t.Helper()
		var stdout, stderr bytes.Buffer
		if code := run(ctx, args, nil, &stdout, &stderr); code != 0 {
			t.Fatalf("fahras %q: exit %d: %s", args, code, stderr.String())
		}
		return stdout.String()
	}
	exec("index", "-index", src, filepath.Join("..", "..", "testdata", "index", "books.jsonl"))
	want := exec("search", "-index", src, "-related=false", "المكتبة")
	snap := filepath.Join(t.TempDir(), "books.tar.gz")
	if out := exec("snapshot", "-index", src, "-out", snap); !strings.Contains(out, "documents") {
		t.Errorf("fahras snapshot printed %q", out)
	}
	if err := os.RemoveAll(src); err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(t.TempDir(), "elsewhere", "books2")
	if out := exec("restore", "-in", snap, "-index", dst); !strings.Contains(out, `index "books" restored`) {
		t.Errorf("fahras restore printed %q", out)
	}
	got := exec("search", "-index", dst, "-related=false", "المكتبة")
	_, got, _ = strings.Cut(got, "\n") // after "N hits (time)"
	_, want, _ = strings.Cut(want, "\n")
	if got != want || !strings.Contains(got, "[المَكْتَبَةِ]") {
		t.Errorf("search of the restored index:\n%s\nwant, as in the original:\n%s", got, want)
	}
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"snapshot", "-index", dst}, 2, "-out FILE is required"},
		{[]string{"restore", "-in", snap}, 2, "-index DIR is required"},
		{[]string{"restore", "-in", snap, "-index", dst}, 1, "not empty"},
		{[]string{"restore", "-in", filepath.Join("..", "..", "testdata", "index", "books.jsonl"), "-index", filepath.Join(t.TempDir(), "x")}, 1, "not a snapshot"},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(ctx, tc.args, nil, &stdout, &stderr); code != tc.code || !strings.Contains(stderr.String(), tc.msg) {
			t.Errorf("fahras %q: exit %d, stderr %q; want exit %d saying %q", tc.args, code, stderr.String(), tc.code, tc.msg)
		}
	}
}
