package highlight

import (
	"html"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Options are the tags and the sizes of the fragments.
type Options struct {
	PreTag, PostTag string
	FragmentSize    int // characters (runes); 0: 150
	Fragments       int // per field; 0: 3
}

func (o Options) withDefaults() Options {
	if o.FragmentSize <= 0 {
		o.FragmentSize = 150
	}
	if o.Fragments <= 0 {
		o.Fragments = 3
	}
	return o
}

// Match is one matched word of a value in bytes, runes and UTF-16 code
// units.
type Match struct {
	Start      int `json:"start"` // bytes
	End        int `json:"end"`
	RuneStart  int `json:"rune_start"`
	RuneEnd    int `json:"rune_end"`
	UTF16Start int `json:"utf16_start"`
	UTF16End   int `json:"utf16_end"`
	// Element is the index of the array element the offsets are in, for
	// a field holding an array of strings (absent for a single string).
	Element *int `json:"element,omitempty"`
}

// Span is one matched word: byte offsets and the term it matched, preferably
// at the stem level so that different forms of one word count once.
type Span struct {
	Start, End int
	Key        string
	Stem       bool // key is a stem-level term
	Elem       int  // array element of the value, -1 for a single string
}

// Field returns the fragments of a field's value, best first, and every
// matched word of it with its offsets. texts is the value: one string, or
// the elements of an array (then each match names its element, as it does
// when a span names one); spans are the matched words, in any order,
// overlapping or not fitting the text at will.
func Field(texts []string, spans []Span, o Options) (frags []string, ms []Match) {
	o = o.withDefaults()
	var cands []window
	byElem := spansByElem(texts, spans)
	for e, sp := range byElem {
		if len(sp) == 0 {
			continue
		}
		cands = append(cands, candidates(texts[e], sp, o.FragmentSize, e)...)
		for _, m := range matchOffsets(texts[e], sp) {
			if len(texts) > 1 || spans[0].Elem >= 0 {
				m.Element = &e
			}
			ms = append(ms, m)
		}
	}
	if len(ms) == 0 {
		return nil, nil
	}
	for _, w := range choose(cands, o.Fragments) {
		frags = append(frags, render(texts[w.elem], byElem[w.elem][w.first:w.last], w.start, w.end, o))
	}
	return frags, ms
}

// spansByElem splits spans by array element (a single string is element
// 0), dropping those that do not fit their text, each sorted and merged.
func spansByElem(texts []string, spans []Span) [][]Span {
	out := make([][]Span, len(texts))
	for _, s := range spans {
		e := max(s.Elem, 0)
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

// cleanSpans drops spans that do not fit the text, sorts them and merges
// overlapping ones.
func cleanSpans(text string, spans []Span) []Span {
	ok := spans[:0]
	for _, s := range spans {
		if s.Start >= 0 && s.Start < s.End && s.End <= len(text) &&
			utf8.RuneStart(text[s.Start]) && (s.End == len(text) || utf8.RuneStart(text[s.End])) {
			ok = append(ok, s)
		}
	}
	// A total order: the locations come from maps, and the key a merged
	// span keeps decides which fragments are best (distinct terms).
	sort.Slice(ok, func(i, j int) bool {
		a, b := ok[i], ok[j]
		switch {
		case a.Start != b.Start:
			return a.Start < b.Start
		case a.End != b.End:
			return a.End > b.End
		case a.Stem != b.Stem:
			return a.Stem
		}
		return a.Key < b.Key
	})
	var out []Span
	for _, s := range ok {
		if n := len(out); n > 0 && s.Start < out[n-1].End {
			last := &out[n-1]
			last.End = max(last.End, s.End)
			if s.Stem && !last.Stem {
				last.Key, last.Stem = s.Key, true
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
func fragments(text string, spans []Span, o Options) []string {
	var out []string
	for _, w := range choose(candidates(text, spans, o.FragmentSize, 0), o.Fragments) {
		out = append(out, render(text, spans[w.first:w.last], w.start, w.end, o))
	}
	return out
}

// candidates returns a window of about size runes around each of the
// first 1000 spans of text, element elem of its value.
func candidates(text string, spans []Span, size, elem int) []window {
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
func makeWindow(text string, spans []Span, i, size int) window {
	s := spans[i]
	room := size - utf8.RuneCountInString(text[s.Start:s.End])
	start := snapStart(text, back(text, s.Start, max(room/3, 0)))
	end := snapEnd(text, forward(text, start, size))
	if end == len(text) { // at the end: use the room before the match
		start = snapStart(text, back(text, end, size))
	}
	start, end = min(start, s.Start), max(end, s.End)
	w := window{start: start, end: end, first: i, last: i}
	for w.first > 0 && spans[w.first-1].Start >= start {
		w.first--
	}
	for w.last < len(spans) && spans[w.last].End <= end {
		w.last++
	}
	seen := map[string]bool{}
	for _, sp := range spans[w.first:w.last] {
		seen[sp.Key] = true
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
func render(text string, spans []Span, start, end int, o Options) string {
	var b strings.Builder
	at := start
	for _, s := range spans {
		b.WriteString(html.EscapeString(text[at:s.Start]))
		b.WriteString(o.PreTag)
		b.WriteString(html.EscapeString(text[s.Start:s.End]))
		b.WriteString(o.PostTag)
		at = s.End
	}
	b.WriteString(html.EscapeString(text[at:end]))
	return b.String()
}

// matchOffsets converts the spans to offsets in bytes, runes and UTF-16
// code units, in one pass over the text.
func matchOffsets(text string, spans []Span) []Match {
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
		advance(s.Start)
		m := Match{Start: s.Start, RuneStart: runes, UTF16Start: units}
		advance(s.End)
		m.End, m.RuneEnd, m.UTF16End = s.End, runes, units
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
