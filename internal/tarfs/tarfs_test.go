package tarfs

import (
	"archive/tar"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRoundTrip(t *testing.T) {
	src := t.TempDir()
	files := map[string]string{
		"index_meta.json":      `{"storage":"scorch"}`,
		"store/root.bolt":      "bolt",
		"store/000000001.zap":  strings.Repeat("بسم الله ", 1000),
		"store/empty.zap":      "",
		"deep/er/still/x.json": "{}",
	}
	for name, body := range files {
		p := filepath.Join(src, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := Write(&buf, src); err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(t.TempDir(), "copy")
	if err := Extract(&buf, dst); err != nil {
		t.Fatal(err)
	}
	for name, body := range files {
		got, err := os.ReadFile(filepath.Join(dst, filepath.FromSlash(name)))
		if err != nil || string(got) != body {
			t.Errorf("%s: %d bytes, %v; want %d bytes", name, len(got), err, len(body))
		}
	}
}

func TestExtractRefuses(t *testing.T) {
	tests := []struct {
		name string
		hdr  tar.Header
	}{
		{"parent", tar.Header{Typeflag: tar.TypeReg, Name: "../evil", Size: 1}},
		{"deep parent", tar.Header{Typeflag: tar.TypeReg, Name: "store/../../evil", Size: 1}},
		{"absolute", tar.Header{Typeflag: tar.TypeReg, Name: "/tmp/evil", Size: 1}},
		{"symlink", tar.Header{Typeflag: tar.TypeSymlink, Name: "link", Linkname: "/etc/passwd"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			tw := tar.NewWriter(&buf)
			if err := tw.WriteHeader(&tt.hdr); err != nil {
				t.Fatal(err)
			}
			if tt.hdr.Size > 0 {
				tw.Write([]byte("x"))
			}
			tw.Close()
			parent := t.TempDir()
			dst := filepath.Join(parent, "in")
			if err := Extract(&buf, dst); err == nil {
				t.Fatalf("extracted %q", tt.hdr.Name)
			}
			if _, err := os.Stat(filepath.Join(parent, "evil")); err == nil {
				t.Errorf("%q was written outside the folder", tt.hdr.Name)
			}
		})
	}
}
