package server

import (
	"context"
	"fmt"
	"strings"

	"github.com/fahras/fahras/index"
)

// Update merges patch into the stored document.
func (f *fakeIndex) Update(ctx context.Context, id string, patch index.Document) (index.Document, error) {
	if f.err != nil {
		return nil, f.err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	d, ok := f.docs[id]
	if !ok {
		return nil, fmt.Errorf("update %q: %w", id, index.ErrNotFound)
	}
	out := index.Document{}
	for k, v := range d {
		out[k] = v
	}
	for k, v := range patch {
		if v == nil {
			delete(out, k)
		} else {
			out[k] = v
		}
	}
	f.docs[id] = out
	return out, nil
}

// DeleteByQuery deletes the documents whose "text" contains the query.
func (f *fakeIndex) DeleteByQuery(ctx context.Context, req index.Request) (int, error) {
	if f.err != nil {
		return 0, f.err
	}
	if req.Query == "slow" { // deletes one document, then runs out of time
		return 1, fmt.Errorf("delete by query: %w", context.DeadlineExceeded)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for id, d := range f.docs {
		if s, _ := d["text"].(string); req.Query != "" && strings.Contains(s, req.Query) {
			delete(f.docs, id)
			n++
		}
	}
	return n, nil
}
