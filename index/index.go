package index

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	bleveanalysis "github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/util"
	bbolt "go.etcd.io/bbolt"

	"github.com/fahras/fahras/analysis"
)

// Index is one fahras index: a folder on disk holding a bleve scorch index,
// or N of them for a sharded index (shards.go), and its schema. It is safe
// for concurrent use.
type Index struct {
	name   string
	path   string
	shards *shardSet
	// bi is the bleve index of an unsharded index, shard 0 of a sharded
	// one (nil when that shard is down); code that must see every
	// document goes through shards.
	bi bleve.Index

	mu     sync.RWMutex // guards schema and fields
	schema Schema
	fields map[string]int // index into schema.Fields

	dirty     bool // schema has fields not yet saved; guarded by mu
	analyzers [3]bleveanalysis.Analyzer
	text      *textAnalysis  // the schema's stop list; nil: the built-in one
	pair      *analysis.Pair // Stem and Exact in one pass, when they allow it (store_fields.go)
	keyword   bleveanalysis.Analyzer

	lock        *lock
	maxDocBytes int
	minFree     int64 // Options.MinFreeBytes, resolved

	analysisChanged bool // created by an analyzer that analyzes differently

	// synonymSets are the synonym sets as set, synonyms their stems
	// (synonyms.go); guarded by mu, replaced whole.
	synonymSets [][]string
	synonyms    synonymMap

	bm25   bm25Cache   // mean field lengths for BM25 (bm25.go)
	tokens tokenTotals // tokens per text field, counted at index time (bm25_tokens.go)

	gate      *gate // calls in flight, for Close (gate.go)
	closeOnce sync.Once
	editMu    sync.Mutex // one Update at a time (document_edit.go)
	// snapMu is held for reading by every write (commit) and for writing
	// while a snapshot takes its copy readers (snapshot.go).
	snapMu   sync.RWMutex
	frozen   bool // a reindex is copying the index: writes fail (freeze.go); guarded by snapMu
	closeErr error
}

// mappingKey is where bleve keeps its mapping inside the index.
var mappingKey = util.MappingInternalKey

// Options tune how an index is opened. The zero value is usable.
type Options struct {
	// Mode names what this process does with the index ("serve", "index"):
	// a second process that tries to open the index is told.
	Mode string
	// MaxDocBytes bounds one document's encoded size (default
	// DefaultMaxDocBytes).
	MaxDocBytes int
	// MinFreeBytes is the free space below which writes are refused with
	// ErrDiskFull (space.go); 0 means DefaultMinFreeBytes, negative none.
	MinFreeBytes int64
}

// DefaultMaxDocBytes is the default bound on one document's size. Indexing
// a document takes about 100 times its size in memory (bleve keeps every
// token of the three analysis levels with its location while it builds the
// segment): a 10 MiB document took 1 GiB of heap, up to 5 GiB while the
// server merged it (cmd/fahras/badinput_test.go). 1 MiB, the server's body
// limit, keeps one document near 100 MiB.
const DefaultMaxDocBytes = 1 << 20

// boltTimeout bounds how long bleve waits for its own file lock, which
// only matters when another program (not fahras) holds the index.
const boltTimeout = "1s"

// metaFile is bleve's marker of an index folder.
const metaFile = "index_meta.json"

// Create makes a new index in the folder path (created if needed; it must
// not hold an index already: ErrExists) with schema s.
func Create(path string, s Schema) (*Index, error) { return CreateWith(path, s, Options{}) }

// Open opens the index in the folder path (ErrNotFound if there is none).
// An index held by another process gives ErrLocked at once.
func Open(path string) (*Index, error) { return OpenWith(path, Options{}) }

// CreateWith is Create with options.
func CreateWith(path string, s Schema, o Options) (ix *Index, err error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	s = s.normalized()
	if exists(path) {
		return nil, fmt.Errorf("create index %s: %w", path, ErrExists)
	}
	_, statErr := os.Stat(path)
	if err := checkEmpty(path); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(path, 0o755); err != nil {
		return nil, fmt.Errorf("create index: %w", err)
	}
	l, err := acquire(path, o.Mode)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			l.release()
			if errors.Is(statErr, fs.ErrNotExist) {
				os.RemoveAll(path)
			}
		}
	}()
	if exists(path) { // created by someone else before we locked
		return nil, fmt.Errorf("create index %s: %w", path, ErrExists)
	}
	if err := saveSchema(path, s); err != nil {
		return nil, err
	}
	set, err := createShards(path, newMapping(s), shardCount(s))
	if err != nil {
		return nil, fmt.Errorf("create index %s: %w", path, err)
	}
	if err := saveAnalysis(path); err != nil {
		set.close()
		return nil, fmt.Errorf("create index %s: %w", path, err)
	}
	return newIndex(path, set, s, l, o)
}

