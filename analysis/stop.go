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
// stop word: ولي (guardian), فهم (understanding), فقد (lost).
const keepWords = "ولي فهم فقد"

// StopWords returns the built-in stop list, one word per element, in the
// spelling it is written in.
func StopWords() []string { return listWords(stopWordsText) }

// QuestionWords returns the interrogatives that Options.DropQuestionWords
// removes from queries.
func QuestionWords() []string { return strings.Fields(questionWordList) }

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
}

// newWordSet normalizes words to their L1 form once.
func newWordSet(words []string) *wordSet {
	ws := &wordSet{words: make(map[string]struct{}, len(words)), keep: setOf(keepWords)}
	var sc scanner
	for _, w := range words {
		sc.reset(false)
		sc.scan([]byte(w))
		for _, t := range sc.toks {
			ws.words[string(sc.arena[t.term0:t.term1])] = struct{}{}
		}
	}
	return ws
}

// has reports whether the L1 term t (which may carry harakat at Vocal level)
// is in the set.
func (ws *wordSet) has(t []byte) bool {
	if ws == nil || len(ws.words) == 0 {
		return false
	}
	var buf [48]byte
	if len(t) > 0 && t[0] >= 0x80 {
		t = stripHarakat(t, buf[:0])
	}
	if len(t) == 0 || len(t) > 40 {
		return false
	}
	if _, ok := ws.words[string(t)]; ok {
		return true
	}
	if len(t) >= 6 && (hasPrefix(t, "و") || hasPrefix(t, "ف")) {
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
