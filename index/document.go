package index

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// maxIDBytes bounds the length of a document id.
const maxIDBytes = 512

// Documents are validated before anything is indexed:
//   - "id" is a non-empty string of at most 512 bytes without NUL bytes;
//     when it is missing and the schema names an IDField, the id is that
//     field's value (a string, or an integer number) — never random;
//   - every string is valid UTF-8;
//   - a value has its field's type; with the default (dynamic) schema the
//     first document that uses a field fixes its type: a string makes a
//     text field (also when it looks like a date: declare date fields), a
//     number a number field, a boolean a bool field;
//   - a date field takes RFC 3339, the common forms or Unix seconds, or
//     only its Format when the schema gives one (dates.go);
//   - arrays hold values of one type; null values and empty arrays are
//     skipped;
//   - nested objects are rejected rather than flattened: flattening would
//     make names like "a.exact" that clash with the text representations.
//     Flatten them yourself with dotted names ("author.name").
// Every error wraps ErrInvalid and names the field.

// Get returns the stored fields of document id (ErrNotFound if absent).
func (ix *Index) Get(ctx context.Context, id string) (Document, error) {
	ctx, leave, err := ix.gate.enter(ctx, ix.name)
	if err != nil {
		return nil, err
	}
	defer leave()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	sh, err := ix.shards.shard(ix.shards.route(id))
	if err != nil {
		return nil, fmt.Errorf("get %q: %w", id, err)
	}
	d, err := sh.Document(id)
	if err != nil {
		return nil, fmt.Errorf("get %q: %w", id, err)
	}
	if d == nil {
		return nil, fmt.Errorf("get %q: %w", id, ErrNotFound)
	}
	out := Document{}
	d.VisitFields(func(f bleveindex.Field) {
		name := f.Name()
		if strings.HasPrefix(name, "_") {
			return
		}
		v, ok := storedValue(f)
		if !ok {
			return
		}
		if len(f.ArrayPositions()) == 0 {
			out[name] = v
			return
		}
		arr, _ := out[name].([]any)
		out[name] = append(arr, v)
	})
	return out, nil
}

func storedValue(f bleveindex.Field) (any, bool) {
	switch f := f.(type) {
	case bleveindex.TextField:
		return f.Text(), true
	case bleveindex.NumericField:
		n, err := f.Number()
		return n, err == nil
	case bleveindex.BooleanField:
		b, err := f.Boolean()
		return b, err == nil
	case bleveindex.DateTimeField:
		t, _, err := f.DateTime()
		return t.Format(time.RFC3339Nano), err == nil
	}
	return nil, false
}

// Put validates d and indexes it, replacing any document with the same id.
// It returns the id.
func (ix *Index) Put(ctx context.Context, d Document) (string, error) {
	ctx, leave, err := ix.gate.enter(ctx, ix.name)
	if err != nil {
		return "", err
	}
	defer leave()
	if err := ctx.Err(); err != nil {
		return "", err
	}
	if data, err := json.Marshal(d); err != nil {
		return "", fmt.Errorf("%w: %v", ErrInvalid, err)
	} else if len(data) > ix.maxDocBytes {
		return "", fmt.Errorf("%w: document of %d bytes is larger than the maximum of %d", ErrInvalid, len(data), ix.maxDocBytes)
	}
	doc, err := ix.prepare(d, "", false)
	if err != nil {
		return "", err
	}
	i := ix.shards.route(doc.ID())
	sh, err := ix.shards.shard(i)
	if err != nil {
		return "", fmt.Errorf("put %q: %w", doc.ID(), err)
	}
	b := sh.NewBatch()
	if err := b.IndexAdvanced(doc); err != nil {
		return "", fmt.Errorf("put %q: %w", doc.ID(), err)
	}
	if err := ix.commit(i, b, map[string]*document.Document{doc.ID(): doc}); err != nil {
		return "", fmt.Errorf("put %q: %w", doc.ID(), err)
	}
	return doc.ID(), nil
}

// Delete removes document id (ErrNotFound if absent).
func (ix *Index) Delete(ctx context.Context, id string) error {
	ctx, leave, err := ix.gate.enter(ctx, ix.name)
	if err != nil {
		return err
	}
	defer leave()
	if err := ctx.Err(); err != nil {
		return err
	}
	i := ix.shards.route(id)
	sh, err := ix.shards.shard(i)
	if err != nil {
		return fmt.Errorf("delete %q: %w", id, err)
	}
	d, err := sh.Document(id)
	if err != nil {
		return fmt.Errorf("delete %q: %w", id, err)
	}
	if d == nil {
		return fmt.Errorf("delete %q: %w", id, ErrNotFound)
	}
	b := sh.NewBatch()
	b.Delete(id)
	if err := ix.commit(i, b, map[string]*document.Document{id: nil}); err != nil {
		return fmt.Errorf("delete %q: %w", id, err)
	}
	return nil
}

