package index

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// SnapshotFile writes a snapshot of the index to the file path through a
// temporary file beside it (which also receives the copy while the tar is
// written), renamed over path once complete: path holds a whole snapshot
// or is left as it was.
func (ix *Index) SnapshotFile(ctx context.Context, path string) (SnapshotInfo, error) {
	folder := filepath.Dir(path)
	f, err := os.CreateTemp(folder, "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return SnapshotInfo{}, fmt.Errorf("snapshot %s: %w", ix.name, err)
	}
	defer os.Remove(f.Name()) // after the rename: a no-op
	info, err := ix.Snapshot(ctx, f, folder)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		return SnapshotInfo{}, fmt.Errorf("snapshot %s to %s: %w", ix.name, path, err)
	}
	return info, nil
}

// RestoreIndex restores the snapshot read from r as the new index name of
// the catalog and opens it (ErrExists when the name is taken).
func (c *Catalog) RestoreIndex(ctx context.Context, name string, r io.Reader) (*Index, error) {
	if err := c.reserve(name); err != nil {
		return nil, err
	}
	path := filepath.Join(c.dir, name)
	_, err := Restore(ctx, r, path)
	var ix *Index
	if err == nil {
		ix, err = OpenWith(path, c.opts)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.pending, name)
	if err != nil {
		return nil, fmt.Errorf("restore index %q: %w", name, err)
	}
	if c.closed {
		ix.Close()
		return nil, fmt.Errorf("restore index %q: catalog closed", name)
	}
	c.ixs[name] = ix
	return ix, nil
}
