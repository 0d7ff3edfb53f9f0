package index

// Copies of one shard, for a replica of a cluster that starts from another
// replica's copy instead of the whole write log. A copy is a bleve index
// folder of its own (index_meta.json and store/), taken from one scorch
// snapshot while writes go on.

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

const storeDir = "store" // scorch's folder inside a bleve index folder

// bleveDir is the bleve index folder of shard i of the index at path: the
// root of an unsharded index, shards/i of a sharded one.
func bleveDir(path string, i int) string {
	if shardsExist(path) {
		return shardPath(path, i)
	}
	return path
}

// CopyShard writes a consistent copy of shard i into dir, which must not
// exist or be empty, and returns the value ApplyShard stored under key in
// that copy (0 when none): the copy holds every write up to it and none
// after.
func (ix *Index) CopyShard(i int, dir, key string) (seq uint64, err error) {
	sh, err := ix.shards.shard(i)
	if err != nil {
		return 0, err
	}
	cr, err := copyReader(sh) // snapshot.go
	if err != nil {
		return 0, fmt.Errorf("copy shard %d: %w", i, err)
	}
	defer func() {
		if cerr := cr.CloseCopyReader(); cerr != nil && err == nil {
			err = fmt.Errorf("copy shard %d: %w", i, cerr)
		}
	}()
	v, err := cr.GetInternal([]byte(key))
	if err != nil {
		return 0, fmt.Errorf("copy shard %d: %w", i, err)
	}
	if len(v) == 8 {
		seq = binary.BigEndian.Uint64(v)
	}
	if err := copyShard(cr, bleveDir(ix.path, i), dir); err != nil {
		return 0, fmt.Errorf("copy shard %d: %w", i, err)
	}
	return seq, nil
}

// ReplaceShard makes the copy in folder from (written by CopyShard) shard
// i of the closed index at path; from is consumed. A crash in between
// leaves the shard without its store: it opens empty, and its replica is
// bootstrapped again.
func ReplaceShard(path string, i int, from string) error {
	if _, err := os.Stat(filepath.Join(from, storeDir, "root.bolt")); err != nil {
		return fmt.Errorf("replace shard %d: not a copy of a shard: %w", i, err)
	}
	target := bleveDir(path, i)
	if err := clearOldStores(target); err != nil {
		return fmt.Errorf("replace shard %d: %w", i, err)
	}
	old := filepath.Join(target, storeDir+".old")
	if err := os.Rename(filepath.Join(target, storeDir), old); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("replace shard %d: %w", i, err)
	}
	if err := os.Rename(filepath.Join(from, storeDir), filepath.Join(target, storeDir)); err != nil {
		return fmt.Errorf("replace shard %d: %w", i, err)
	}
	if err := os.RemoveAll(old); err != nil {
		return fmt.Errorf("replace shard %d: %w", i, err)
	}
	return os.RemoveAll(from)
}

// clearOldStores removes what an interrupted ReplaceShard left in dir.
func clearOldStores(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), storeDir+".old") {
			if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
				return err
			}
		}
	}
	return nil
}