// commit saves any newly discovered fields (schema file, and bleve's
// mapping in the same batch) and executes b, a batch of shard i whose
// documents are docs (id → document, nil for a delete), and keeps the token
// totals (bm25_tokens.go). When it returns nil the batch is on disk.
//
// bleve can panic when a write fails while another batch is being
// prepared: on a full disk, scorch closes the segment it could not persist
// while it is still searched (zapx "assignment to entry in nil map"). The
// panic, when it happens in this goroutine, becomes an error: the CLI
// reports it and stops, the server answers 500. (bleve's own persister can
// panic the same way, which ends the process like a crash.) What was
// acknowledged is on disk either way (TestFullDisk).
func (ix *Index) commit(i int, b *bleve.Batch, docs map[string]*document.Document) error {
	_, err := ix.commitCount(i, b, docs)
	return err
}

// commitCount is commit, and also returns how many of the documents of
// docs replaced a document the shard held (for the bulk summary).
func (ix *Index) commitCount(i int, b *bleve.Batch, docs map[string]*document.Document) (updated int64, err error) {
	ix.snapMu.RLock() // a snapshot sees the whole batch or none of it
	defer ix.snapMu.RUnlock()
	if err := ix.checkFrozen(); err != nil {
		return 0, err
	}
	sh, err := ix.shards.shard(i)
	if err != nil {
		return 0, err
	}
	if !onlyDeletes(docs) { // deletes free space: they are always let through
		if err := ix.checkSpace(0); err != nil {
			return 0, err
		}
	}
	if err := ix.persistSchema(b); err != nil {
		return 0, err
	}
	old, existed, up, track := ix.replaced(sh, docs)
	if !track {
		up = countExisting(sh, docs)
	}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("the index failed after an earlier write error (is the disk full?): %v", p)
		}
	}()
	if err := sh.Batch(b); err != nil {
		return 0, err
	}
	if track {
		ix.addTokens(i, docs, old, existed)
	}
	return int64(up), nil
}

// countExisting counts the documents of docs (not the deletes) whose id
// the shard holds; 0 when it cannot tell.
func countExisting(sh bleve.Index, docs map[string]*document.Document) uint64 {
	var n uint64
	for id, d := range docs {
		if d == nil {
			continue
		}
		if old, err := sh.Document(id); err == nil && old != nil {
			n++
		}
	}
	return n
}

func onlyDeletes(docs map[string]*document.Document) bool {
	for _, d := range docs {
		if d != nil {
			return false
		}
	}
	return true
}

// persistSchema writes the schema if fields were discovered since it was
// last written, and queues the matching bleve mapping into b; a sharded
// index writes it into every shard at once (openBleve mends a shard a
// crash left behind).
func (ix *Index) persistSchema(b *bleve.Batch) error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if !ix.dirty {
		return nil
	}
	m, err := mappingJSON(ix.schema)
	if err != nil {
		return err
	}
	if err := saveSchema(ix.path, ix.schema); err != nil {
		return err
	}
	if !ix.shards.sharded() {
		b.SetInternal(mappingKey, m)
	}
	for i, sh := range ix.shards.all {
		if sh == nil || !ix.shards.sharded() {
			continue
		}
		if err := sh.SetInternal(mappingKey, m); err != nil {
			return fmt.Errorf("save mapping of shard %d: %w", i, err)
		}
	}
	ix.dirty = false
	return nil
}

