package analysis

import (
	_ "embed"
	"strings"
	"unicode/utf8"
)

//go:embed stopwords.txt
var stopWordsText string

// questionWordList are the interrogatives a query may drop (see
// Options.DropQuestionWords); من and ما are stop words anyway.
const questionWordList = "كم من ما ماذا متى أين اين لماذا كيف هل"

// keepWords are never removed by the leading و/ف rule although the rest is a
// stop word: ولي (guardian), فهم (understanding), فقد (lost), وهن
// (weakness: وهن العظم).
const keepWords = "ولي فهم فقد وهن"

// StopWords returns the built-in stop list, one word per element, in the
// spelling it is written in.
func StopWords() []string { return listWords(stopWordsText) }

// QuestionWords returns the interrogatives that Options.DropQuestionWords
// removes from queries.
func QuestionWords() []string { return strings.Fields(questionWordList) }

// StopList returns a stop list built from base (the built-in list when
// nil) without the words of remove, matched on their form without marks
// or tatweel (عَلَى removes على), and with the words of add.
func StopList(base, add, remove []string) []string {
	if base == nil {
		base = StopWords()
	}
	drop := newWordSet(remove)
	out := make([]string, 0, len(base)+len(add))
	for _, w := range base {
		if b, _, ok := scanOne(w, false); !ok || !drop.has(b, false) {
			out = append(out, w)
		}
	}
	return append(out, add...)
}

// ReadWordList reads a word list: words separated by white space, a '#'
// starting a comment to the end of its line (the form of stopwords.txt).
func ReadWordList(text string) []string { return listWords(text) }

func listWords(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		out = append(out, strings.Fields(line)...)
	}
	return out
}

// wordSet matches words on their L1 form (marks, tatweel and format
// characters removed, letters not folded), also after a leading و or ف.
type wordSet struct {
	words map[string]struct{}
	keep  map[string]struct{}
	// sig has bit (last byte & 63) of sig[len] set for every word: a cheap
	// test that rejects most terms before the map lookup.
	sig    [64]uint64
	first  [64]uint64 // the same for the second byte of the first rune
	maxLen int
}

func (ws *wordSet) add(w string) {
	ws.words[w] = struct{}{}
	if len(w) < len(ws.sig) && len(w) >= 2 {
		ws.sig[len(w)] |= 1 << (w[len(w)-1] & 63)
		ws.first[len(w)] |= 1 << (w[1] & 63)
	}
	ws.maxLen = max(ws.maxLen, len(w))
}

// maybe reports whether t may be in the set.
func (ws *wordSet) maybe(t []byte) bool {
	if len(t) < 2 {
		_, ok := ws.words[string(t)]
		return ok
	}
	return len(t) < len(ws.sig) && ws.sig[len(t)]&(1<<(t[len(t)-1]&63)) != 0 &&
		ws.first[len(t)]&(1<<(t[1]&63)) != 0
}

// newWordSet normalizes words to their L1 form once.
// equal reports whether ws and o hold the same words.
func (ws *wordSet) equal(o *wordSet) bool {
	if ws == o {
		return true
	}
	if len(ws.words) != len(o.words) || len(ws.keep) != len(o.keep) {
		return false
	}
	for w := range ws.words {
		if _, ok := o.words[w]; !ok {
			return false
		}
	}
	for w := range ws.keep {
		if _, ok := o.keep[w]; !ok {
			return false
		}
	}
	return true
}

func newWordSet(words []string) *wordSet {
	ws := &wordSet{words: make(map[string]struct{}, len(words)), keep: setOf(keepWords)}
	var sc scanner
	for _, w := range words {
		sc.reset(false)
		sc.scan([]byte(w))
		for _, t := range sc.toks {
			ws.add(string(sc.arena[t.term0:t.term1]))
		}
	}
	return ws
}

// has reports whether the L1 term t is in the set. With vocal, t may carry
// harakat, which are ignored.
func (ws *wordSet) has(t []byte, vocal bool) bool {
	if ws == nil || len(ws.words) == 0 || len(t) == 0 {
		return false
	}
	var buf [48]byte
	if vocal && t[0] >= 0x80 {
		t = stripHarakat(t, buf[:0])
	}
	if len(t) > ws.maxLen+2 {
		return false
	}
	if ws.maybe(t) {
		if _, ok := ws.words[string(t)]; ok {
			return true
		}
	}
	if len(t) >= 6 && (at(t, 0) == lWaw || at(t, 0) == lFeh) && ws.maybe(t[2:]) {
		if _, ok := ws.words[string(t[2:])]; ok {
			_, keep := ws.keep[string(t)]
			return !keep
		}
	}
	return false
}

// stripHarakat returns t without harakat, using buf when something has to
// be removed; t itself when nothing does or when t does not fit.
func stripHarakat(t, buf []byte) []byte {
	has := false
	for i := 0; i+1 < len(t); i++ {
		if t[i] == 0xD9 && t[i+1] >= 0x8B && t[i+1] <= 0x91 {
			has = true
			break
		}
	}
	if !has || len(t) > cap(buf) {
		return t
	}
	for i := 0; i < len(t); {
		r, n := utf8.DecodeRune(t[i:])
		if !isHaraka(r) {
			buf = append(buf, t[i:i+n]...)
		}
		i += n
	}
	return buf
}
