package index

// Highlighting of a hit: the term locations of its text fields (those
// with term vectors: f and f.vocal) become spans per schema field, and
// package highlight cuts the fragments from the stored text.

import (
	"strings"

	"github.com/blevesearch/bleve/v2/search"

	"github.com/fahras/fahras/highlight"
)

const (
	defaultFragmentSize = 150
	defaultFragments    = 3
	minFragmentSize     = 10
	maxFragmentSize     = 10000
	maxFragments        = 50
)

// highlightOptions fills in defaults and clamps the limits.
func highlightOptions(o *HighlightOptions) HighlightOptions {
	var h HighlightOptions
	if o != nil {
		h = *o
	}
	if h.PreTag == "" && h.PostTag == "" {
		h.PreTag, h.PostTag = "<mark>", "</mark>"
	}
	h.FragmentSize = clamp(h.FragmentSize, defaultFragmentSize, minFragmentSize, maxFragmentSize)
	h.Fragments = clamp(h.Fragments, defaultFragments, 1, maxFragments)
	return h
}

func clamp(v, def, lo, hi int) int {
	switch {
	case v <= 0:
		return def
	case v < lo:
		return lo
	case v > hi:
		return hi
	}
	return v
}

// highlightHit returns the fragments and matches of every highlighted field.
func highlightHit(d *search.DocumentMatch, v schemaView, o HighlightOptions) (map[string][]string, map[string][]Match) {
	byField := spansByField(d.Locations, v, o.Fields)
	if len(byField) == 0 {
		return nil, nil
	}
	frags := map[string][]string{}
	matches := map[string][]highlight.Match{}
	for name, spans := range byField {
		texts, ok := fieldTexts(d.Fields[name])
		if !ok {
			continue
		}
		fs, ms := highlight.Field(texts, spans, highlight.Options{PreTag: o.PreTag, PostTag: o.PostTag, FragmentSize: o.FragmentSize, Fragments: o.Fragments})
		if len(ms) == 0 {
			continue
		}
		if len(fs) > 0 {
			frags[name] = fs
		}
		matches[name] = ms
	}
	return frags, matches
}

// fieldTexts returns the stored strings of a text field: one, or the
// elements of an array (a non-string element is "").
func fieldTexts(v any) ([]string, bool) {
	switch v := v.(type) {
	case string:
		return []string{v}, true
	case []any:
		texts := make([]string, len(v))
		for i, e := range v {
			texts[i], _ = e.(string)
		}
		return texts, true
	}
	return nil, false
}

// spansByField collects the matched words of each text field from the
// locations of its representations that have term vectors (f, f.vocal;
// f.exact has none, and every exact match of a word is also required to
// match its stem, rank.go).
func spansByField(locs search.FieldTermLocationMap, v schemaView, only []string) map[string][]highlight.Span {
	out := map[string][]highlight.Span{}
	for bf, terms := range locs {
		name := baseField(bf)
		if f, ok := v.fields[name]; !ok || f.Type != Text || (len(only) > 0 && !contains(only, name)) {
			continue
		}
		for term, ls := range terms {
			for _, l := range ls {
				elem := -1
				switch len(l.ArrayPositions) {
				case 0:
				case 1:
					elem = int(l.ArrayPositions[0])
				default: // nested arrays are refused at indexing
					continue
				}
				out[name] = append(out[name], highlight.Span{Start: int(l.Start), End: int(l.End), Key: term, Stem: bf == name, Elem: elem})
			}
		}
	}
	return out
}

// baseField maps a bleve field (f, f.exact, f.vocal) to the schema field.
func baseField(bf string) string {
	for _, suffix := range []string{".exact", ".vocal"} {
		if strings.HasSuffix(bf, suffix) {
			return strings.TrimSuffix(bf, suffix)
		}
	}
	return bf
}
