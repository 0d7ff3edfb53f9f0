package index

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// A schema change that the index cannot apply in place is a reindex: the
// source index is frozen (writes fail with ErrBusy, searches go on), every
// document is copied into a new index with the new schema, and the new
// index is swapped in, in one step under the catalog's lock: the source's
// name becomes an alias of the new index, the aliases of the source move
// to it, and the source is closed (searches in flight finish first) and
// deleted a little later (retire). A failure unfreezes the source and drops the new index.
// Writes are refused rather than replayed: a client told 503 with
// Retry-After loses nothing it was told was stored.

// reindexPage is how many ids one page of the copy reads.
const reindexPage = 500

// ChangeSchema applies ch to the index (or alias) name: in place when it
// can (task nil), else in a reindex task running in the background, whose
// progress Task reports.
func (c *Catalog) ChangeSchema(name string, ch SchemaChange) (*TaskInfo, error) {
	if c.dir == "" {
		return nil, fmt.Errorf("change schema of %q: %w", name, ErrReadOnly)
	}
	from := c.Resolve(name)
	ix, err := c.Get(from)
	if err != nil {
		return nil, err
	}
	if err := ix.writable(); err != nil { // a reindex is running: its copy would miss the change
		return nil, err
	}
	why, err := ix.ChangeSchema(ch)
	if err != nil || len(why) == 0 {
		return nil, err
	}
	next, err := ch.apply(ix.Schema())
	if err != nil {
		return nil, err
	}
	if err := ix.freeze(); err != nil {
		return nil, err
	}
	total, _ := ix.shards.docCount()
	t := c.tasks.add(TaskInfo{Kind: "reindex", Index: name, From: from, Status: TaskRunning, Reasons: why, DocsTotal: int64(total), Started: now()})
	c.wg.Add(1)
	go func() {
		defer c.wg.Done()
		err := c.reindex(c.bg, t, ix, next)
		if err != nil {
			ix.unfreeze()
		}
		t.finish(err)
	}()
	info := t.snapshot()
	return &info, nil
}

// reindex copies src into a new index with schema s and swaps it in.
func (c *Catalog) reindex(ctx context.Context, t *task, src *Index, s Schema) error {
	to, err := c.freeName(t.info.From)
	if err != nil {
		return err
	}
	t.mu.Lock()
	t.info.To = to
	t.mu.Unlock()
	s.Shards = max(src.Shards(), 1)
	dst, err := c.Create(to, s)
	if err != nil {
		return err
	}
	err = dst.SetSynonyms(src.Synonyms())
	if c.beforeCopy != nil {
		c.beforeCopy()
	}
	if err == nil {
		err = copyDocuments(ctx, src, dst, &t.done)
	}
	if err == nil {
		err = c.swap(t.info.From, src, to)
	}
	if err != nil {
		if derr := c.Drop(to); derr != nil && !errors.Is(derr, ErrNotFound) {
			err = fmt.Errorf("%w (and the new index %q could not be dropped: %v)", err, to, derr)
		}
		return fmt.Errorf("reindex %q into %q: %w", t.info.From, to, err)
	}
	c.wg.Add(1)
	go func() {
		defer c.wg.Done()
		c.retire(t, src)
	}()
	return nil
}

// retireDelay is how long the old index of a reindex stays open after the
// swap, for the requests that resolved its name just before it: they
// answer from it rather than fail on a closed index.
const retireDelay = 2 * time.Second

// retire closes and deletes the old index of a reindex once retireDelay
// has passed (at once when the catalog closes). A failure is the task's
// warning: the new index is served either way.
func (c *Catalog) retire(t *task, src *Index) {
	if c.retireDelay >= 0 {
		select {
		case <-time.After(cmp.Or(c.retireDelay, retireDelay)):
		case <-c.bg.Done():
		}
	}
	err := src.Close()
	if err == nil {
		err = os.RemoveAll(src.Path())
	}
	if err != nil {
		t.mu.Lock()
		t.info.Warning = fmt.Sprintf("the old index %s could not be closed and deleted: %v", src.Path(), err)
		t.mu.Unlock()
	}
}

// freeName returns the first free name NAME-rN.
func (c *Catalog) freeName(base string) (string, error) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	for n := 1; n < 10000; n++ {
		suffix := "-r" + strconv.Itoa(n)
		name := base[:min(len(base), 64-len(suffix))] + suffix
		if _, ok := c.ixs[name]; ok || c.pending[name] {
			continue
		}
		if _, ok := c.aliases[name]; ok {
			continue
		}
		if _, err := os.Lstat(c.dir + string(os.PathSeparator) + name); err == nil {
			continue
		}
		return name, nil
	}
	return "", fmt.Errorf("no free name for the reindex of %q", base)
}

// swap serves the index to under the name from (now an alias) and under
// every alias of from, in one step.
func (c *Catalog) swap(from string, src *Index, to string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ixs[from] != src {
		return fmt.Errorf("index %q was dropped or replaced meanwhile", from)
	}
	if _, ok := c.ixs[to]; !ok {
		return fmt.Errorf("the new index %q was dropped meanwhile", to)
	}
	next := map[string]string{from: to}
	for a, target := range c.aliases {
		if target == from {
			target = to
		}
		next[a] = target
	}
	if err := c.saveAliasesLocked(next); err != nil {
		return err
	}
	delete(c.ixs, from)
	c.aliases = next
	return nil
}

// copyDocuments writes every document of src into dst through dst's bulk
// path, counting them into done. A document the new schema refuses fails
// the copy, naming it.
func copyDocuments(ctx context.Context, src, dst *Index, done interface{ Add(int64) int64 }) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	pr, pw := io.Pipe()
	go func() { pw.CloseWithError(writeAll(ctx, src, pw)) }()
	var refused error
	_, err := dst.BulkNDJSON(ctx, pr, "reindex", BulkOptions{MaxDocBytes: src.maxDocBytes}, func(_ int, id string, err error) {
		if err != nil && refused == nil {
			refused = fmt.Errorf("document %q: %w", id, err)
			cancel()
		}
		if err == nil {
			done.Add(1)
		}
	})
	pr.Close()
	if refused != nil {
		return refused
	}
	return err
}

// writeAll writes every document of ix as one JSON line to w, shard by
// shard in id order.
func writeAll(ctx context.Context, ix *Index, w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for i := range ix.shards.all {
		sh, err := ix.shards.shard(i)
		if err != nil {
			return err
		}
		err = eachID(ctx, sh, func(id string) error {
			d, err := ix.Get(ctx, id)
			if err != nil {
				return err
			}
			return enc.Encode(d)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// eachID calls fn with every document id of sh, in id order, in pages.
func eachID(ctx context.Context, sh bleve.Index, fn func(id string) error) error {
	var after []string
	for {
		req := bleve.NewSearchRequestOptions(query.NewMatchAllQuery(), reindexPage, 0, false)
		req.SortBy([]string{"_id"})
		req.SearchAfter = after
		res, err := sh.SearchInContext(ctx, req)
		if err != nil {
			return err
		}
		for _, h := range res.Hits {
			if err := fn(h.ID); err != nil {
				return err
			}
		}
		if len(res.Hits) < reindexPage {
			return nil
		}
		after = []string{res.Hits[len(res.Hits)-1].ID}
	}
}
