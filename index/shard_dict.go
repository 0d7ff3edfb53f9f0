package index

// Term dictionaries for query building. Prefix expansion (rank.go
// expansions) counts the terms of a field that start with a prefix, and
// spelling variants (rank_variants.go spellings) ask whether a term is in
// a field's dictionary. For a sharded index both must see the union of
// the shards' dictionaries, as one index holding every document would.

import (
	"bytes"
	"errors"
	"math"

	"github.com/blevesearch/bleve/v2"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// termDicts is where a query builder reads term dictionaries: a bleve
// index, or shardDicts.
type termDicts interface {
	FieldDictPrefix(field string, termPrefix []byte) (bleveindex.FieldDict, error)
}

// dictReader answers whether terms are in a field's dictionary.
type dictReader interface {
	bleveindex.IndexReaderContains
	Close() error
}

// openDictReader opens a dictReader on d, or returns nil if it cannot.
func openDictReader(d termDicts) dictReader {
	switch d := d.(type) {
	case shardDicts:
		return d.reader()
	case *scopedDicts:
		return d.reader()
	case bleve.Index:
		adv, err := d.Advanced()
		if err != nil {
			return nil
		}
		r, err := adv.Reader()
		if err != nil || r == nil {
			return nil
		}
		if dr, ok := r.(dictReader); ok {
			return dr
		}
		r.Close()
	}
	return nil
}

// shardDicts is the union of the dictionaries of shards.
type shardDicts []bleve.Index

// FieldDictPrefix merges the shards' dictionaries of field under prefix:
// every term once, in order, with its document count summed.
func (s shardDicts) FieldDictPrefix(field string, prefix []byte) (bleveindex.FieldDict, error) {
	m := &mergedDict{}
	for _, sh := range s {
		r, err := plainReader(sh) // a shard's own dictionary, not its group's
		if err != nil {
			m.Close()
			return nil, err
		}
		m.release = append(m.release, r)
		d, err := r.FieldDictPrefix(field, prefix)
		if err != nil {
			m.Close()
			return nil, err
		}
		e, err := d.Next()
		if err != nil {
			d.Close()
			m.Close()
			return nil, err
		}
		m.dicts = append(m.dicts, d)
		m.heads = append(m.heads, e)
	}
	return m, nil
}

// reader opens a union reader of the shards' dictionaries.
func (s shardDicts) reader() dictReader {
	u := unionReader{}
	for _, sh := range s {
		r := openDictReader(sh)
		if r == nil {
			u.Close()
			return nil
		}
		u = append(u, r)
	}
	return u
}

// mergedDict merges sorted dictionaries. heads[i] is the next entry of
// dicts[i], nil when it is exhausted. Close closes the readers of release.
type mergedDict struct {
	dicts   []bleveindex.FieldDict
	heads   []*bleveindex.DictEntry
	release []bleveindex.IndexReader
}

func (m *mergedDict) Next() (*bleveindex.DictEntry, error) {
	var first []byte
	for _, h := range m.heads {
		if h != nil && (first == nil || bytes.Compare([]byte(h.Term), first) < 0) {
			first = []byte(h.Term)
		}
	}
	if first == nil {
		return nil, nil
	}
	out := &bleveindex.DictEntry{Term: string(first), EditDistance: math.MaxUint8}
	for i, h := range m.heads {
		if h == nil || h.Term != out.Term {
			continue
		}
		out.Count += h.Count
		out.EditDistance = min(out.EditDistance, h.EditDistance)
		next, err := m.dicts[i].Next()
		if err != nil {
			return nil, err
		}
		m.heads[i] = next
	}
	return out, nil
}

func (m *mergedDict) Close() error {
	var errs []error
	for _, d := range m.dicts {
		errs = append(errs, d.Close())
	}
	for _, r := range m.release {
		errs = append(errs, r.Close())
	}
	return errors.Join(errs...)
}

// Cardinality is the largest of the shards' dictionary sizes (a lower
// bound of the union's).
func (m *mergedDict) Cardinality() int {
	n := 0
	for _, d := range m.dicts {
		n = max(n, d.Cardinality())
	}
	return n
}

func (m *mergedDict) BytesRead() uint64 {
	var n uint64
	for _, d := range m.dicts {
		n += d.BytesRead()
	}
	return n
}

// unionReader asks the readers of every shard.
type unionReader []dictReader

func (u unionReader) FieldDictContains(field string) (bleveindex.FieldDictContains, error) {
	out := unionContains{}
	for _, r := range u {
		d, err := r.FieldDictContains(field)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

func (u unionReader) Close() error {
	var errs []error
	for _, r := range u {
		errs = append(errs, r.Close())
	}
	return errors.Join(errs...)
}

// unionContains holds a term when any shard's dictionary does.
type unionContains []bleveindex.FieldDictContains

func (u unionContains) Contains(key []byte) (bool, error) {
	for _, d := range u {
		if ok, err := d.Contains(key); ok || err != nil {
			return ok, err
		}
	}
	return false, nil
}

func (u unionContains) BytesRead() uint64 {
	var n uint64
	for _, d := range u {
		n += d.BytesRead()
	}
	return n
}