// OpenWith is Open with options.
func OpenWith(path string, o Options) (ix *Index, err error) {
	if !exists(path) {
		return nil, fmt.Errorf("open index %s: %w", path, ErrNotFound)
	}
	l, err := acquire(path, o.Mode)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			l.release()
		}
	}()
	s, err := loadSchema(path)
	if err != nil {
		return nil, fmt.Errorf("open index %s: %w", path, err)
	}
	set, err := openShards(path, s)
	if err == nil && set.anyDown() && !shardSegments(path) {
		// No document was written: an interrupted create, cleared below.
		// With documents, the index opens without the shards that are
		// down, and searches say so.
		err = set.down[slices.IndexFunc(set.down, func(e error) bool { return e != nil })]
		set.close()
	}
	if err != nil && !errors.Is(err, ErrLocked) && clearInterruptedCreate(path, shardCount(s)) == nil {
		return nil, fmt.Errorf("open index %s: %w: its creation was interrupted before any document was written (%v); its leftovers were removed, create it again", path, ErrNotFound, err)
	}
	if err != nil {
		return nil, err
	}
	return newIndex(path, set, s, l, o)
}

// clearInterruptedCreate removes bleve's files from the folder of an index
// that cannot be opened and holds no segment: a Create killed after bleve
// wrote index_meta.json but before it saved its mapping leaves such a
// folder, which would otherwise neither open nor be created again. With
// no segment file, no document can be lost. fahras's own files (lock,
// schema) stay: Create accepts them. A sharded index (n > 1) clears its
// shards folder.
func clearInterruptedCreate(path string, n int) error {
	if n > 1 {
		return clearInterruptedShards(path)
	}
	segments, err := filepath.Glob(filepath.Join(path, "store", "*.zap"))
	if err != nil || len(segments) > 0 {
		return errors.New("the index has segments")
	}
	if err := os.RemoveAll(filepath.Join(path, "store")); err != nil {
		return err
	}
	return os.Remove(filepath.Join(path, metaFile))
}

// openBleve opens the bleve index with runtime configuration cfg and
// makes sure the mapping it saved matches the schema (a run that stopped
// between saving a newly discovered field and its first batch leaves them
// apart).
func openBleve(path string, s Schema, cfg map[string]any) (bleve.Index, error) {
	bi, err := bleve.OpenUsing(path, cfg)
	if errors.Is(err, bbolt.ErrTimeout) {
		return nil, fmt.Errorf("open index %s: %w: another program holds bleve's lock", path, ErrLocked)
	}
	if err != nil {
		return nil, fmt.Errorf("open index %s: %w", path, err)
	}
	want, err := mappingJSON(s)
	if err != nil {
		bi.Close()
		return nil, err
	}
	have, err := bi.GetInternal(util.MappingInternalKey)
	if err == nil && bytes.Equal(have, want) {
		return bi, nil
	}
	if err == nil {
		err = bi.SetInternal(util.MappingInternalKey, want)
	}
	if cerr := bi.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, fmt.Errorf("open index %s: update mapping: %w", path, err)
	}
	bi, err = bleve.OpenUsing(path, cfg)
	if err != nil {
		return nil, fmt.Errorf("open index %s: %w", path, err)
	}
	return bi, nil
}

func runtimeConfig() map[string]any { return scorchConfig() }

// checkEmpty refuses to create an index in a folder that holds other
// files (a wrong -index argument must not litter a folder of documents).
// Files of an interrupted Create are fine.
func checkEmpty(path string) error {
	entries, err := os.ReadDir(path)
	if err != nil {
		return nil // missing: created next; other problems show in MkdirAll
	}
	for _, e := range entries {
		if n := e.Name(); n != lockFile && n != shardsDir && !strings.HasPrefix(n, schemaFile) {
			return fmt.Errorf("create index %s: %w: the folder is not empty (it has %s) and holds no index", path, ErrExists, n)
		}
	}
	return nil
}

// exists reports whether the folder path holds an index: bleve's marker
// at its root, or in its first shard (created last).
func exists(path string) bool {
	_, err := os.Stat(filepath.Join(path, metaFile))
	return err == nil || shardsExist(path)
}

