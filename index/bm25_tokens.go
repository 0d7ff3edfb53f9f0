package index

// Token totals counted at index time. Every write (Put, Delete, each bulk
// batch) goes through commit, which knows the documents of its batch:
// after bleve has analyzed and written them, the number of tokens of each
// text representation (bleve's AnalyzedLength, which is what the postings'
// term frequencies add up to) is added to a running total per field, and
// the tokens of the documents the batch replaced or deleted are subtracted
// (counted by analyzing their stored text again, before the batch). The
// totals, with the live document count they belong to, are saved inside
// the index under tokensKey after every batch, so BM25's mean field length
// is totals / documents at any time: no counting over the postings at the
// first search, also right after a bulk load (bm25.go).
//
// The totals are kept only for an index that has had them from its first
// document (created by this version, or empty when opened). An older
// index, or one whose saved record does not match its document count (the
// process stopped between a batch and the record), falls back to counting
// the postings at search time, as before. Limits, accepted as
// approximations: a Put racing a bulk batch on the same id may subtract the
// old version once too few or too many; and a replaced document's old
// tokens are counted with today's analyzer, so a document indexed by an
// analyzer that split words differently is subtracted with the new count.

import (
	"encoding/json"
	"sync"

	"github.com/blevesearch/bleve/v2/document"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/fahras/fahras/analysis"
)

// tokensKey is the bleve internal key of the saved token totals.
var tokensKey = []byte("fahras_field_tokens")

// tokenTotals is the number of tokens of every text representation over
// the live documents.
type tokenTotals struct {
	mu     sync.Mutex
	on     bool             // the totals are complete and maintained
	docs   uint64           // live documents
	tokens map[string]int64 // bleve field (f, f.exact, f.vocal) → tokens
}

// savedTokens is the record saved under tokensKey.
type savedTokens struct {
	Docs   uint64           `json:"docs"`
	Tokens map[string]int64 `json:"tokens"`
}

// loadTokens starts the totals of a newly opened index: from the saved
// record when it matches the document count, empty for an empty index,
// and off otherwise.
func (ix *Index) loadTokens() {
	t := &ix.tokens
	t.mu.Lock()
	defer t.mu.Unlock()
	t.on, t.docs, t.tokens = false, 0, map[string]int64{}
	n, err := ix.bi.DocCount()
	if err != nil {
		return
	}
	b, err := ix.bi.GetInternal(tokensKey)
	if err != nil {
		return
	}
	if b == nil {
		t.on = n == 0
		return
	}
	var s savedTokens
	if json.Unmarshal(b, &s) != nil || s.Docs != n {
		return
	}
	t.on, t.docs = true, s.Docs
	for f, c := range s.Tokens {
		t.tokens[f] = c
	}
}

// tokenMeans returns the mean length of each of fields over n live
// documents from the totals, and false when the totals are not kept or
// belong to another document count (a batch being written).
func (ix *Index) tokenMeans(n uint64, fields []string) (map[string]float64, bool) {
	t := &ix.tokens
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.on || t.docs != n {
		return nil, false
	}
	mean := make(map[string]float64, len(fields))
	for _, f := range fields {
		mean[f] = 0
		if n > 0 {
			mean[f] = float64(t.tokens[f]) / float64(n)
		}
	}
	return mean, true
}

// replaced counts the documents of docs (id → new document, nil for a
// delete) that exist in the index now, and their tokens per text field.
// It returns ok false when the totals are not kept.
func (ix *Index) replaced(docs map[string]*document.Document) (old map[string]int64, existed uint64, ok bool) {
	ix.tokens.mu.Lock()
	on := ix.tokens.on
	ix.tokens.mu.Unlock()
	if !on {
		return nil, 0, false
	}
	adv, err := ix.bi.Advanced()
	if err != nil {
		return nil, 0, false
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, 0, false
	}
	defer r.Close()
	text := ix.textFieldSet()
	old = map[string]int64{}
	for id := range docs {
		d, err := r.Document(id)
		if err != nil {
			return nil, 0, false
		}
		if d == nil {
			continue
		}
		existed++
		d.VisitFields(func(f bleveindex.Field) {
			tf, isText := f.(bleveindex.TextField)
			if !isText || !text[f.Name()] {
				return
			}
			for _, l := range analysis.Levels {
				old[fieldName(f.Name(), l)] += int64(len(ix.analyzers[l].Analyze([]byte(tf.Text()))))
			}
		})
	}
	return old, existed, true
}

// addTokens adds the tokens of the written documents of docs, subtracts
// old (from replaced) and saves the record. A failure to save leaves the
// totals right in memory; the next process, finding a record that does not
// match, counts.
func (ix *Index) addTokens(docs map[string]*document.Document, old map[string]int64, existed uint64) {
	text := ix.textFieldSet()
	added := map[string]int64{}
	var n uint64
	for _, d := range docs {
		if d == nil {
			continue
		}
		n++
		d.VisitFields(func(f bleveindex.Field) {
			if text[baseField(f.Name())] && f.Options().IsIndexed() {
				added[f.Name()] += int64(f.AnalyzedLength())
			}
		})
	}
	t := &ix.tokens
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.on {
		return
	}
	for f, c := range added {
		t.tokens[f] += c
	}
	for f, c := range old {
		t.tokens[f] -= c
	}
	t.docs = t.docs + n - existed
	b, err := json.Marshal(savedTokens{Docs: t.docs, Tokens: t.tokens})
	if err == nil {
		_ = ix.bi.SetInternal(tokensKey, b)
	}
}

// textFieldSet returns the names of the schema's text fields.
func (ix *Index) textFieldSet() map[string]bool {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	out := map[string]bool{}
	for _, f := range ix.schema.Fields {
		if f.Type == Text {
			out[f.Name] = true
		}
	}
	return out
}
