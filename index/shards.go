package index

// The bleve indexes of an index. An unsharded index (Schema.Shards 0 or 1)
// is one bleve index at the root of its folder, as it always was. A
// sharded one keeps its schema, lock and analyzer record at the root and
// its N shards in shards/0 .. shards/N-1, each a bleve index of type
// shardIndexType with the same mapping, holding the documents whose id
// hashes to it (shardOf). Writes go to the shard of their id; searches
// run on every shard in parallel with global statistics (shard_idf.go,
// shard_search.go), so that rankings equal those of one index.
//
// A shard that cannot be opened (a damaged folder) leaves the index
// usable: it is marked down, searches answer from the other shards and
// say so (Result.Shards), and writes to it fail with the reason.

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
)

// shardsDir is the folder of the shards inside a sharded index folder.
const shardsDir = "shards"

// shardSet is the bleve indexes of one index: one, or its shards.
type shardSet struct {
	all  []bleve.Index // nil where a shard is down
	down []error       // why shard i is down; nil when it is up
}

// shardPath is the folder of shard i of the index at path.
func shardPath(path string, i int) string {
	return filepath.Join(path, shardsDir, strconv.Itoa(i))
}

// shardCount is the number of bleve indexes of an index with schema s.
func shardCount(s Schema) int { return max(s.Shards, 1) }

// sharded reports whether the set has more than one shard.
func (s *shardSet) sharded() bool { return len(s.all) > 1 }

// route returns the shard of the document with id.
func (s *shardSet) route(id string) int {
	if len(s.all) == 1 {
		return 0
	}
	return shardOf(id, len(s.all))
}

// shard returns shard i, or why it is down.
func (s *shardSet) shard(i int) (bleve.Index, error) {
	if s.all[i] == nil {
		return nil, fmt.Errorf("shard %d is unavailable: %w", i, s.down[i])
	}
	return s.all[i], nil
}

// up returns the shards that are not down.
func (s *shardSet) up() []bleve.Index {
	out := make([]bleve.Index, 0, len(s.all))
	for _, b := range s.all {
		if b != nil {
			out = append(out, b)
		}
	}
	return out
}

// anyDown reports whether a shard is down.
func (s *shardSet) anyDown() bool {
	for _, err := range s.down {
		if err != nil {
			return true
		}
	}
	return false
}

// docCount sums the documents of the shards that are up.
func (s *shardSet) docCount() (uint64, error) {
	if len(s.all) == 1 {
		return s.all[0].DocCount()
	}
	var n uint64
	for i, b := range s.all {
		if b == nil {
			continue
		}
		c, err := b.DocCount()
		if err != nil {
			return 0, fmt.Errorf("shard %d: %w", i, err)
		}
		n += c
	}
	return n, nil
}

// mapping returns the mapping of the first shard that is up.
func (s *shardSet) mapping() mapping.IndexMapping {
	for _, b := range s.all {
		if b != nil {
			return b.Mapping()
		}
	}
	return nil
}

// close closes every shard and returns the first error.
func (s *shardSet) close() error {
	var first error
	for i, b := range s.all {
		if b == nil {
			continue
		}
		if err := b.Close(); err != nil && first == nil {
			first = err
			if s.sharded() {
				first = fmt.Errorf("shard %d: %w", i, err)
			}
		}
	}
	return first
}

// createShards creates the n shards of a new index at path with mapping
// m. They are created last to first: the first one's bleve marker says
// that all are there (exists).
func createShards(path string, m mapping.IndexMapping, n int) (*shardSet, error) {
	if n == 1 {
		bi, err := bleve.NewUsing(path, m, scorch.Name, scorch.Name, runtimeConfig())
		if err != nil {
			return nil, err
		}
		return &shardSet{all: []bleve.Index{bi}, down: make([]error, 1)}, nil
	}
	if err := os.RemoveAll(filepath.Join(path, shardsDir)); err != nil { // leftovers of an interrupted create
		return nil, err
	}
	s := &shardSet{all: make([]bleve.Index, n), down: make([]error, n)}
	g := newShardGroup()
	for i := n - 1; i >= 0; i-- {
		bi, err := bleve.NewUsing(shardPath(path, i), m, shardIndexType, scorch.Name, g.config(runtimeConfig(), i))
		if err != nil {
			s.close()
			return nil, fmt.Errorf("shard %d: %w", i, err)
		}
		bi.SetName(strconv.Itoa(i))
		s.all[i] = bi
	}
	return s, nil
}

// openShards opens the bleve indexes of the index at path with schema s.
// A shard of a sharded index that fails to open is marked down, unless
// another process holds it (ErrLocked) or every shard fails.
func openShards(path string, s Schema) (*shardSet, error) {
	n := shardCount(s)
	if n == 1 {
		bi, err := openBleve(path, s, runtimeConfig())
		if err != nil {
			return nil, err
		}
		return &shardSet{all: []bleve.Index{bi}, down: make([]error, 1)}, nil
	}
	set := &shardSet{all: make([]bleve.Index, n), down: make([]error, n)}
	g := newShardGroup()
	failed := 0
	for i := range n {
		bi, err := openBleve(shardPath(path, i), s, g.config(runtimeConfig(), i))
		if errors.Is(err, ErrLocked) {
			set.close()
			return nil, err
		}
		if err != nil {
			set.down[i] = err
			failed++
			continue
		}
		bi.SetName(strconv.Itoa(i))
		set.all[i] = bi
	}
	if failed == n {
		return nil, fmt.Errorf("every shard failed to open: shard 0: %w", set.down[0])
	}
	return set, nil
}

// shardsExist reports whether the folder path holds a sharded index.
func shardsExist(path string) bool {
	_, err := os.Stat(filepath.Join(shardPath(path, 0), metaFile))
	return err == nil
}

// shardSegments reports whether a shard of the sharded index at path
// holds a segment (a written document).
func shardSegments(path string) bool {
	segments, err := filepath.Glob(filepath.Join(path, shardsDir, "*", "store", "*.zap"))
	return err != nil || len(segments) > 0
}

// clearInterruptedShards removes the shards of a sharded index whose
// creation was interrupted: none of them holds a segment.
func clearInterruptedShards(path string) error {
	if shardSegments(path) {
		return errors.New("the index has segments")
	}
	return os.RemoveAll(filepath.Join(path, shardsDir))
}
