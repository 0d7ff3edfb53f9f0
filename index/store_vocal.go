package index

// The vocal representation (f.vocal) holds only the words that carry
// harakat: a word written without them has a vocal term equal to its exact
// term, so f.exact already holds it. Most text has few or no harakat (news:
// well under one word in a hundred), so this removes most of a third
// representation, which cost about 30 % of the bulk CPU and a third of the
// index size. A text without any haraka is not analyzed at this level at
// all. Kept words keep their positions, so phrases of vocalized words still
// match in f.vocal.
//
// Diacritic-sensitive search (Request.Diacritics, rank.go) matches a query
// word written with harakat in f.vocal (the same vocalization) and a word
// written without them through f.exact, which matches the word whatever
// its vocalization in the text.

import (
	bleveanalysis "github.com/blevesearch/bleve/v2/analysis"
)

// harakatOnly is the vocal analyzer keeping only the tokens with harakat.
type harakatOnly struct{ vocal bleveanalysis.Analyzer }

func (h harakatOnly) Analyze(text []byte) bleveanalysis.TokenStream {
	if !hasMarks(text) {
		return nil
	}
	ts := h.vocal.Analyze(text)
	kept := ts[:0]
	for _, t := range ts {
		if isVocalized(t.Term) {
			kept = append(kept, t)
		}
	}
	return kept
}

// hasMarks reports whether text holds a mark the vocal level may keep as a
// haraka: U+064B–U+065F (harakat, and the Uthmani forms mapped to them),
// two bytes 0xD9 0x8B–0x9F in UTF-8.
func hasMarks(text []byte) bool {
	for i := 0; i+1 < len(text); i++ {
		if text[i] == 0xD9 && text[i+1] >= 0x8B && text[i+1] <= 0x9F {
			return true
		}
	}
	return false
}

// isVocalized reports whether a vocal-level term carries a haraka (U+064B–
// U+0651, the marks that level keeps).
func isVocalized[T string | []byte](term T) bool {
	for i := 0; i+1 < len(term); i++ {
		if term[i] == 0xD9 && term[i+1] >= 0x8B && term[i+1] <= 0x91 {
			return true
		}
	}
	return false
}

// wordSpan is where a token of the exact stream is in the text, and its
// position.
type wordSpan struct{ start, end, pos int }

// markedSpans returns the tokens of the exact stream ts whose words carry
// a mark, and false when they are more than a quarter of the tokens (a
// vocalized text: analyzing it whole is cheaper than word by word).
func markedSpans(text []byte, ts bleveanalysis.TokenStream) ([]wordSpan, bool) {
	if !hasMarks(text) {
		return nil, true
	}
	var out []wordSpan
	for _, t := range ts {
		if hasMarks(text[t.Start:t.End]) {
			out = append(out, wordSpan{t.Start, t.End, t.Position})
			if 4*len(out) > len(ts) {
				return nil, false
			}
		}
	}
	return out, true
}

// fromSpans is h.Analyze(text) for a text whose marked words are spans:
// each is analyzed alone and keeps its place in the text. ok is false
// when a word does not analyze alone to one token (then analyze whole).
func (h harakatOnly) fromSpans(text []byte, spans []wordSpan) (ts bleveanalysis.TokenStream, ok bool) {
	for _, s := range spans {
		word := h.vocal.Analyze(text[s.start:s.end])
		if len(word) != 1 || word[0].Start != 0 || word[0].End != s.end-s.start {
			return nil, false
		}
		t := word[0]
		if !isVocalized(t.Term) {
			continue
		}
		t.Start, t.End, t.Position = s.start, s.end, s.pos
		ts = append(ts, t)
	}
	return ts, true
}
