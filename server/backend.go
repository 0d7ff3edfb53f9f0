package server

import (
	"context"
	"io"

	"github.com/fahras/fahras/index"
)

// Index is one searchable index as the server uses it. *index.Index
// satisfies it. Errors wrap the sentinels of package index (ErrNotFound,
// ErrInvalid, ErrInvalidQuery, ...), which decide the HTTP status.
type Index interface {
	Name() string
	Schema() index.Schema
	Stats(ctx context.Context) (index.Stats, error)
	Get(ctx context.Context, id string) (index.Document, error)
	Put(ctx context.Context, doc index.Document) (string, error)
	Delete(ctx context.Context, id string) error
	Search(ctx context.Context, req index.Request) (*index.Result, error)
	// Compact merges the index into one segment per shard.
	Compact(ctx context.Context) error
	// BulkNDJSON loads the JSON Lines stream r and reports every non-blank
	// line to onResult, in order, once it is on disk or rejected.
	BulkNDJSON(ctx context.Context, r io.Reader, name string, opts index.BulkOptions,
		onResult func(line int, id string, err error)) (index.BulkStats, error)

	// Update merges patch into the stored document id (null removes a
	// field) and returns the merged document.
	Update(ctx context.Context, id string, patch index.Document) (index.Document, error)
	// DeleteByQuery deletes the matches of req's query and filters and
	// returns how many it deleted.
	DeleteByQuery(ctx context.Context, req index.Request) (int, error)
}

// Catalog is the set of indexes a Server serves. FromCatalog adapts an
// *index.Catalog. Implementations must be safe for concurrent use.
type Catalog interface {
	// List returns the served indexes sorted by name.
	List() []Index
	// Get returns the named index or an error wrapping index.ErrNotFound.
	Get(name string) (Index, error)
	// Create creates an index (index.ErrExists, index.ErrInvalid for a bad
	// name or schema, index.ErrReadOnly when the set is fixed).
	Create(name string, s index.Schema) (Index, error)
	// Drop closes and deletes an index.
	Drop(name string) error
}

// FromCatalog adapts c to the server's Catalog interface. Indexes are
// served under their catalog names.
func FromCatalog(c *index.Catalog) Catalog { return catalog{c} }

type catalog struct{ c *index.Catalog }

// named serves an index under a name other than its folder's.
type named struct {
	*index.Index
	name string
}

func (n named) Name() string { return n.name }

func serveAs(name string, ix *index.Index) Index {
	if ix.Name() == name {
		return ix
	}
	return named{ix, name}
}

func (c catalog) List() []Index {
	var out []Index
	for _, name := range c.c.Names() {
		if ix, err := c.c.Get(name); err == nil { // else dropped meanwhile
			out = append(out, serveAs(name, ix))
		}
	}
	return out
}

// Get resolves aliases: the index is served under its own name.
func (c catalog) Get(name string) (Index, error) {
	name = c.c.Resolve(name)
	ix, err := c.c.Get(name)
	if err != nil {
		return nil, err
	}
	return serveAs(name, ix), nil
}

func (c catalog) RestoreIndex(ctx context.Context, name string, r io.Reader) (Index, error) {
	ix, err := c.c.RestoreIndex(ctx, name, r)
	if err != nil {
		return nil, err
	}
	return serveAs(name, ix), nil
}

func (c catalog) ChangeSchema(name string, ch index.SchemaChange) (*index.TaskInfo, error) {
	return c.c.ChangeSchema(name, ch)
}
func (c catalog) Task(id string) (index.TaskInfo, error) { return c.c.Task(id) }
func (c catalog) Tasks() []index.TaskInfo                { return c.c.Tasks() }

func (c catalog) Aliases() []index.Alias             { return c.c.Aliases() }
func (c catalog) SetAlias(name, target string) error { return c.c.SetAlias(name, target) }
func (c catalog) DeleteAlias(name string) error      { return c.c.DeleteAlias(name) }

func (c catalog) Create(name string, s index.Schema) (Index, error) {
	ix, err := c.c.Create(name, s)
	if err != nil {
		return nil, err
	}
	return serveAs(name, ix), nil
}

func (c catalog) Drop(name string) error { return c.c.Drop(name) }