func newIndex(path string, set *shardSet, s Schema, l *lock, o Options) (*Index, error) {
	if o.MaxDocBytes <= 0 {
		o.MaxDocBytes = DefaultMaxDocBytes
	}
	if o.MinFreeBytes == 0 {
		o.MinFreeBytes = DefaultMinFreeBytes
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	ix := &Index{name: filepath.Base(abs), path: path, shards: set, bi: set.all[0], schema: s, lock: l, maxDocBytes: o.MaxDocBytes, minFree: o.MinFreeBytes, gate: newGate()}
	ix.reindexFields()
	m := set.mapping()
	for _, lv := range analysis.Levels {
		if ix.analyzers[lv] = m.AnalyzerNamed(analysis.AnalyzerName(lv)); ix.analyzers[lv] == nil {
			set.close()
			return nil, fmt.Errorf("open index %s: analyzer %s is not registered", path, analysis.AnalyzerName(lv))
		}
	}
	if ix.text = newTextAnalysis(s.StopWords); ix.text != nil { // the index's own stop list
		for _, lv := range analysis.Levels {
			ix.analyzers[lv] = ix.text.levels[lv].Bleve()
		}
	}
	ix.analyzers[analysis.Vocal] = harakatOnly{ix.analyzers[analysis.Vocal]} // store_vocal.go
	ix.pair, _ = analysis.NewPair(ix.analyzers[analysis.Stem], ix.analyzers[analysis.Exact])
	if ix.keyword = m.AnalyzerNamed(keyword.Name); ix.keyword == nil {
		set.close()
		return nil, fmt.Errorf("open index %s: analyzer %s is not registered", path, keyword.Name)
	}
	ix.loadTokens()
	if err := ix.loadSynonyms(); err != nil {
		set.close()
		return nil, fmt.Errorf("open index %s: %w", path, err)
	}
	ix.analysisChanged = !sameAnalysis(path)
	if n, err := set.docCount(); ix.analysisChanged && err == nil && n == 0 {
		// An empty index holds no terms yet: it is this analyzer's now.
		ix.analysisChanged = saveAnalysis(path) != nil
	}
	return ix, nil
}

// AnalysisChanged reports whether the index was created by a version of
// the analyzer that analyzes text differently from this one (or before
// versions were recorded). Its documents then hold terms that queries may
// no longer produce: reindex into a new folder for consistent results.
func (ix *Index) AnalysisChanged() bool { return ix.analysisChanged }

// reindexFields rebuilds the name lookup of the schema. Callers hold mu
// (or own ix exclusively).
func (ix *Index) reindexFields() {
	ix.fields = make(map[string]int, len(ix.schema.Fields))
	for i, f := range ix.schema.Fields {
		ix.fields[f.Name] = i
	}
}

// Close closes the index and releases its lock. Every acknowledged write
// is already on disk. Calls in flight finish first (those still running
// after a few seconds, such as a bulk load, are cancelled); later calls
// fail with ErrNotFound. Closing twice returns the first result.
func (ix *Index) Close() error {
	ix.closeOnce.Do(func() {
		ix.gate.close(closeGrace)
		err := ix.shards.close()
		if lerr := ix.lock.release(); err == nil {
			err = lerr
		}
		if err != nil {
			ix.closeErr = fmt.Errorf("close index %s: %w", ix.path, err)
		}
	})
	return ix.closeErr
}

// Name is the index's folder name.
func (ix *Index) Name() string { return ix.name }

// Path is the index's folder as given to Open or Create.
func (ix *Index) Path() string { return ix.path }

// Schema returns a copy of the schema, with every discovered field.
func (ix *Index) Schema() Schema {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.schema.clone()
}

// field returns the schema field called name.
func (ix *Index) field(name string) (Field, bool) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	i, ok := ix.fields[name]
	if !ok {
		return Field{}, false
	}
	return ix.schema.Fields[i], true
}

// textFields returns the text fields in schema order, with their Boost
// and Search flags. With the default schema this is every string field
// seen so far.
func (ix *Index) textFields() []Field {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	var out []Field
	for _, f := range ix.schema.Fields {
		if f.Type == Text {
			out = append(out, f)
		}
	}
	return out
}

// Shards returns the number of shards (1 for an unsharded index).
func (ix *Index) Shards() int { return len(ix.shards.all) }

// Stats counts the documents and the bytes the index folder takes on disk.
// For a sharded index with a shard down, the documents are those of the
// shards that are up.
func (ix *Index) Stats(ctx context.Context) (Stats, error) {
	ctx, leave, err := ix.gate.enter(ctx, ix.name)
	if err != nil {
		return Stats{}, err
	}
	defer leave()
	n, err := ix.shards.docCount()
	if err != nil {
		return Stats{}, fmt.Errorf("stats %s: %w", ix.name, err)
	}
	var size int64
	err = filepath.WalkDir(ix.path, func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // files come and go while scorch merges
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if info, ierr := d.Info(); ierr == nil && d.Type().IsRegular() {
			size += info.Size()
		}
		return nil
	})
	if err != nil {
		return Stats{}, fmt.Errorf("stats %s: %w", ix.name, err)
	}
	st := Stats{Name: ix.name, Documents: n, SizeBytes: size}
	if ix.shards.sharded() {
		st.Shards = len(ix.shards.all)
	}
	return st, nil
}
