package server

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/fahras/fahras/index"
)

// fakeIndex is an in-memory Index for the error paths of the handlers;
// the end-to-end tests use a real index. When err is set, every call
// returns it.
type fakeIndex struct {
	name string
	err  error

	mu      sync.Mutex
	docs    map[string]index.Document
	lastReq index.Request
	block   chan struct{} // when set, Search waits for it or for ctx
}

func newFakeIndex(name string) *fakeIndex {
	return &fakeIndex{name: name, docs: map[string]index.Document{}}
}

func (f *fakeIndex) Name() string         { return f.name }
func (f *fakeIndex) Schema() index.Schema { return index.Schema{} }

func (f *fakeIndex) Stats(ctx context.Context) (index.Stats, error) {
	if f.err != nil {
		return index.Stats{}, f.err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return index.Stats{Name: f.name, Documents: uint64(len(f.docs))}, nil
}

func (f *fakeIndex) Get(ctx context.Context, id string) (index.Document, error) {
	if f.err != nil {
		return nil, f.err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	d, ok := f.docs[id]
	if !ok {
		return nil, fmt.Errorf("get %q: %w", id, index.ErrNotFound)
	}
	return d, nil
}

func (f *fakeIndex) Put(ctx context.Context, d index.Document) (string, error) {
	if f.err != nil {
		return "", f.err
	}
	id, ok := d["id"].(string)
	if !ok || id == "" {
		return "", fmt.Errorf("%w: document without a string id", index.ErrInvalid)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.docs[id] = d
	return id, nil
}

func (f *fakeIndex) Delete(ctx context.Context, id string) error {
	if f.err != nil {
		return f.err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.docs[id]; !ok {
		return fmt.Errorf("delete %q: %w", id, index.ErrNotFound)
	}
	delete(f.docs, id)
	return nil
}

// Search returns the documents whose "text" contains the query, by id.
func (f *fakeIndex) Search(ctx context.Context, req index.Request) (*index.Result, error) {
	f.mu.Lock()
	f.lastReq = req
	block := f.block
	f.mu.Unlock()
	if block != nil {
		select {
		case <-block:
		case <-ctx.Done():
			return nil, fmt.Errorf("search: %w", ctx.Err())
		}
	}
	if f.err != nil {
		return nil, f.err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	res := &index.Result{}
	for id, d := range f.docs {
		if s, _ := d["text"].(string); strings.Contains(s, req.Query) {
			res.Hits = append(res.Hits, index.Hit{ID: id, Fields: d})
		}
	}
	slices.SortFunc(res.Hits, func(a, b index.Hit) int { return strings.Compare(a.ID, b.ID) })
	res.Total = uint64(len(res.Hits))
	return res, nil
}

// BulkNDJSON stores each line with Put.
func (f *fakeIndex) BulkNDJSON(ctx context.Context, r io.Reader, name string, opts index.BulkOptions, onResult func(int, string, error)) (index.BulkStats, error) {
	var st index.BulkStats
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var d index.Document
		err := json.Unmarshal(sc.Bytes(), &d)
		if err != nil {
			err = &index.Reject{Source: name, Line: n, Err: fmt.Errorf("%w: %v", index.ErrInvalid, err)}
		}
		var id string
		if err == nil {
			id, err = f.Put(ctx, d)
		}
		if err == nil {
			st.Documents++
		}
		onResult(n, id, err)
	}
	return st, sc.Err()
}

// fakeCatalog is a Catalog of fake indexes.
type fakeCatalog struct {
	mu    sync.Mutex
	ixs   map[string]*fakeIndex
	fixed bool
}

func newFakeCatalog(names ...string) *fakeCatalog {
	c := &fakeCatalog{ixs: map[string]*fakeIndex{}}
	for _, n := range names {
		c.ixs[n] = newFakeIndex(n)
	}
	return c
}

func (c *fakeCatalog) List() []Index {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []Index
	for _, n := range slices.Sorted(maps.Keys(c.ixs)) {
		out = append(out, c.ixs[n])
	}
	return out
}

func (c *fakeCatalog) Get(name string) (Index, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	ix, ok := c.ixs[name]
	if !ok {
		return nil, fmt.Errorf("%w: index %q", index.ErrNotFound, name)
	}
	return ix, nil
}

func (c *fakeCatalog) Create(name string, s index.Schema) (Index, error) {
	if c.fixed {
		return nil, index.ErrReadOnly
	}
	if err := index.ValidateName(name); err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.ixs[name]; ok {
		return nil, fmt.Errorf("%w: index %q", index.ErrExists, name)
	}
	c.ixs[name] = newFakeIndex(name)
	return c.ixs[name], nil
}

func (c *fakeCatalog) Drop(name string) error {
	if c.fixed {
		return index.ErrReadOnly
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.ixs[name]; !ok {
		return fmt.Errorf("%w: index %q", index.ErrNotFound, name)
	}
	delete(c.ixs, name)
	return nil
}

func (f *fakeIndex) Compact(ctx context.Context) error { return f.err }
