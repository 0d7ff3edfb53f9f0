package index

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
	"unsafe"

	bleveanalysis "github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/fahras/fahras/analysis"
)

// This file turns the values of a validated document into bleve fields.

// addValue adds the bleve fields of value v of field f to doc.
func (ix *Index) addValue(doc *document.Document, f Field, v any, fromText bool) error {
	arr, isArr := v.([]any)
	if !isArr {
		return ix.addScalar(doc, f, nil, v, fromText)
	}
	// Null elements are skipped and the others numbered without them, so
	// that an element's array position is its index among the stored
	// values (which is how hits hold them, for highlighting).
	i := 0
	for _, e := range arr {
		if e == nil {
			continue
		}
		if _, nested := e.([]any); nested {
			return fmt.Errorf("%w: field %q: nested arrays are not supported", ErrInvalid, f.Name)
		}
		if err := ix.addScalar(doc, f, []uint64{uint64(i)}, e, fromText); err != nil {
			return err
		}
		i++
	}
	return nil
}

func (ix *Index) addScalar(doc *document.Document, f Field, pos []uint64, v any, fromText bool) error {
	if m, ok := v.(map[string]any); ok && m != nil {
		return fmt.Errorf("%w: field %q: nested objects are not supported: flatten them with dotted names", ErrInvalid, f.Name)
	}
	switch f.Type {
	case Text, Keyword:
		s, ok := v.(string)
		if !ok {
			return wrongType(f, v)
		}
		if !utf8.ValidString(s) {
			return fmt.Errorf("%w: field %q: invalid UTF-8", ErrInvalid, f.Name)
		}
		ix.addString(doc, f, pos, []byte(s))
	case Number:
		n, ok := number(v)
		if !ok && fromText {
			n, ok = parseNumber(v)
		}
		if !ok {
			return wrongType(f, v)
		}
		doc.AddField(document.NewNumericFieldWithIndexingOptions(f.Name, pos, n, typedOptions))
	case Bool:
		b, ok := v.(bool)
		if s, isStr := v.(string); !ok && fromText && isStr {
			b, ok = s == "true", s == "true" || s == "false"
		}
		if !ok {
			return wrongType(f, v)
		}
		doc.AddField(document.NewBooleanFieldWithIndexingOptions(f.Name, pos, b, typedOptions))
	case Date:
		t, err := dateValue(f, v)
		if err != nil {
			return err
		}
		df, err := document.NewDateTimeFieldWithIndexingOptions(f.Name, pos, t, time.RFC3339Nano, typedOptions)
		if err != nil {
			return fmt.Errorf("%w: field %q: %v", ErrInvalid, f.Name, err)
		}
		doc.AddField(df)
	}
	return nil
}

// addString adds a text field's three representations, or a keyword.
func (ix *Index) addString(doc *document.Document, f Field, pos []uint64, s []byte) {
	if f.Type == Keyword {
		doc.AddField(newTextField(f.Name, pos, s, keywordOptions, ix.keyword))
		return
	}
	stem := newTextField(f.Name, pos, s, stemOptions, ix.analyzers[analysis.Stem])
	exact := newTextField(fieldName(f.Name, analysis.Exact), pos, s, exactOptions, ix.analyzers[analysis.Exact])
	vocal := newTextField(fieldName(f.Name, analysis.Vocal), pos, s, vocalOptions, ix.analyzers[analysis.Vocal])
	if h, ok := ix.analyzers[analysis.Vocal].(harakatOnly); ok && ix.pair != nil {
		p := &pairStreams{pair: ix.pair, vocal: h}
		stem.pair, exact.pair, vocal.pair = p, p, p
		stem.level, exact.level, vocal.level = analysis.Stem, analysis.Exact, analysis.Vocal
	}
	doc.AddField(stem)
	doc.AddField(exact)
	doc.AddField(vocal)
}

func wrongType(f Field, v any) error {
	return fmt.Errorf("%w: field %q: want %s, got %s", ErrInvalid, f.Name, f.Type, kind(v))
}