// prepare validates d and builds its bleve document. idField overrides the
// schema's IDField when not empty. fromText says the values come from a
// text format (CSV), whose strings are parsed for number, bool and date
// fields.
func (ix *Index) prepare(d Document, idField string, fromText bool) (*document.Document, error) {
	id, err := ix.docID(d, idField)
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(d))
	for k, v := range d {
		if k != IDName && v != nil {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	fields, err := ix.fieldsFor(d, names)
	if err != nil {
		return nil, err
	}
	doc := document.NewDocument(id)
	doc.AddField(document.NewTextFieldCustom(IDName, nil, []byte(id), keywordOptions, ix.keyword))
	for i, name := range names {
		if err := ix.addValue(doc, fields[i], d[name], fromText); err != nil {
			return nil, err
		}
	}
	return doc, nil
}

// docID returns the id of d: its "id", or its idField value.
func (ix *Index) docID(d Document, idField string) (string, error) {
	v, ok := d[IDName]
	if !ok || v == nil {
		if idField == "" {
			idField = ix.Schema().IDField
		}
		if idField == "" {
			return "", fmt.Errorf("%w: missing id: the document has no %q field", ErrInvalid, IDName)
		}
		var err error
		if v, err = derivedID(d[idField], idField); err != nil {
			return "", err
		}
	}
	id, ok := v.(string)
	if !ok {
		if id, ok = integerID(v); !ok {
			return "", fmt.Errorf("%w: field %q: want a string or an integer, got %s", ErrInvalid, IDName, kind(v))
		}
	}
	switch {
	case strings.TrimSpace(id) == "":
		return "", fmt.Errorf("%w: field %q: empty id", ErrInvalid, IDName)
	case len(id) > maxIDBytes:
		return "", fmt.Errorf("%w: field %q: id longer than %d bytes", ErrInvalid, IDName, maxIDBytes)
	case strings.ContainsRune(id, 0):
		return "", fmt.Errorf("%w: field %q: id contains a NUL byte", ErrInvalid, IDName)
	case !utf8.ValidString(id):
		return "", fmt.Errorf("%w: field %q: invalid UTF-8", ErrInvalid, IDName)
	}
	return id, nil
}

// derivedID turns the value of the id field f into an id.
func derivedID(v any, f string) (string, error) {
	switch v := v.(type) {
	case nil:
		return "", fmt.Errorf("%w: missing id: no %q field and no id field %q", ErrInvalid, IDName, f)
	case string:
		return v, nil
	}
	if id, ok := integerID(v); ok {
		return id, nil
	}
	return "", fmt.Errorf("%w: id field %q: want a string or an integer, got %s", ErrInvalid, f, kind(v))
}

// integerID returns the string form of an integer id: 42 is the id "42",
// as in Elasticsearch and Meilisearch. Fractions, and integers a float64
// cannot hold exactly, are not ids.
func integerID(v any) (string, bool) {
	if s, ok := v.(json.Number); ok {
		if _, err := strconv.ParseInt(string(s), 10, 64); err == nil {
			return string(s), true
		}
		return "", false
	}
	if n, ok := number(v); ok && n == math.Trunc(n) && math.Abs(n) < 1<<53 {
		return strconv.FormatInt(int64(n), 10), true
	}
	return "", false
}

// fieldsFor returns the schema field of each name, discovering new ones.
func (ix *Index) fieldsFor(d Document, names []string) ([]Field, error) {
	out := make([]Field, len(names))
	var missing []int
	ix.mu.RLock()
	for i, name := range names {
		if j, ok := ix.fields[name]; ok {
			out[i] = ix.schema.Fields[j]
		} else {
			missing = append(missing, i)
		}
	}
	ix.mu.RUnlock()
	for _, i := range missing {
		f, err := ix.discover(names[i], d[names[i]])
		if err != nil {
			return nil, err
		}
		out[i] = f
	}
	return out, nil
}

// discover adds field name to the schema with the type of value v.
func (ix *Index) discover(name string, v any) (Field, error) {
	if err := validFieldName(name); err != nil {
		return Field{}, fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	if arr, ok := v.([]any); ok && len(arr) > 0 {
		v = arr[0]
	}
	f := Field{Name: name, Discovered: true}
	switch v.(type) {
	case string:
		f.Type, f.Boost = Text, 1
	case bool:
		f.Type, f.Filter = Bool, true
	case map[string]any:
		return Field{}, fmt.Errorf("%w: field %q: nested objects are not supported: flatten them with dotted names", ErrInvalid, name)
	default:
		if _, ok := number(v); !ok {
			return Field{}, fmt.Errorf("%w: field %q: unsupported value: %s", ErrInvalid, name, kind(v))
		}
		f.Type, f.Filter, f.Sort = Number, true, true
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if j, ok := ix.fields[name]; ok { // discovered meanwhile
		return ix.schema.Fields[j], nil
	}
	if f.Type == Text {
		f.Search = !ix.schema.declaredSearch()
	}
	ix.schema.Fields = append(ix.schema.Fields, f)
	ix.fields[name] = len(ix.schema.Fields) - 1
	ix.dirty = true
	return f, nil
}
