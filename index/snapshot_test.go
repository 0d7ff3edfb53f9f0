package index

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
)

// snapshotWords are the texts of the documents written during a snapshot.
var snapshotWords = []string{"قرأ الطالب الكتاب في المكتبة", "وصل وزير الخارجية إلى القاهرة", "ٱلۡحَمۡدُ لِلَّهِ رَبِّ ٱلۡعَٰلَمِينَ"}

// TestSnapshotDuringWrites writes documents one by one in a goroutine while
// a snapshot is taken, then restores it into another folder: the restored
// index opens, holds a prefix of the writes (every one up to some point,
// none after it), searches Arabic text, and keeps the synonyms. With and
// without shards: the copy readers of every shard are taken at one instant.
func TestSnapshotDuringWrites(t *testing.T) {
	for _, shards := range []int{1, 3} {
		t.Run(fmt.Sprintf("shards=%d", shards), func(t *testing.T) {
			ix := mustCreate(t, Schema{Shards: shards})
			ctx := context.Background()
			if err := ix.SetSynonyms([][]string{{"سيارة", "موتر"}}); err != nil {
				t.Fatal(err)
			}
			put := func(i int) error {
				_, err := ix.Put(ctx, Document{"id": strconv.Itoa(i), "n": i, "text": snapshotWords[i%len(snapshotWords)]})
				return err
			}
			for i := 1; i <= 20; i++ {
				if err := put(i); err != nil {
					t.Fatal(err)
				}
			}
			var written atomic.Int64
			written.Store(20)
			stop, done := make(chan struct{}), make(chan error)
			go func() {
				for i := 21; ; i++ {
					select {
					case <-stop:
						done <- nil
						return
					default:
					}
					if err := put(i); err != nil {
						done <- err
						return
					}
					written.Store(int64(i))
				}
			}()
			var snap bytes.Buffer
			info, err := ix.Snapshot(ctx, &snap, t.TempDir())
			close(stop)
			if werr := <-done; werr != nil {
				t.Fatal(werr)
			}
			if err != nil {
				t.Fatal(err)
			}
			if info.Bytes != int64(snap.Len()) || info.Documents < 20 {
				t.Errorf("info = %+v, want %d bytes and at least 20 documents", info, snap.Len())
			}
			dir := filepath.Join(t.TempDir(), "restored")
			ri, err := Restore(ctx, bytes.NewReader(snap.Bytes()), dir)
			if err != nil {
				t.Fatal(err)
			}
			if ri.Documents != info.Documents || ri.Shards != shards {
				t.Errorf("restored %+v, want the %d documents of the snapshot in %d shards", ri, info.Documents, shards)
			}
			checkPrefix(t, dir, int(ri.Documents), int(written.Load()))
		})
	}
}

// checkPrefix opens the restored index at dir and checks that it holds
// documents 1..n exactly, searches them and keeps its synonyms.
func checkPrefix(t *testing.T, dir string, n, written int) {
	t.Helper()
	rx, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer rx.Close()
	ctx := context.Background()
	if n > written {
		t.Fatalf("restored %d documents, only %d were written", n, written)
	}
	for _, i := range []int{1, n / 2, n} {
		if _, err := rx.Get(ctx, strconv.Itoa(i)); err != nil {
			t.Errorf("document %d of the prefix of %d: %v", i, n, err)
		}
	}
	if _, err := rx.Get(ctx, strconv.Itoa(n+1)); err == nil {
		t.Errorf("document %d is restored, but the restored index counts %d: not a prefix", n+1, n)
	}
	res, err := rx.Search(ctx, Request{Query: "الخارجية", Size: 1})
	if err != nil {
		t.Fatal(err)
	}
	want := uint64(0)
	for i := 1; i <= n; i++ {
		if i%len(snapshotWords) == 1 {
			want++
		}
	}
	if res.Total != want {
		t.Errorf("search الخارجية in the restored index: %d hits, want %d", res.Total, want)
	}
	if got := rx.Synonyms(); len(got) != 1 || got[0][1] != "موتر" {
		t.Errorf("restored synonyms = %q", got)
	}
}

// TestSnapshotPortable: no entry of a snapshot names the folder it was
// taken from, so it restores anywhere.
func TestSnapshotPortable(t *testing.T) {
	ix := mustCreate(t, Schema{})
	if _, err := ix.Put(context.Background(), Document{"id": "1", "text": "الكتاب"}); err != nil {
		t.Fatal(err)
	}
	var snap bytes.Buffer
	if _, err := ix.Snapshot(context.Background(), &snap, ""); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "r")
	if _, err := Restore(context.Background(), bytes.NewReader(snap.Bytes()), dir); err != nil {
		t.Fatal(err)
	}
	abs, _ := filepath.Abs(ix.Path())
	filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err == nil && fi.Mode().IsRegular() {
			if data, _ := os.ReadFile(p); bytes.Contains(data, []byte(abs)) {
				t.Errorf("%s holds the source path %s", p, abs)
			}
		}
		return nil
	})
}

// TestRestoreRefuses: what is not a snapshot, or a folder in use, is
// refused with an error naming it, and leaves nothing behind.
func TestRestoreRefuses(t *testing.T) {
	full := t.TempDir()
	os.WriteFile(filepath.Join(full, "x"), []byte("x"), 0o644)
	tests := []struct {
		name, body, dir, msg string
	}{
		{"not gzip", "hello", "", "not a snapshot"},
		{"folder not empty", "", full, "not empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := tt.dir
			if dir == "" {
				dir = filepath.Join(t.TempDir(), "r")
			}
			_, err := Restore(context.Background(), strings.NewReader(tt.body), dir)
			if err == nil || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("Restore: %v, want an error saying %q", err, tt.msg)
			}
			if tt.dir == "" {
				if _, serr := os.Stat(dir); serr == nil {
					t.Errorf("a failed restore left %s", dir)
				}
			}
		})
	}
}

// TestRestoreUnsafeEntries: an entry that would land outside the folder,
// or is not a regular file, is refused, and nothing is written outside.
func TestRestoreUnsafeEntries(t *testing.T) {
	for _, tt := range []struct {
		name  string
		entry tar.Header
	}{
		{"parent", tar.Header{Name: "../evil", Typeflag: tar.TypeReg}},
		{"absolute", tar.Header{Name: "/tmp/evil", Typeflag: tar.TypeReg}},
		{"unclean", tar.Header{Name: "store/../../evil", Typeflag: tar.TypeReg}},
		{"symlink", tar.Header{Name: "store/link", Typeflag: tar.TypeSymlink, Linkname: "/etc/passwd"}},
		{"lock file", tar.Header{Name: lockFile, Typeflag: tar.TypeReg}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			gz := gzip.NewWriter(&buf)
			tw := tar.NewWriter(gz)
			m := []byte(`{"format": 1, "index": "x"}`)
			tw.WriteHeader(&tar.Header{Name: manifestFile, Typeflag: tar.TypeReg, Size: int64(len(m)), Mode: 0o644})
			tw.Write(m)
			h := tt.entry
			h.Mode = 0o644
			tw.WriteHeader(&h)
			tw.Close()
			gz.Close()
			parent := t.TempDir()
			_, err := Restore(context.Background(), &buf, filepath.Join(parent, "r"))
			if err == nil || !strings.Contains(err.Error(), "want a regular file under a relative path") {
				t.Errorf("Restore: %v, want the entry refused", err)
			}
			if entries, _ := os.ReadDir(parent); len(entries) != 0 {
				t.Errorf("a refused restore left %v", entries)
			}
		})
	}
}
