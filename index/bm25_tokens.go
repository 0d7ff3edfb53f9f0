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
//
// A sharded index keeps the totals of each shard's documents and saves
// them in that shard, right after its batch; the global totals, which BM25
// needs, are their sum, kept only while every shard's record matched its
// document count when the index was opened.

import (
	"encoding/json"
	"sync"

	"github.com/blevesearch/bleve/v2"
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
	shards []savedTokens    // a sharded index: the totals of each shard
}

// savedTokens is the record saved under tokensKey.
type savedTokens struct {
	Docs   uint64           `json:"docs"`
	Tokens map[string]int64 `json:"tokens"`
}

// loadTokens starts the totals of a newly opened index: from the saved
// records when they match the document counts, empty for an empty index,
// and off otherwise.
func (ix *Index) loadTokens() {
	t := &ix.tokens
	t.mu.Lock()
	defer t.mu.Unlock()
	t.on, t.docs, t.tokens, t.shards = false, 0, map[string]int64{}, nil
	shards := make([]savedTokens, len(ix.shards.all))
	for i, sh := range ix.shards.all {
		if sh == nil {
			return
		}
		s, ok := loadShardTokens(sh)
		if !ok {
			return
		}
		shards[i] = s
	}
	for _, s := range shards {
		t.docs += s.Docs
		for f, c := range s.Tokens {
			t.tokens[f] += c
		}
	}
	t.on = true
	if ix.shards.sharded() {
		t.shards = shards
	}
}

// loadShardTokens reads the totals saved in one bleve index; ok is false
// when they do not match its document count.
func loadShardTokens(bi bleve.Index) (s savedTokens, ok bool) {
	n, err := bi.DocCount()
	if err != nil {
		return s, false
	}
	b, err := bi.GetInternal(tokensKey)
	if err != nil {
		return s, false
	}
	if b == nil {
		return savedTokens{Tokens: map[string]int64{}}, n == 0
	}
	if json.Unmarshal(b, &s) != nil || s.Docs != n {
		return s, false
	}
	if s.Tokens == nil {
		s.Tokens = map[string]int64{}
	}
	return s, true
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
// delete) that exist in sh, their shard, now, and their tokens per text
// field. It returns ok false when the totals are not kept.
func (ix *Index) replaced(sh bleve.Index, docs map[string]*document.Document) (old map[string]int64, existed, updated uint64, ok bool) {
	ix.tokens.mu.Lock()
	on := ix.tokens.on
	ix.tokens.mu.Unlock()
	if !on {
		return nil, 0, 0, false
	}
	adv, err := sh.Advanced()
	if err != nil {
		return nil, 0, 0, false
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, 0, 0, false
	}
	defer r.Close()
	text := ix.textFieldSet()
	old = map[string]int64{}
	for id, nd := range docs {
		d, err := r.Document(id)
		if err != nil {
			return nil, 0, 0, false
		}
		if d == nil {
			continue
		}
		existed++
		if nd != nil {
			updated++
		}
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
	return old, existed, updated, true
}

// addTokens adds the tokens of the written documents of docs, a batch of
// shard i, subtracts old (from replaced) and saves the record. A failure to
// save leaves the totals right in memory; the next process, finding a
// record that does not match, counts.
func (ix *Index) addTokens(i int, docs map[string]*document.Document, old map[string]int64, existed uint64) {
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
	update := func(s *savedTokens) {
		for f, c := range added {
			s.Tokens[f] += c
		}
		for f, c := range old {
			s.Tokens[f] -= c
		}
		s.Docs = s.Docs + n - existed
	}
	global := savedTokens{Docs: t.docs, Tokens: t.tokens}
	update(&global)
	t.docs = global.Docs
	record, sh := global, ix.bi
	if t.shards != nil {
		update(&t.shards[i])
		record, sh = t.shards[i], ix.shards.all[i]
	}
	b, err := json.Marshal(record)
	if err == nil {
		_ = sh.SetInternal(tokensKey, b)
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
