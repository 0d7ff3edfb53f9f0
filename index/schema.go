package index

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// schemaFile is the name of the schema saved inside every index folder.
const schemaFile = "fahras-schema.json"

// MaxShards is the largest shard count of an index.
const MaxShards = 64

// IDName is the field that holds a document's id.
const IDName = "id"

// maxFieldName bounds the length of a field name in bytes.
const maxFieldName = 256

// reservedSuffixes are the bleve sub-fields of a text field (see fieldName):
// no field may end with them.
var reservedSuffixes = []string{".exact", ".vocal"}

// Field types are checked against this set.
var fieldTypes = map[FieldType]bool{Text: true, Keyword: true, Number: true, Bool: true, Date: true}

// ParseSchema decodes and validates a schema file's contents.
func ParseSchema(data []byte) (Schema, error) {
	var s Schema
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		return Schema{}, fmt.Errorf("%w: schema: %v", ErrInvalid, err)
	}
	if err := s.Validate(); err != nil {
		return Schema{}, err
	}
	return s.normalized(), nil
}

// Validate reports the first problem of s as an error wrapping ErrInvalid
// that names the field.
func (s Schema) Validate() error {
	seen := make(map[string]bool, len(s.Fields))
	for i, f := range s.Fields {
		if err := f.validate(); err != nil {
			return fmt.Errorf("%w: schema: fields[%d]: %v", ErrInvalid, i, err)
		}
		if seen[f.Name] {
			return fmt.Errorf("%w: schema: field %q declared twice", ErrInvalid, f.Name)
		}
		seen[f.Name] = true
	}
	if s.Shards < 0 || s.Shards > MaxShards {
		return fmt.Errorf("%w: schema: shards %d: want 1 to %d (0 means 1)", ErrInvalid, s.Shards, MaxShards)
	}
	if err := s.StopWords.validate(); err != nil {
		return fmt.Errorf("%w: schema: %w", ErrInvalid, err)
	}
	if s.Replicas < 0 || s.Replicas > 1 {
		return fmt.Errorf("%w: schema: replicas %d: an index of one machine has one copy; replicas need a cluster (fahras serve -cluster-join)", ErrInvalid, s.Replicas)
	}
	if s.IDField != "" {
		if err := validFieldName(s.IDField); err != nil {
			return fmt.Errorf("%w: schema: id_field: %v", ErrInvalid, err)
		}
		if f, ok := s.lookup(s.IDField); ok && f.Type != Text && f.Type != Keyword && f.Type != Number {
			return fmt.Errorf("%w: schema: id_field %q has type %s (want text, keyword or number)", ErrInvalid, s.IDField, f.Type)
		}
	}
	return nil
}

func (f Field) validate() error {
	if err := validFieldName(f.Name); err != nil {
		return err
	}
	if !fieldTypes[f.Type] {
		return fmt.Errorf("field %q: unknown type %q (want text, keyword, number, bool or date)", f.Name, f.Type)
	}
	if f.Name == IDName && f.Type != Keyword {
		return fmt.Errorf("field %q: the id is always a keyword, not %s", f.Name, f.Type)
	}
	if f.Boost < 0 {
		return fmt.Errorf("field %q: negative boost %g", f.Name, f.Boost)
	}
	if f.Search && f.Type != Text {
		return fmt.Errorf("field %q: only text fields are searched by default, not %s", f.Name, f.Type)
	}
	if f.Format != "" && f.Type != Date {
		return fmt.Errorf("field %q: only a date field has a format, not %s", f.Name, f.Type)
	}
	if err := validDateFormat(f.Format); err != nil {
		return fmt.Errorf("field %q: %w", f.Name, err)
	}
	if f.Type == Text && (f.Facet || f.Sort) {
		return fmt.Errorf("field %q: a text field cannot be a facet or sort key: declare a keyword field", f.Name)
	}
	return nil
}

// validFieldName checks a field name of a schema or a document.
func validFieldName(name string) error {
	switch {
	case name == "":
		return fmt.Errorf("empty field name")
	case !utf8.ValidString(name):
		return fmt.Errorf("field name %q is not valid UTF-8", name)
	case len(name) > maxFieldName:
		return fmt.Errorf("field name %.40q... longer than %d bytes", name, maxFieldName)
	case strings.ContainsRune(name, 0):
		return fmt.Errorf("field name %q contains a NUL byte", name)
	case strings.HasPrefix(name, "_"):
		return fmt.Errorf("field name %q: names starting with _ are reserved", name)
	case strings.HasPrefix(name, ".") || strings.HasSuffix(name, ".") || strings.Contains(name, ".."):
		return fmt.Errorf("field name %q: empty path segment", name)
	}
	for _, suf := range reservedSuffixes {
		if strings.HasSuffix(name, suf) {
			return fmt.Errorf("field name %q: the suffix %s is reserved", name, suf)
		}
	}
	return nil
}

