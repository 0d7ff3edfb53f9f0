package index

import (
	"fmt"
	"slices"
)

// SchemaChange changes the schema of an existing index (PATCH
// /v1/indexes/NAME). Each of its fields is added to the schema, or
// replaces the declaration of the field of the same name (which is then
// declared, no longer discovered); fields it does not name stay as they
// are. A text field without a boost gets boost 1, and its "search" flag is
// as given: a text field declared without "search": true is searched
// only when a query names it.
//
// What a change costs is decided by NeedsReindex: boosts, the search,
// filter, facet and sort flags and new fields are applied in place (they
// are read at query time, every field of every document is in the schema
// already, so a new field is one that no document has yet); a field that
// changes type, or a new stop list, needs the documents indexed again, which Catalog.ChangeSchema
// does in the background into a new index, swapped in through an alias.
type SchemaChange struct {
	Fields []Field `json:"fields,omitempty"`
	// StopWords, when set, replaces the index's stop list: it changes the
	// terms of every text field, so the documents are indexed again.
	StopWords *StopWords `json:"stop_words,omitempty"`
}

// apply returns s with the change applied, validated.
func (ch SchemaChange) apply(s Schema) (Schema, error) {
	if len(ch.Fields) == 0 && ch.StopWords == nil {
		return Schema{}, fmt.Errorf("%w: schema change: no fields and no stop_words", ErrInvalid)
	}
	out := s.clone()
	if ch.StopWords != nil {
		out.StopWords = ch.StopWords
	}
	for i, f := range ch.Fields {
		if err := f.validate(); err != nil {
			return Schema{}, fmt.Errorf("%w: schema change: fields[%d]: %v", ErrInvalid, i, err)
		}
		if f.Name == IDName {
			return Schema{}, fmt.Errorf("%w: schema change: fields[%d]: the id field %q cannot change", ErrInvalid, i, IDName)
		}
		if f.Type == Text && f.Boost == 0 {
			f.Boost = 1
		}
		f.Discovered = false
		if j := slices.IndexFunc(out.Fields, func(g Field) bool { return g.Name == f.Name }); j >= 0 {
			out.Fields[j] = f
		} else {
			out.Fields = append(out.Fields, f)
		}
	}
	if err := out.Validate(); err != nil {
		return Schema{}, err
	}
	return out, nil
}

// NeedsReindex returns why going from schema have to want needs the
// documents indexed again; none means the change applies in place.
func NeedsReindex(have, want Schema) []string {
	var why []string
	for _, w := range want.Fields {
		if h, ok := have.lookup(w.Name); ok && h.Type != w.Type {
			why = append(why, fmt.Sprintf("field %q changes type from %s to %s", w.Name, h.Type, w.Type))
		}
	}
	if !want.StopWords.equal(have.StopWords) {
		why = append(why, "the stop list changes the terms of every text field")
	}
	return why
}

// ChangeSchema applies ch to the index in place and saves the schema at
// once. When the change needs a reindex it changes nothing and returns
// the reasons (see Catalog.ChangeSchema, which reindexes).
func (ix *Index) ChangeSchema(ch SchemaChange) (reasons []string, err error) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	next, err := ch.apply(ix.schema)
	if err != nil {
		return nil, err
	}
	if why := NeedsReindex(ix.schema, next); len(why) > 0 {
		return why, nil
	}
	if schemaEqual(next, ix.schema) {
		return nil, nil
	}
	if err := ix.saveSchemaLocked(next); err != nil {
		return nil, err
	}
	ix.schema = next
	ix.reindexFields()
	ix.dirty = false
	return nil, nil
}

// saveSchemaLocked writes s and the matching bleve mapping into every
// shard. Callers hold mu.
func (ix *Index) saveSchemaLocked(s Schema) error {
	m, err := mappingJSON(s)
	if err != nil {
		return err
	}
	if err := saveSchema(ix.path, s); err != nil {
		return err
	}
	for i, sh := range ix.shards.all {
		if sh == nil {
			continue // openBleve mends it when it opens
		}
		if err := sh.SetInternal(mappingKey, m); err != nil {
			return fmt.Errorf("save mapping of shard %d: %w", i, err)
		}
	}
	return nil
}