// number converts the numeric types a decoded document may hold.
func number(v any) (float64, bool) {
	var n float64
	switch v := v.(type) {
	case json.Number:
		f, err := v.Float64()
		if err != nil {
			return 0, false
		}
		n = f
	case float64:
		n = v
	case float32:
		n = float64(v)
	case int:
		n = float64(v)
	case int64:
		n = float64(v)
	case int32:
		n = float64(v)
	case uint:
		n = float64(v)
	case uint64:
		n = float64(v)
	case uint32:
		n = float64(v)
	default:
		return 0, false
	}
	if math.IsNaN(n) || math.IsInf(n, 0) {
		return 0, false
	}
	return n, true
}

func parseNumber(v any) (float64, bool) {
	s, ok := v.(string)
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(n) || math.IsInf(n, 0) {
		return 0, false
	}
	return n, true
}

// kind names the JSON type of v for error messages.
func kind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	if _, ok := number(v); ok {
		return "a number"
	}
	if n, ok := v.(json.Number); ok {
		return "the number " + string(n) + ", out of range"
	}
	return fmt.Sprintf("%T", v)
}

// textField is what bleve's document.TextField is for the text and keyword
// values fahras indexes (same name, value, options, stored bytes, field
// type and analysis results: TestTextFieldAsBleve), built with less work:
//   - the value is analyzed in place: bleve copies a stored value before
//     analyzing it, in case the analyzer writes into its input, and the
//     fahras analyzers (terms in their own arena) and bleve's keyword
//     analyzer never do;
//   - the token frequencies take a fixed number of allocations (map,
//     keys, entries, counts, and with term vectors locations and their
//     pointers) instead of three per term (key, entry, locations) and one
//     per growth of a term's location list.
type textField struct {
	name     string
	pos      []uint64
	value    []byte
	options  bleveindex.FieldIndexingOptions
	analyzer bleveanalysis.Analyzer
	length   int
	pair     *pairStreams   // shared by a value's stem and exact fields, or nil
	level    analysis.Level // of the field, with pair
	freqs    bleveindex.TokenFrequencies
	size     int // bytes of freqs, as bleve's TokenFrequencies.Size counts them
}

func newTextField(name string, pos []uint64, value []byte, options bleveindex.FieldIndexingOptions, a bleveanalysis.Analyzer) *textField {
	return &textField{name: name, pos: pos, value: value, options: options, analyzer: a}
}

func (t *textField) Name() string                                          { return t.name }
func (t *textField) ArrayPositions() []uint64                              { return t.pos }
func (t *textField) Options() bleveindex.FieldIndexingOptions              { return t.options }
func (t *textField) Value() []byte                                         { return t.value }
func (t *textField) Text() string                                          { return string(t.value) }
func (t *textField) NumPlainTextBytes() uint64                             { return uint64(len(t.value)) }
func (t *textField) EncodedFieldType() byte                                { return 't' }
func (t *textField) AnalyzedLength() int                                   { return t.length }
func (t *textField) AnalyzedTokenFrequencies() bleveindex.TokenFrequencies { return t.freqs }

// Size is the memory bleve accounts for the field (only for its memory
// statistics), as for its TextField, without going through the map again.
func (t *textField) Size() int {
	return int(unsafe.Sizeof(*t)) + len(t.name) + 8*len(t.pos) + len(t.value) + t.size
}

func (t *textField) Analyze() {
	var ts bleveanalysis.TokenStream
	if t.pair != nil {
		ts = t.pair.stream(t.value, t.level)
	} else if t.analyzer != nil {
		ts = t.analyzer.Analyze(t.value)
	} else { // as bleve: the whole value is one term
		ts = bleveanalysis.TokenStream{{End: len(t.value), Term: t.value, Position: 1, Type: bleveanalysis.AlphaNumeric}}
	}
	t.length = len(ts)
	t.freqs, t.size = tokenFrequencies(ts, t.pos, t.options)
}

// pairStreams analyzes a text value at the Stem and Exact levels in one
// pass (analysis.Pair) for its fields: the first of them analyzed computes
// both streams, the other takes its own; the vocal field analyzes only the
// words of the exact stream that carry marks (store_vocal.go). A
// document's fields are analyzed one after the other, never at once.
type pairStreams struct {
	pair        *analysis.Pair
	vocal       harakatOnly
	stem, exact bleveanalysis.TokenStream
	computed    bool
	marked      []wordSpan // the exact stream's words with marks
	byWord      bool       // marked can replace analyzing the whole text
}