// normalized returns a copy of s with defaults filled in: the id field is a
// keyword, text fields have boost 1, when no declared text field says
// "search", every declared text field is searched, and one shard is
// written as none (an unsharded index).
func (s Schema) normalized() Schema {
	out := Schema{IDField: s.IDField, Fields: make([]Field, 0, len(s.Fields)+1), Shards: s.Shards, StopWords: s.StopWords}
	if out.Shards == 1 {
		out.Shards = 0
	}
	if _, ok := s.lookup(IDName); !ok {
		out.Fields = append(out.Fields, Field{Name: IDName, Type: Keyword, Filter: true, Sort: true})
	}
	anySearch := s.declaredSearch()
	for _, f := range s.Fields {
		if f.Type == Text {
			if f.Boost == 0 {
				f.Boost = 1
			}
			if !anySearch && !f.Discovered {
				f.Search = true
			}
		}
		out.Fields = append(out.Fields, f)
	}
	return out
}

// declaredSearch reports whether a declared (not discovered) field is
// searched by default.
func (s Schema) declaredSearch() bool {
	for _, f := range s.Fields {
		if f.Search && !f.Discovered {
			return true
		}
	}
	return false
}

func (s Schema) lookup(name string) (Field, bool) {
	for _, f := range s.Fields {
		if f.Name == name {
			return f, true
		}
	}
	return Field{}, false
}

// clone returns a deep copy of s.
func (s Schema) clone() Schema {
	s.Fields = append([]Field(nil), s.Fields...)
	return s
}

// loadSchema reads the schema saved in the index folder dir.
func loadSchema(dir string) (Schema, error) {
	data, err := os.ReadFile(filepath.Join(dir, schemaFile))
	if err != nil {
		return Schema{}, fmt.Errorf("read schema: %w", err)
	}
	var s Schema
	if err := json.Unmarshal(data, &s); err != nil {
		return Schema{}, fmt.Errorf("read schema %s: %w", filepath.Join(dir, schemaFile), err)
	}
	if err := s.Validate(); err != nil {
		return Schema{}, fmt.Errorf("read schema %s: %w", filepath.Join(dir, schemaFile), err)
	}
	return s, nil
}

// saveSchema writes s into the index folder dir atomically: a crash leaves
// either the old or the new schema.
func saveSchema(dir string, s Schema) error {
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return fmt.Errorf("save schema: %w", err)
	}
	if err := writeFileAtomic(dir, schemaFile, append(data, '\n')); err != nil {
		return fmt.Errorf("save schema: %w", err)
	}
	return nil
}

// Declare adds the fields declared in s to the index's schema (for
// example a schema file given for an existing index), and applies in
// place the new boost and flags of the fields it has (SchemaChange). A
// field the index has with another type needs a reindex: ErrInvalid. The
// schema is saved at once.
func (ix *Index) Declare(s Schema) error {
	if err := s.Validate(); err != nil {
		return err
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	merged, err := merge(ix.schema, s)
	if err != nil {
		return err
	}
	if schemaEqual(merged, ix.schema) {
		return nil
	}
	if err := ix.saveSchemaLocked(merged); err != nil {
		return err
	}
	ix.schema = merged
	ix.reindexFields()
	ix.dirty = false
	return nil
}

// merge returns have with the fields declared in want added. A field that
// have already holds must be declared the same way (a discovered field may
// be redeclared only with its discovered type).
func merge(have, want Schema) (Schema, error) {
	want = want.normalized()
	if want.IDField != "" && want.IDField != have.IDField {
		return Schema{}, fmt.Errorf("%w: schema: id_field %q, but the index has %q", ErrInvalid, want.IDField, have.IDField)
	}
	if want.StopWords != nil && !want.StopWords.equal(have.StopWords) {
		return Schema{}, fmt.Errorf("%w: schema: stop_words differ from the index's: the stop list is fixed when the index is created (reindex into a new index)", ErrInvalid)
	}
	if want.Shards != 0 && want.Shards != have.Shards {
		return Schema{}, fmt.Errorf("%w: schema: shards %d, but the index has %d (the shard count is fixed when the index is created)", ErrInvalid, want.Shards, max(have.Shards, 1))
	}
	out := have.clone()
	for _, w := range want.Fields {
		h, ok := out.lookup(w.Name)
		if !ok {
			out.Fields = append(out.Fields, w)
			continue
		}
		if h.Discovered && h.Type == w.Type {
			out.replace(w)
			continue
		}
		if h.Type != w.Type {
			return Schema{}, fmt.Errorf("%w: schema: field %q declared as %s, but the index has it as %s "+
				"(a new type needs the documents indexed again: PATCH /v1/indexes/NAME on a server does it in the background, or index into a new folder)",
				ErrInvalid, w.Name, w.Type, h.Type)
		}
		out.replace(w) // other flags or boost: read at query time, changed in place
	}
	return out, nil
}

func (s *Schema) replace(f Field) {
	for i := range s.Fields {
		if s.Fields[i].Name == f.Name {
			s.Fields[i] = f
		}
	}
}
