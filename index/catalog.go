package index

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
)

// ErrReadOnly is returned by Catalog.Create and Catalog.Drop on a catalog
// whose set of indexes is fixed (see FixedCatalog).
var ErrReadOnly = errors.New("the set of indexes is fixed")

// validName matches index names: lowercase ASCII letters, digits, '_' and
// '-', starting with a letter or digit, at most 64 bytes. Names are folder
// names, so nothing else (no '.', '/', '\\') may appear.
var validName = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,63}$`)

// ValidateName reports whether name can name an index; the error wraps
// ErrInvalid.
func ValidateName(name string) error {
	if !validName.MatchString(name) {
		return fmt.Errorf("%w: index name %q: want 1 to 64 of a-z, 0-9, '_' and '-', starting with a letter or digit", ErrInvalid, name)
	}
	return nil
}

// Catalog manages the indexes of one data directory: every subfolder that
// holds an index is one index named after the folder. It is safe for
// concurrent use. A Catalog owns its indexes: Close closes them all.
type Catalog struct {
	dir  string  // "" for a fixed catalog
	opts Options // of the indexes it opens and creates

	mu      sync.RWMutex
	ixs     map[string]*Index
	aliases map[string]string // alias → index name (catalog_alias.go)
	pending map[string]bool   // names being created
	skipped []string
	closed  bool

	// Background tasks (reindex.go): they run under bg, which Close
	// cancels before it waits for them.
	tasks    taskList
	bg       context.Context
	cancelBg context.CancelFunc
	wg       sync.WaitGroup
	// beforeCopy, set by tests only, runs in a reindex once the source is
	// frozen and the new index created, before the copy.
	beforeCopy func()
	// retireDelay, set by tests only, replaces retireDelay (reindex.go);
	// negative: none.
	retireDelay time.Duration
}

// OpenCatalog opens every index under dir, creating dir if needed.
// Subfolders that are not indexes, or whose names are not valid index names,
// are skipped (see Skipped). If one index fails to open, the ones already
// opened are closed and the error is returned.
func OpenCatalog(dir string) (*Catalog, error) { return OpenCatalogWith(dir, Options{}) }

// OpenCatalogWith is OpenCatalog with the options of the indexes it opens
// and creates. Their Mode is always "serve": another process locked out of
// one is told to use the server's API.
func OpenCatalogWith(dir string, o Options) (*Catalog, error) {
	o.Mode = "serve"
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("open catalog: %w", err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("open catalog: %w", err)
	}
	c := &Catalog{dir: dir, opts: o, ixs: map[string]*Index{}, pending: map[string]bool{}}
	c.bg, c.cancelBg = context.WithCancel(context.Background())
	for _, e := range entries {
		path := filepath.Join(dir, e.Name())
		if !e.IsDir() || strings.HasPrefix(e.Name(), ".") || !isIndexDir(path) {
			continue
		}
		if ValidateName(e.Name()) != nil {
			c.skipped = append(c.skipped, e.Name())
			continue
		}
		ix, err := OpenWith(path, c.opts)
		if errors.Is(err, ErrNotFound) { // an interrupted Create, cleared
			continue
		}
		if err != nil {
			c.Close()
			return nil, fmt.Errorf("open catalog %s: %w", dir, err)
		}
		c.ixs[e.Name()] = ix
	}
	if err := c.loadAliases(); err != nil {
		c.Close()
		return nil, fmt.Errorf("open catalog %s: %w", dir, err)
	}
	return c, nil
}

// isIndexDir reports whether path looks like an index folder (bleve writes
// index_meta.json at its root, or in its first shard).
func isIndexDir(path string) bool { return exists(path) }

// FixedCatalog returns a catalog serving ix under name (for example the
// single index of "fahras serve -index DIR", or the demo under a friendlier
// name than its cache folder). Create and Drop fail with ErrReadOnly. The
// catalog takes ownership of ix.
func FixedCatalog(name string, ix *Index) (*Catalog, error) {
	if err := ValidateName(name); err != nil {
		return nil, err
	}
	c := &Catalog{ixs: map[string]*Index{name: ix}, aliases: map[string]string{}}
	c.bg, c.cancelBg = context.WithCancel(context.Background())
	return c, nil
}

// Dir returns the data directory, or "" for a fixed catalog.
func (c *Catalog) Dir() string { return c.dir }

// Skipped returns the subfolders that hold an index but were not opened
// because their names are not valid index names, and the aliases of
// aliases.json left out because their index is gone ("aliases.json: NAME").
func (c *Catalog) Skipped() []string { return slices.Clone(c.skipped) }

// Names returns the names of the open indexes, sorted. A name is the
// index's folder name, except in a FixedCatalog.
func (c *Catalog) Names() []string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return slices.Sorted(maps.Keys(c.ixs))
}

// List returns the open indexes sorted by name.
func (c *Catalog) List() []*Index {
	c.mu.RLock()
	defer c.mu.RUnlock()
	out := make([]*Index, 0, len(c.ixs))
	for _, name := range slices.Sorted(maps.Keys(c.ixs)) {
		out = append(out, c.ixs[name])
	}
	return out
}

// Get returns the named index, or the index of the alias name; the error
// wraps ErrNotFound.
func (c *Catalog) Get(name string) (*Index, error) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if target, ok := c.aliases[name]; ok {
		name = target
	}
	ix, ok := c.ixs[name]
	if !ok || c.closed {
		return nil, fmt.Errorf("%w: index %q", ErrNotFound, name)
	}
	return ix, nil
}

// Create creates the index name with schema s in the data directory.
func (c *Catalog) Create(name string, s Schema) (*Index, error) {
	if err := c.reserve(name); err != nil {
		return nil, err
	}
	ix, err := CreateWith(filepath.Join(c.dir, name), s, c.opts)
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.pending, name)
	if err != nil {
		return nil, fmt.Errorf("create index %q: %w", name, err)
	}
	if c.closed {
		ix.Close()
		return nil, fmt.Errorf("create index %q: catalog closed", name)
	}
	c.ixs[name] = ix
	return ix, nil
}

// reserve checks that name can be created and marks it pending, so that
// the slow creation runs without holding the lock.
func (c *Catalog) reserve(name string) error {
	if c.dir == "" {
		return fmt.Errorf("create index %q: %w", name, ErrReadOnly)
	}
	if err := ValidateName(name); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return fmt.Errorf("create index %q: catalog closed", name)
	}
	if _, ok := c.ixs[name]; ok || c.pending[name] {
		return fmt.Errorf("%w: index %q", ErrExists, name)
	}
	if target, ok := c.aliases[name]; ok {
		return fmt.Errorf("%w: %q is an alias of index %q", ErrExists, name, target)
	}
	path := filepath.Join(c.dir, name)
	if _, err := os.Lstat(path); err == nil && !createLeftovers(path) {
		return fmt.Errorf("%w: folder %q is in the data directory", ErrExists, name)
	}
	c.pending[name] = true
	return nil
}

// createLeftovers reports whether path is a real folder (never a symbolic
// link) holding only what an interrupted Create leaves: fahras's lock file
// and its schema, and no index (Open clears bleve's leftovers).
func createLeftovers(path string) bool {
	fi, err := os.Lstat(path)
	if err != nil || !fi.IsDir() || exists(path) {
		return false
	}
	if _, err := os.Stat(filepath.Join(path, lockFile)); err != nil {
		return false
	}
	return checkEmpty(path) == nil
}

// Drop closes the named index and deletes its folder. Requests still
// running on it fail.
func (c *Catalog) Drop(name string) error {
	if c.dir == "" {
		return fmt.Errorf("drop index %q: %w", name, ErrReadOnly)
	}
	if err := ValidateName(name); err != nil {
		return err
	}
	c.mu.Lock()
	ix, ok := c.ixs[name]
	if target, isAlias := c.aliases[name]; isAlias {
		c.mu.Unlock()
		return fmt.Errorf("drop index %q: %w: it is an alias of index %q: delete the alias, or drop %q", name, ErrConflict, target, target)
	}
	if as := c.aliasesOfLocked(name); ok && len(as) > 0 {
		c.mu.Unlock()
		return fmt.Errorf("drop index %q: %w: the alias %q points at it: move or delete the alias first", name, ErrConflict, as[0])
	}
	delete(c.ixs, name)
	c.mu.Unlock()
	if !ok {
		return fmt.Errorf("%w: index %q", ErrNotFound, name)
	}
	if err := ix.Close(); err != nil {
		return fmt.Errorf("drop index %q: %w", name, err)
	}
	if err := os.RemoveAll(filepath.Join(c.dir, name)); err != nil {
		return fmt.Errorf("drop index %q: %w", name, err)
	}
	return nil
}

// Close stops the background tasks (a reindex stopped leaves its source
// index as it was), closes every index and returns the first error.
func (c *Catalog) Close() error {
	c.cancelBg()
	c.wg.Wait()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return nil
	}
	c.closed = true
	var first error
	for name, ix := range c.ixs {
		if err := ix.Close(); err != nil && first == nil {
			first = fmt.Errorf("close index %q: %w", name, err)
		}
	}
	return first
}

// Reopen closes the named index, lets change alter its folder (ReplaceShard,
// say), and opens it again with the catalog's options. Requests still
// running on the old one fail; others wait until it is open again. The
// index stays in the catalog, open, when change fails.
func (c *Catalog) Reopen(name string, change func(path string) error) (*Index, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	ix, ok := c.ixs[name]
	if !ok || c.closed {
		return nil, fmt.Errorf("%w: index %q", ErrNotFound, name)
	}
	if err := ix.Close(); err != nil {
		return nil, fmt.Errorf("reopen index %q: %w", name, err)
	}
	delete(c.ixs, name)
	path := filepath.Join(c.dir, name)
	cerr := change(path)
	nix, err := OpenWith(path, c.opts)
	if err != nil {
		return nil, fmt.Errorf("reopen index %q: %w", name, errors.Join(cerr, err))
	}
	c.ixs[name] = nix
	if cerr != nil {
		return nix, fmt.Errorf("reopen index %q: %w", name, cerr)
	}
	return nix, nil
}