// stream returns the value's stream at level l; each stream is handed out
// once (it is the field's to keep), a second call analyzes again.
func (p *pairStreams) stream(value []byte, l analysis.Level) bleveanalysis.TokenStream {
	if !p.computed {
		p.computed = true
		p.stem, p.exact = p.pair.Analyze(value)
		p.marked, p.byWord = markedSpans(value, p.exact)
	}
	var ts bleveanalysis.TokenStream
	switch l {
	case analysis.Vocal:
		return p.vocalStream(value)
	case analysis.Stem:
		ts, p.stem = p.stem, nil
	default:
		ts, p.exact = p.exact, nil
	}
	if ts != nil || len(value) == 0 {
		return ts
	}
	s, e := p.pair.Analyze(value) // handed out before: analyze again
	if l == analysis.Stem {
		return s
	}
	return e
}

func (p *pairStreams) vocalStream(value []byte) bleveanalysis.TokenStream {
	if p.byWord {
		if ts, ok := p.vocal.fromSpans(value, p.marked); ok {
			return ts
		}
	}
	return p.vocal.Analyze(value)
}

// tokenFrequencies is bleve's analysis.TokenFrequency with its entries and
// locations in slabs: the same terms, frequencies and locations in the
// same order. It also returns their size as bleve's
// TokenFrequencies.Size counts it.
func tokenFrequencies(ts bleveanalysis.TokenStream, pos []uint64, options bleveindex.FieldIndexingOptions) (bleveindex.TokenFrequencies, int) {
	out := make(bleveindex.TokenFrequencies, len(ts))
	tv := options.IncludeTermVectors()
	entries := make([]bleveindex.TokenFreq, 0, len(ts)) // never grows: pointers stay valid
	counts := make([]int32, 0, len(ts))
	var of []int32 // entry of each token
	if tv {
		of = make([]int32, len(ts))
	}
	keys := termKeys(ts)
	at, termBytes := 0, 0
	for i, t := range ts {
		key := keys[at : at+len(t.Term)]
		at += len(t.Term)
		e, ok := out[key]
		if !ok {
			// The entry's frequency holds its index until the counts are
			// final.
			entries = append(entries, bleveindex.TokenFreq{Term: t.Term})
			e = &entries[len(entries)-1]
			e.SetFrequency(len(entries) - 1)
			out[key] = e
			counts = append(counts, 0)
			termBytes += len(key)
		}
		j := int32(e.Frequency())
		if tv {
			of[i] = j
		}
		counts[j]++
	}
	for j := range entries {
		if options.SkipFreqNorm() {
			entries[j].SetFrequency(0)
		} else {
			entries[j].SetFrequency(int(counts[j]))
		}
	}
	if !tv {
		return out, freqsSize(len(entries), termBytes, 0, len(pos))
	}
	locs := make([]bleveindex.TokenLocation, len(ts))
	ptrs := make([]*bleveindex.TokenLocation, len(ts))
	at = 0
	for j := range entries {
		n := int(counts[j])
		entries[j].Locations = ptrs[at : at : at+n]
		at += n
	}
	for i, t := range ts {
		locs[i] = bleveindex.TokenLocation{ArrayPositions: pos, Start: t.Start, End: t.End, Position: t.Position}
		e := &entries[of[i]]
		e.Locations = append(e.Locations, &locs[i])
	}
	return out, freqsSize(len(entries), termBytes, len(ts), len(pos))
}

// termKeys is every term of ts, in order, in one string: the map keys of
// tokenFrequencies are slices of it, so that adding a term to the map does
// not allocate its key.
func termKeys(ts bleveanalysis.TokenStream) string {
	n := 0
	for _, t := range ts {
		n += len(t.Term)
	}
	var b strings.Builder
	b.Grow(n)
	for _, t := range ts {
		b.Write(t.Term)
	}
	return b.String()
}

// freqsSize is bleve's TokenFrequencies.Size of a map of terms entries
// whose terms (and keys) take termBytes, with locs locations of
// arrayPositions array positions each.
func freqsSize(terms, termBytes, locs, arrayPositions int) int {
	const mapHeader, stringHeader, pointer = 8, 16, 8
	return mapHeader + terms*(stringHeader+pointer+int(unsafe.Sizeof(bleveindex.TokenFreq{}))) + 2*termBytes +
		locs*(int(unsafe.Sizeof(bleveindex.TokenLocation{}))+8*arrayPositions)
}
