package index

import (
	"bytes"
	"fmt"
	"slices"
)

// Action lines in JSON Lines input, in Elasticsearch's manner:
//
//	{"index": {"_id": "x"}}    the next line is a document, indexed as x
//	{"delete": {"_id": "x"}}   delete x (not an error when x is absent)
//
// A line is an action when it is an object with one key, "index",
// "create", "update" or "delete", whose value is an object: a document
// cannot be one, as nested objects are refused. The "_id" of an index
// action may be left out (the document's own id is used) and must match
// the document's "id" when both are given; "_id" may be a string or an
// integer; "_index", if given, must name the index being loaded. Plain
// documents mix freely with actions. The result of an index action is
// that of its document, reported at the document's line (its reject record
// holds both lines); a delete is reported at its own line.

// bulkAction is an index action waiting for its document.
type bulkAction struct {
	line int
	id   string
	raw  []byte
}

// actionVerbs are the keys that make a one-key line an action line.
var actionVerbs = []string{"index", "create", "update", "delete"}

// parseAction returns the verb and metadata of an action line; ok is
// false for a document.
func parseAction(d Document) (verb string, meta map[string]any, ok bool) {
	if len(d) != 1 {
		return "", nil, false
	}
	for k, v := range d {
		meta, ok = v.(map[string]any)
		verb = k
	}
	return verb, meta, ok && slices.Contains(actionVerbs, verb)
}

// actionID checks the metadata of an action on index name and returns its
// "_id" ("" when absent).
func actionID(verb string, meta map[string]any, name string) (string, error) {
	if verb != "index" && verb != "delete" {
		return "", fmt.Errorf("%w: action %q is not supported: use index (which creates or replaces) or delete", ErrInvalid, verb)
	}
	for k := range meta {
		if k != "_id" && k != "_index" {
			return "", fmt.Errorf("%w: action %s: unknown key %q (want _id, _index)", ErrInvalid, verb, k)
		}
	}
	if v, ok := meta["_index"]; ok && v != name {
		return "", fmt.Errorf("%w: action %s: _index %v: this load goes to index %q", ErrInvalid, verb, v, name)
	}
	v, ok := meta["_id"]
	if !ok {
		if verb == "delete" {
			return "", fmt.Errorf("%w: action delete: missing _id", ErrInvalid)
		}
		return "", nil
	}
	id, ok := idString(v)
	if !ok || id == "" || len(id) > maxIDBytes {
		return "", fmt.Errorf("%w: action %s: _id %v: want a string of 1 to %d bytes or an integer", ErrInvalid, verb, v, maxIDBytes)
	}
	return id, nil
}

// action handles rec when it is an action line, or the document of a
// pending index action; it returns the record to index (nil when there is
// nothing left to do) and whether rec was consumed here.
func (p *producer) action(s Source, rec record) (record, bool) {
	if rec.err == nil {
		if verb, meta, ok := parseAction(rec.doc); ok {
			p.orphan(s)
			id, err := actionID(verb, meta, p.ix.name)
			switch {
			case err != nil:
				p.reject(s, rec, id, err)
			case verb == "delete":
				p.delete(rec, id)
			default:
				p.pending = &bulkAction{line: rec.line, id: id, raw: bytes.Clone(rec.raw)}
			}
			return record{}, true
		}
	}
	act := p.pending
	if act == nil {
		return rec, false
	}
	p.pending = nil
	rec.raw = append(append(append([]byte(nil), act.raw...), '\n'), rec.raw...)
	if rec.err != nil || act.id == "" {
		return rec, false
	}
	if v, ok := rec.doc[IDName]; ok && v != nil {
		if got, _ := idString(v); got != act.id {
			rec.err = fmt.Errorf("%w: field %q is %v, the index action of line %d says _id %q", ErrInvalid, IDName, v, act.line, act.id)
			return rec, false
		}
	}
	rec.doc[IDName] = act.id
	return rec, false
}

// orphan rejects a pending index action that no document followed.
func (p *producer) orphan(s Source) {
	if act := p.pending; act != nil {
		p.pending = nil
		p.reject(s, record{line: act.line, raw: act.raw}, act.id, fmt.Errorf("%w: index action without a document on the next line", ErrInvalid))
	}
}

// reject adds a rejected record to the current batch.
func (p *producer) reject(s Source, rec record, id string, err error) {
	res := result{line: rec.line, id: id, reject: &Reject{Source: s.Name, Line: rec.line, ID: id, Raw: bytes.Clone(rec.raw), Err: err}}
	p.cur.results = append(p.cur.results, res)
}

// delete queues the deletion of id in the current batch.
func (p *producer) delete(rec record, id string) {
	res := result{line: rec.line, id: id, shard: p.ix.shards.route(id)}
	pt := p.part(res.shard)
	pt.b.Delete(id)
	pt.ids[id] = nil
	pt.deletes++
	p.cur.results = append(p.cur.results, res)
}
