package index

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/document"

	"github.com/fahras/fahras/analysis"
)

// This file turns the values of a validated document into bleve fields.

// addValue adds the bleve fields of value v of field f to doc.
func (ix *Index) addValue(doc *document.Document, f Field, v any, fromText bool) error {
	arr, isArr := v.([]any)
	if !isArr {
		return ix.addScalar(doc, f, nil, v, fromText)
	}
	for i, e := range arr {
		if e == nil {
			continue
		}
		if _, nested := e.([]any); nested {
			return fmt.Errorf("%w: field %q: nested arrays are not supported", ErrInvalid, f.Name)
		}
		if err := ix.addScalar(doc, f, []uint64{uint64(i)}, e, fromText); err != nil {
			return err
		}
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
		s, ok := v.(string)
		if !ok {
			return wrongType(f, v)
		}
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return fmt.Errorf("%w: field %q: %q is not an RFC 3339 date", ErrInvalid, f.Name, s)
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
		doc.AddField(document.NewTextFieldCustom(f.Name, pos, s, keywordOptions, ix.keyword))
		return
	}
	doc.AddField(document.NewTextFieldCustom(f.Name, pos, s, stemOptions, ix.analyzers[analysis.Stem]))
	doc.AddField(document.NewTextFieldCustom(fieldName(f.Name, analysis.Exact), pos, s, exactOptions, ix.analyzers[analysis.Exact]))
	doc.AddField(document.NewTextFieldCustom(fieldName(f.Name, analysis.Vocal), pos, s, vocalOptions, ix.analyzers[analysis.Vocal]))
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
