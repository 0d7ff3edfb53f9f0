package index

// Our highlighter. It works on the term locations of a hit (the byte offsets
// of the matched words in the stored value, which the analyzer makes span the
// whole original word with its diacritics and clitics) and cuts fragments
// from the stored text:
//
//   - a fragment holds at most FragmentSize characters (runes), unless one
//     matched word is longer, and starts and ends on word boundaries;
//   - every matched word in it is wrapped in PreTag/PostTag; all other text
//     is HTML-escaped (the tags are inserted as given);
//   - the best fragments come first: most distinct matched terms, then most
//     matches, then earliest;
//   - a field without a match has no fragment (and no entry in Highlights);
//   - Matches lists every matched word of the field, fragment or not, in
//     bytes, runes and UTF-16 code units of the stored value.
//
// A text field holding an array of strings is highlighted element by
// element: its fragments are the best over all elements, and each of its
// matches names its element (Match.Element).

import (
	"html"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search"
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

// span is one matched word: byte offsets and the term it matched, preferably
// at the stem level so that different forms of one word count once.
type span struct {
	start, end int
	key        string
	stem       bool // key is a stem-level term
	elem       int  // array element of the value, -1 for a single string
}

// highlightHit returns the fragments and matches of every highlighted field.
func highlightHit(d *search.DocumentMatch, v schemaView, o HighlightOptions) (map[string][]string, map[string][]Match) {
	byField := spansByField(d.Locations, v, o.Fields)
	if len(byField) == 0 {
		return nil, nil
	}
	frags := map[string][]string{}
	matches := map[string][]Match{}
	for name, spans := range byField {
		texts, ok := fieldTexts(d.Fields[name])
		if !ok {
			continue
		}
		var cands []window
		var ms []Match
		byElem := spansByElem(texts, spans)
		for e, sp := range byElem {
			if len(sp) == 0 {
				continue
			}
			cands = append(cands, candidates(texts[e], sp, o.FragmentSize, e)...)
			for _, m := range matchOffsets(texts[e], sp) {
				if len(texts) > 1 || spans[0].elem >= 0 {
					m.Element = &e
				}
				ms = append(ms, m)
			}
		}
		if len(ms) == 0 {
			continue
		}
		for _, w := range choose(cands, o.Fragments) {
			frags[name] = append(frags[name], render(texts[w.elem], byElem[w.elem][w.first:w.last], w.start, w.end, o))
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

// spansByElem splits spans by array element (a single string is element
// 0), dropping those that do not fit their text, each sorted and merged.
func spansByElem(texts []string, spans []span) [][]span {
	out := make([][]span, len(texts))
	for _, s := range spans {
		e := max(s.elem, 0)
		if e < len(texts) {
			out[e] = append(out[e], s)
		}
	}
	for e := range out {
		if len(out[e]) > 0 {
			out[e] = cleanSpans(texts[e], out[e])
		}
	}
	return out
}

// spansByField collects the matched words of each text field from the
// locations of its representations that have term vectors (f, f.vocal;
// f.exact has none, and every exact match of a word is also required to
// match its stem, rank.go).
func spansByField(locs search.FieldTermLocationMap, v schemaView, only []string) map[string][]span {
	out := map[string][]span{}
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
				out[name] = append(out[name], span{start: int(l.Start), end: int(l.End), key: term, stem: bf == name, elem: elem})
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

// cleanSpans drops spans that do not fit the text, sorts them and merges
// overlapping ones.
func cleanSpans(text string, spans []span) []span {
	ok := spans[:0]
	for _, s := range spans {
		if s.start >= 0 && s.start < s.end && s.end <= len(text) &&
			utf8.RuneStart(text[s.start]) && (s.end == len(text) || utf8.RuneStart(text[s.end])) {
			ok = append(ok, s)
		}
	}
	// A total order: the locations come from maps, and the key a merged
	// span keeps decides which fragments are best (distinct terms).
	sort.Slice(ok, func(i, j int) bool {
		a, b := ok[i], ok[j]
		switch {
		case a.start != b.start:
			return a.start < b.start
		case a.end != b.end:
			return a.end > b.end
		case a.stem != b.stem:
			return a.stem
		}
		return a.key < b.key
	})
	var out []span
	for _, s := range ok {
		if n := len(out); n > 0 && s.start < out[n-1].end {
			last := &out[n-1]
			last.end = max(last.end, s.end)
			if s.stem && !last.stem {
				last.key, last.stem = s.key, true
			}
			continue
		}
		out = append(out, s)
	}
	return out
}

// window is a candidate fragment: byte range and its matches, in element
// elem of the value.
type window struct {
	start, end      int
	first, last     int // spans[first:last] lie inside
	distinct, count int
	elem            int
}

// fragments cuts up to o.Fragments non-overlapping fragments of text,
// best first.
func fragments(text string, spans []span, o HighlightOptions) []string {
	var out []string
	for _, w := range choose(candidates(text, spans, o.FragmentSize, 0), o.Fragments) {
		out = append(out, render(text, spans[w.first:w.last], w.start, w.end, o))
	}
	return out
}

// candidates returns a window of about size runes around each of the
// first 1000 spans of text, element elem of its value.
func candidates(text string, spans []span, size, elem int) []window {
	cands := make([]window, 0, min(len(spans), 1000))
	for i := range spans[:min(len(spans), 1000)] {
		w := makeWindow(text, spans, i, size)
		w.elem = elem
		cands = append(cands, w)
	}
	return cands
}

// choose returns up to n windows, best first (most distinct matched terms,
// then most matches, then earliest), none overlapping another of its
// element.
func choose(cands []window, n int) []window {
	sort.SliceStable(cands, func(i, j int) bool {
		a, b := cands[i], cands[j]
		if a.distinct != b.distinct {
			return a.distinct > b.distinct
		}
		if a.count != b.count {
			return a.count > b.count
		}
		if a.elem != b.elem {
			return a.elem < b.elem
		}
		return a.start < b.start
	})
	var chosen []window
	for _, c := range cands {
		if len(chosen) == n {
			break
		}
		if !overlapsAny(c, chosen) {
			chosen = append(chosen, c)
		}
	}
	return chosen
}

func overlapsAny(w window, ws []window) bool {
	for _, x := range ws {
		if w.elem == x.elem && w.start < x.end && x.start < w.end {
			return true
		}
	}
	return false
}

// makeWindow places a fragment of about size runes around spans[i], with a
// third of the free room before the match, on word boundaries.
func makeWindow(text string, spans []span, i, size int) window {
	s := spans[i]
	room := size - utf8.RuneCountInString(text[s.start:s.end])
	start := snapStart(text, back(text, s.start, max(room/3, 0)))
	end := snapEnd(text, forward(text, start, size))
	if end == len(text) { // at the end: use the room before the match
		start = snapStart(text, back(text, end, size))
	}
	start, end = min(start, s.start), max(end, s.end)
	w := window{start: start, end: end, first: i, last: i}
	for w.first > 0 && spans[w.first-1].start >= start {
		w.first--
	}
	for w.last < len(spans) && spans[w.last].end <= end {
		w.last++
	}
	seen := map[string]bool{}
	for _, sp := range spans[w.first:w.last] {
		seen[sp.key] = true
	}
	w.distinct, w.count = len(seen), w.last-w.first
	return w
}

// back moves n runes back from byte offset i.
func back(text string, i, n int) int {
	for ; n > 0 && i > 0; n-- {
		_, sz := utf8.DecodeLastRuneInString(text[:i])
		i -= sz
	}
	return i
}

// forward moves n runes forward from byte offset i.
func forward(text string, i, n int) int {
	for ; n > 0 && i < len(text); n-- {
		_, sz := utf8.DecodeRuneInString(text[i:])
		i += sz
	}
	return i
}

// isWordRune matches the analyzer's notion of a word character.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || unicode.Is(unicode.Cf, r)
}

// inWord reports whether byte offset i splits a word.
func inWord(text string, i int) bool {
	if i <= 0 || i >= len(text) {
		return false
	}
	before, _ := utf8.DecodeLastRuneInString(text[:i])
	after, _ := utf8.DecodeRuneInString(text[i:])
	return isWordRune(before) && isWordRune(after)
}

// snapStart moves i forward out of a split word and past white space.
func snapStart(text string, i int) int {
	for inWord(text, i) {
		_, sz := utf8.DecodeRuneInString(text[i:])
		i += sz
	}
	for i < len(text) {
		r, sz := utf8.DecodeRuneInString(text[i:])
		if !unicode.IsSpace(r) {
			break
		}
		i += sz
	}
	return i
}

// snapEnd moves i back out of a split word and before white space.
func snapEnd(text string, i int) int {
	for inWord(text, i) {
		_, sz := utf8.DecodeLastRuneInString(text[:i])
		i -= sz
	}
	for i > 0 {
		r, sz := utf8.DecodeLastRuneInString(text[:i])
		if !unicode.IsSpace(r) {
			break
		}
		i -= sz
	}
	return i
}

// render escapes text[start:end] and wraps the spans in the tags.
func render(text string, spans []span, start, end int, o HighlightOptions) string {
	var b strings.Builder
	at := start
	for _, s := range spans {
		b.WriteString(html.EscapeString(text[at:s.start]))
		b.WriteString(o.PreTag)
		b.WriteString(html.EscapeString(text[s.start:s.end]))
		b.WriteString(o.PostTag)
		at = s.end
	}
	b.WriteString(html.EscapeString(text[at:end]))
	return b.String()
}

// matchOffsets converts the spans to offsets in bytes, runes and UTF-16
// code units, in one pass over the text.
func matchOffsets(text string, spans []span) []Match {
	out := make([]Match, len(spans))
	at, runes, units := 0, 0, 0
	advance := func(to int) {
		for _, r := range text[at:to] {
			runes++
			units += utf16Len(r)
		}
		at = to
	}
	for i, s := range spans {
		advance(s.start)
		m := Match{Start: s.start, RuneStart: runes, UTF16Start: units}
		advance(s.end)
		m.End, m.RuneEnd, m.UTF16End = s.end, runes, units
		out[i] = m
	}
	return out
}

func utf16Len(r rune) int {
	if r >= 0x10000 {
		return 2
	}
	return 1
}
