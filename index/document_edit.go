package index

import (
	"context"
	"fmt"
	"strings"

	"github.com/blevesearch/bleve/v2/document"
)

// Update merges patch into the stored document id and indexes the result
// in its place, as a JSON merge patch (RFC 7386) at the top level: a field
// set to null is removed, every other field of patch replaces the stored
// value (an array as a whole). The id cannot change: an "id" in patch must
// be id. It returns the merged document; ErrNotFound if id is absent, and
// the errors of Put for a merged document that is not valid.
//
// Updates of one index run one at a time, so that two updates of the same
// document keep each other's fields; a Put of that id at the same moment
// may still be overwritten by the update, or overwrite it.
func (ix *Index) Update(ctx context.Context, id string, patch Document) (Document, error) {
	if v, ok := patch[IDName]; ok && v != nil {
		if got, _ := idString(v); got != id {
			return nil, fmt.Errorf("update %q: %w: field %q is %v: the id of a document cannot change", id, ErrInvalid, IDName, v)
		}
	}
	ix.editMu.Lock()
	defer ix.editMu.Unlock()
	doc, err := ix.Get(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("update: %w", err)
	}
	for k, v := range patch {
		if v == nil {
			delete(doc, k)
		} else {
			doc[k] = v
		}
	}
	doc[IDName] = id
	if _, err := ix.Put(ctx, doc); err != nil {
		return nil, fmt.Errorf("update: %w", err)
	}
	return doc, nil
}

// idString is the id a JSON value names: a string, or an integer in its
// string form.
func idString(v any) (string, bool) {
	if s, ok := v.(string); ok {
		return s, true
	}
	return integerID(v)
}

// deleteChunk is the number of documents DeleteByQuery deletes per batch.
const deleteChunk = 1000

// DeleteByQuery deletes the documents that match the query and filters of
// req (Query, All, Diacritics, Filters; the rest of req is ignored), the
// documents a search of req counts in its total, with two exceptions that
// keep a mistyped query from deleting what the user did not write: a word
// the index does not know is neither searched through the words one edit
// away nor split as a run-on word, and there are no related documents
// (the index's synonyms, set on purpose, apply as in search). A
// request with neither a query nor a filter is refused (drop the index to
// delete everything). It returns the number of documents deleted; after an
// error, the batches counted are deleted and the rest of the matches are
// not.
func (ix *Index) DeleteByQuery(ctx context.Context, req Request) (int, error) {
	ctx, leave, err := ix.gate.enter(ctx, ix.name)
	if err != nil {
		return 0, err
	}
	defer leave()
	if strings.TrimSpace(req.Query) == "" && len(req.Filters) == 0 {
		return 0, fmt.Errorf("delete by query: %w: give a query or a filter (to delete every document, drop the index)", ErrInvalid)
	}
	ids, err := ix.matchingIDs(ctx, req)
	if err != nil {
		return 0, fmt.Errorf("delete by query: %w", err)
	}
	n := 0
	for len(ids) > 0 {
		if err := ctx.Err(); err != nil {
			return n, fmt.Errorf("delete by query: %w", err)
		}
		chunk := ids[:min(deleteChunk, len(ids))]
		ids = ids[len(chunk):]
		if err := ix.deleteIDs(chunk); err != nil {
			return n, fmt.Errorf("delete by query: %w", err)
		}
		n += len(chunk)
	}
	return n, nil
}

// matchingIDs returns the ids of every match of req, without typo edits,
// run-on splits or related documents, read in pages in id order.
func (ix *Index) matchingIDs(ctx context.Context, req Request) ([]string, error) {
	r := defaultRank()
	r.typoWeight, r.splitRunOns = 0, false
	r.related, r.feedback = feedbackParams{}, feedbackParams{}
	no := false
	page := Request{
		Query: req.Query, All: req.All, Diacritics: req.Diacritics, Filters: req.Filters,
		Sort: []string{"_id"}, Size: maxSize, Related: &no, Fields: &[]string{},
		Highlight: &HighlightOptions{Disabled: true},
	}
	var ids []string
	for {
		res, err := ix.search(ctx, page, r)
		if err != nil {
			return nil, err
		}
		for _, h := range res.Hits {
			ids = append(ids, h.ID)
		}
		if len(res.Hits) < page.Size {
			return ids, nil
		}
		page.SearchAfter = res.Hits[len(res.Hits)-1].Sort
	}
}

// deleteIDs deletes ids, one batch per shard.
func (ix *Index) deleteIDs(ids []string) error {
	byShard := map[int]map[string]*document.Document{}
	for _, id := range ids {
		i := ix.shards.route(id)
		if byShard[i] == nil {
			byShard[i] = map[string]*document.Document{}
		}
		byShard[i][id] = nil
	}
	for i, docs := range byShard {
		sh, err := ix.shards.shard(i)
		if err != nil {
			return err
		}
		b := sh.NewBatch()
		for id := range docs {
			b.Delete(id)
		}
		if err := ix.commit(i, b, docs); err != nil {
			return err
		}
	}
	return nil
}
