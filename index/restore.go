package index

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// maxManifestBytes bounds the manifest entry of a snapshot.
const maxManifestBytes = 1 << 20

// RestoreInfo describes an index restored from a snapshot.
type RestoreInfo struct {
	Index     string `json:"index"`     // the snapshot's index name
	Path      string `json:"path"`      // the folder restored into
	Documents uint64 `json:"documents"` // counted in the restored index
	Shards    int    `json:"shards"`
}

// Restore writes the index of the snapshot read from r into the folder
// dir, which must not hold anything yet (ErrExists otherwise), then opens
// it to check it. The files go first into a temporary folder beside dir,
// renamed into place once complete: a failed restore leaves no dir. A
// snapshot that is not one (no manifest first, an unknown format, an entry
// outside the folder or not a regular file) is refused with ErrInvalid.
func Restore(ctx context.Context, r io.Reader, dir string) (RestoreInfo, error) {
	if err := checkRestoreTarget(dir); err != nil {
		return RestoreInfo{}, err
	}
	parent := filepath.Dir(filepath.Clean(dir))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return RestoreInfo{}, fmt.Errorf("restore: %w", err)
	}
	tmp, err := os.MkdirTemp(parent, ".fahras-restore-*")
	if err != nil {
		return RestoreInfo{}, fmt.Errorf("restore: %w", err)
	}
	defer os.RemoveAll(tmp)
	m, err := extractSnapshot(ctx, r, tmp)
	if err != nil {
		return RestoreInfo{}, fmt.Errorf("restore: %w", err)
	}
	if err := checkRestoreTarget(dir); err != nil { // created meanwhile
		return RestoreInfo{}, err
	}
	os.Remove(dir) // an empty folder: rename needs it gone
	if err := os.Rename(tmp, dir); err != nil {
		return RestoreInfo{}, fmt.Errorf("restore: %w", err)
	}
	ix, err := Open(dir)
	if err != nil {
		return RestoreInfo{}, fmt.Errorf("restore: the restored index does not open: %w", err)
	}
	defer ix.Close()
	st, err := ix.Stats(ctx)
	if err != nil {
		return RestoreInfo{}, fmt.Errorf("restore: %w", err)
	}
	return RestoreInfo{Index: m.Index, Path: dir, Documents: st.Documents, Shards: ix.Shards()}, nil
}

// checkRestoreTarget refuses a folder that exists and is not empty.
func checkRestoreTarget(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("restore into %s: %w", dir, err)
	}
	if len(entries) > 0 {
		return fmt.Errorf("restore into %s: %w: the folder is not empty", dir, ErrExists)
	}
	return nil
}

// extractSnapshot writes the files of the snapshot read from r into dir
// and returns its manifest.
func extractSnapshot(ctx context.Context, r io.Reader, dir string) (snapshotManifest, error) {
	gz, err := gzip.NewReader(r)
	if err != nil {
		return snapshotManifest{}, fmt.Errorf("%w: not a snapshot (a .tar.gz file): %v", ErrInvalid, err)
	}
	defer gz.Close()
	tr := tar.NewReader(gz)
	m, err := readManifest(tr)
	if err != nil {
		return snapshotManifest{}, err
	}
	for {
		if err := ctx.Err(); err != nil {
			return m, err
		}
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return m, nil
		}
		if err != nil {
			return m, fmt.Errorf("%w: snapshot: %v", ErrInvalid, err)
		}
		if err := extractEntry(tr, h, dir); err != nil {
			return m, err
		}
	}
}

func readManifest(tr *tar.Reader) (snapshotManifest, error) {
	var m snapshotManifest
	h, err := tr.Next()
	if err != nil || h.Name != manifestFile {
		return m, fmt.Errorf("%w: not a fahras snapshot: its first entry is not %s", ErrInvalid, manifestFile)
	}
	data, err := io.ReadAll(io.LimitReader(tr, maxManifestBytes))
	if err != nil {
		return m, fmt.Errorf("%w: snapshot manifest: %v", ErrInvalid, err)
	}
	if err := json.Unmarshal(data, &m); err != nil {
		return m, fmt.Errorf("%w: snapshot manifest: %v", ErrInvalid, err)
	}
	if m.Format != snapshotFormat {
		return m, fmt.Errorf("%w: snapshot format %d: this fahras reads format %d", ErrInvalid, m.Format, snapshotFormat)
	}
	return m, nil
}

// extractEntry writes one regular file of the snapshot under dir.
func extractEntry(tr *tar.Reader, h *tar.Header, dir string) error {
	name := h.Name
	if h.Typeflag != tar.TypeReg || !safeEntryName(name) {
		return fmt.Errorf("%w: snapshot entry %q: want a regular file under a relative path", ErrInvalid, name)
	}
	dst := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fmt.Errorf("snapshot entry %q: %w", name, err)
	}
	if _, err := io.Copy(f, tr); err != nil {
		f.Close()
		return fmt.Errorf("%w: snapshot entry %q: %v", ErrInvalid, name, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// safeEntryName accepts clean relative slash paths that stay inside the
// folder, and no lock file.
func safeEntryName(name string) bool {
	if name == "" || path.IsAbs(name) || path.Clean(name) != name || strings.HasPrefix(name, "../") || name == ".." ||
		strings.Contains(name, "\\") || strings.ContainsRune(name, 0) || path.Base(name) == lockFile {
		return false
	}
	return true
}
