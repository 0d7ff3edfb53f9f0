package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestVersion runs "fahras version": the module version, the Go version
// and the analyzer fingerprint, which is the one "fahras index" records
// in the index it builds.
func TestVersion(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ix")
	if code, _, stderr := indexRun(t, "", "-index", dir, fixtures+"/books.jsonl"); code != 0 {
		t.Fatalf("fahras index: exit %d: %s", code, stderr)
	}
	recorded, err := os.ReadFile(filepath.Join(dir, "fahras-analysis"))
	if err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"version"}, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("fahras version: exit %d: %s", code, &stderr)
	}
	lines := map[string]string{}
	for _, l := range strings.Split(strings.TrimSpace(stdout.String()), "\n") {
		k, v, _ := strings.Cut(l, " ")
		lines[k] = v
	}
	for k, want := range map[string]string{
		"go":       runtime.Version(),
		"analyzer": strings.TrimSpace(string(recorded)),
	} {
		if lines[k] != want {
			t.Errorf("fahras version: %s %q, want %q; output:\n%s", k, lines[k], want, &stdout)
		}
	}
	if lines["fahras"] == "" {
		t.Errorf("fahras version: no module version:\n%s", &stdout)
	}
	if code := run(context.Background(), []string{"version", "extra"}, nil, &stdout, &stderr); code != 2 {
		t.Errorf("fahras version extra: exit %d, want 2", code)
	}
}
