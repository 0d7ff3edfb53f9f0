package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestIndexMemProfile loads the books fixture with -memprofile and checks
// that the command says where the profile of the live heap's peak is and
// that the file is a gzipped pprof heap profile.
func TestIndexMemProfile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "books")
	prof := filepath.Join(t.TempDir(), "heap.prof")
	code, _, stderr := indexRun(t, "", "-index", dir, "-memprofile", prof, "-batch-bytes", "4096", fixtures+"/books.jsonl")
	if code != 0 {
		t.Fatalf("exit status %d; stderr:\n%s", code, stderr)
	}
	if !strings.Contains(stderr, "memprofile: live heap peaked at ") || !strings.Contains(stderr, prof) {
		t.Errorf("stderr does not report the profile:\n%s", stderr)
	}
	data, err := os.ReadFile(prof)
	if err != nil {
		t.Fatal(err)
	}
	z, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("profile is not gzipped: %v", err)
	}
	raw, err := io.ReadAll(z)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(raw, []byte("inuse_space")) {
		t.Errorf("profile (%d bytes) has no inuse_space samples: not a heap profile", len(raw))
	}
}

// TestIndexBatchBytesFlag checks that -batch-bytes is validated.
func TestIndexBatchBytesFlag(t *testing.T) {
	code, _, stderr := indexRun(t, "", "-index", t.TempDir(), "-batch-bytes", "0", fixtures+"/books.jsonl")
	if code != 2 || !strings.Contains(stderr, "-batch-bytes") {
		t.Errorf("exit status %d, stderr %q; want 2 and a message naming -batch-bytes", code, stderr)
	}
}
