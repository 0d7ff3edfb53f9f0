package index

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// A snapshot is one gzipped tar file holding a copy of an index: the bleve
// index of every shard as bleve's online copy (a copy reader) writes it,
// and fahras's own files of the index folder (schema, synonyms, the
// analyzer's fingerprint, ...), all under relative paths, so that it can
// be restored in any folder of any machine. Its first entry is a manifest
// (snapshotManifest). The copy readers of every shard are taken at one
// instant while writes wait, so the snapshot holds every write
// acknowledged before that instant and none after it, whatever writes go
// on meanwhile.

// manifestFile is the first entry of a snapshot.
const manifestFile = "fahras-snapshot.json"

// snapshotFormat is the version of the snapshot layout.
const snapshotFormat = 1

// snapshotManifest describes a snapshot.
type snapshotManifest struct {
	Format    int       `json:"format"`
	Index     string    `json:"index"`
	Shards    int       `json:"shards"`
	Documents uint64    `json:"documents"`
	Created   time.Time `json:"created"`
}

// SnapshotInfo describes a snapshot written by Snapshot.
type SnapshotInfo struct {
	Index     string    `json:"index"`
	Documents uint64    `json:"documents"` // at the instant of the copy
	Bytes     int64     `json:"size_bytes"`
	Created   time.Time `json:"created"`
}

// Snapshot writes a snapshot of the index to w as a gzipped tar. tmpDir
// receives the copy while the tar is written (the snapshot's own folder
// is a good choice: the same disk); "" means the system's. Writes go on
// meanwhile, and wait only while the copy readers are taken.
func (ix *Index) Snapshot(ctx context.Context, w io.Writer, tmpDir string) (SnapshotInfo, error) {
	ctx, leave, err := ix.gate.enter(ctx, ix.name)
	if err != nil {
		return SnapshotInfo{}, err
	}
	defer leave()
	tmp, err := os.MkdirTemp(tmpDir, ".fahras-snapshot-*")
	if err != nil {
		return SnapshotInfo{}, fmt.Errorf("snapshot %s: %w", ix.name, err)
	}
	defer os.RemoveAll(tmp)
	m, err := ix.copyTo(ctx, tmp)
	if err != nil {
		return SnapshotInfo{}, fmt.Errorf("snapshot %s: %w", ix.name, err)
	}
	cw := &countWriter{w: w}
	if err := writeTarGz(ctx, cw, tmp, m); err != nil {
		return SnapshotInfo{}, fmt.Errorf("snapshot %s: %w", ix.name, err)
	}
	return SnapshotInfo{Index: ix.name, Documents: m.Documents, Bytes: cw.n, Created: m.Created}, nil
}

// copyTo copies the index into the empty folder dir and returns its
// manifest.
func (ix *Index) copyTo(ctx context.Context, dir string) (snapshotManifest, error) {
	readers, schema, n, err := ix.copyReaders()
	if err != nil {
		return snapshotManifest{}, err
	}
	defer func() {
		for _, r := range readers {
			r.CloseCopyReader()
		}
	}()
	for i, r := range readers {
		if err := ctx.Err(); err != nil {
			return snapshotManifest{}, err
		}
		src, dst := ix.path, dir
		if len(readers) > 1 {
			src, dst = shardPath(ix.path, i), shardPath(dir, i)
		}
		if err := copyShard(r, src, dst); err != nil {
			return snapshotManifest{}, fmt.Errorf("shard %d: %w", i, err)
		}
	}
	if err := copyOwnFiles(ix.path, dir); err != nil {
		return snapshotManifest{}, err
	}
	if err := saveSchema(dir, schema); err != nil {
		return snapshotManifest{}, err
	}
	return snapshotManifest{Format: snapshotFormat, Index: ix.name, Shards: len(readers), Documents: n, Created: time.Now().UTC()}, nil
}

// copyReaders takes a copy reader of every shard, and the schema and the
// document count of that instant, while writes wait (commit).
func (ix *Index) copyReaders() ([]bleveindex.CopyReader, Schema, uint64, error) {
	ix.snapMu.Lock()
	defer ix.snapMu.Unlock()
	var out []bleveindex.CopyReader
	var n uint64
	for i := range ix.shards.all {
		sh, err := ix.shards.shard(i)
		if err == nil {
			var c uint64
			if c, err = sh.DocCount(); err == nil {
				n += c
				var r bleveindex.CopyReader
				r, err = copyReader(sh)
				out = append(out, r)
			}
		}
		if err != nil {
			for _, r := range out {
				if r != nil {
					r.CloseCopyReader()
				}
			}
			return nil, Schema{}, 0, fmt.Errorf("shard %d: %w", i, err)
		}
	}
	return out, ix.Schema(), n, nil
}

func copyReader(sh bleve.Index) (bleveindex.CopyReader, error) {
	adv, err := sh.Advanced()
	if err != nil {
		return nil, err
	}
	ci, ok := adv.(bleveindex.CopyIndex)
	if !ok {
		return nil, errors.New("the index cannot be copied online")
	}
	r := ci.CopyReader()
	if r == nil {
		return nil, errors.New("the index gave no copy reader")
	}
	return r, nil
}

// copyShard writes the copy of r, a bleve index in folder src, into dst.
func copyShard(r bleveindex.CopyReader, src, dst string) error {
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return err
	}
	if err := r.CopyTo(bleve.FileSystemDirectory(dst)); err != nil {
		return err
	}
	return copyFile(filepath.Join(src, metaFile), filepath.Join(dst, metaFile))
}

// copyOwnFiles copies the regular files of the index folder src that are
// fahras's (not bleve's marker, the lock or temporary files) into dst.
func copyOwnFiles(src, dst string) error {
	entries, err := os.ReadDir(src)
	if err != nil {
		return err
	}
	for _, e := range entries {
		n := e.Name()
		if !e.Type().IsRegular() || n == lockFile || n == metaFile || n == schemaFile || strings.Contains(n, ".tmp") {
			continue
		}
		if err := copyFile(filepath.Join(src, n), filepath.Join(dst, n)); err != nil {
			return err
		}
	}
	return nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// writeTarGz writes the manifest m, then every file under dir with its
// path relative to dir (slash-separated), as a gzipped tar to w.
func writeTarGz(ctx context.Context, w io.Writer, dir string, m snapshotManifest) error {
	gz := gzip.NewWriter(w)
	tw := tar.NewWriter(gz)
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	if err := tw.WriteHeader(&tar.Header{Name: manifestFile, Mode: 0o644, Size: int64(len(data)), ModTime: m.Created}); err != nil {
		return err
	}
	if _, err := tw.Write(data); err != nil {
		return err
	}
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		return addTarFile(tw, path, filepath.ToSlash(rel), m.Created)
	})
	if err != nil {
		return err
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return gz.Close()
}

func addTarFile(tw *tar.Writer, path, name string, mod time.Time) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: fi.Size(), ModTime: mod}); err != nil {
		return err
	}
	_, err = io.Copy(tw, f)
	return err
}

// countWriter counts the bytes written through it.
type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
