package vocalize

import (
	"bufio"
	"encoding/json"
	"io"
	"strings"
	"unicode"
)

// Vocalizer adds harakat to unvocalized Arabic words.
type Vocalizer struct {
	// forms maps a word's bare letters to its most frequent vocalized
	// spelling in the learned text.
	forms map[string]string
}

// Learn reads JSON Lines with a "text" field of vocalized Arabic and keeps,
// for each bare spelling, the vocalization seen most often.
func Learn(r io.Reader) (*Vocalizer, error) {
	counts := map[string]map[string]int{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 16<<20)
	for sc.Scan() {
		var v struct{ Text string }
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			return nil, err
		}
		for _, w := range strings.Fields(v.Text) {
			w = standardize(w)
			bare := stripMarks(w)
			if bare == w || bare == "" || !standardMarksOnly(w) {
				continue
			}
			if counts[bare] == nil {
				counts[bare] = map[string]int{}
			}
			counts[bare][w]++
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	v := &Vocalizer{forms: make(map[string]string, len(counts))}
	for bare, forms := range counts {
		best, n := "", 0
		for f, c := range forms {
			if c > n || (c == n && f < best) {
				best, n = f, c
			}
		}
		v.forms[bare] = best
	}
	return v, nil
}

// Text vocalizes every Arabic word of s and leaves everything else as is.
func (v *Vocalizer) Text(s string) string {
	var b strings.Builder
	word := []rune{}
	flush := func() {
		if len(word) > 0 {
			b.WriteString(v.Word(string(word)))
			word = word[:0]
		}
	}
	for _, r := range s {
		if isArabicLetter(r) || unicode.Is(unicode.Mn, r) {
			word = append(word, r)
			continue
		}
		flush()
		b.WriteRune(r)
	}
	flush()
	return b.String()
}

// Word vocalizes one bare Arabic word; a word that has any mark already is
// returned as it is.
func (v *Vocalizer) Word(w string) string {
	if stripMarks(w) != w {
		return w
	}
	if f, ok := v.forms[w]; ok {
		return f
	}
	return byRule(w)
}

const (
	fatha  = '\u064E'
	damma  = '\u064F'
	kasra  = '\u0650'
	shadda = '\u0651'
	sukun  = '\u0652'
)

// byRule gives each letter a short vowel that fits the letter after it, a
// shadda on a sun letter after the article, and a damma as case ending.
func byRule(w string) string {
	rs := []rune(w)
	var b strings.Builder
	for i, r := range rs {
		b.WriteRune(r)
		if r == 'ا' || r == 'آ' || r == 'ى' || r == 'ء' || isLongVowel(rs, i) {
			continue
		}
		article := i == 1 && rs[0] == 'ا' && r == 'ل' && len(rs) > 3
		switch {
		case article && isSun(rs[2]):
			// The lam of the article before a sun letter is silent.
		case article:
			b.WriteRune(sukun)
		case i == 2 && rs[0] == 'ا' && rs[1] == 'ل' && isSun(r) && len(rs) > 3:
			b.WriteRune(shadda)
			b.WriteRune(vowelBefore(rs, i))
		default:
			b.WriteRune(vowelBefore(rs, i))
		}
	}
	return b.String()
}

// isLongVowel reports whether rs[i] is a waw or yeh lengthening the vowel
// of the letter before it.
func isLongVowel(rs []rune, i int) bool {
	if i == 0 || i == len(rs)-1 {
		return false
	}
	return (rs[i] == 'و' || rs[i] == 'ي') && vowelBefore(rs, i-1) != fatha
}

func vowelBefore(rs []rune, i int) rune {
	if i+1 >= len(rs) {
		return damma
	}
	switch rs[i+1] {
	case 'و':
		return damma
	case 'ي':
		return kasra
	}
	return fatha
}

func isSun(r rune) bool { return strings.ContainsRune("تثدذرزسشصضطظلن", r) }

func isArabicLetter(r rune) bool {
	return r >= 0x0621 && r <= 0x064A && r != 0x0640
}

// standardize turns Uthmani spellings into standard vocalized ones: alef
// wasla is written as alef and the small high rounded sukun as sukun.
func standardize(w string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case 'ٱ':
			return 'ا'
		case '\u06E1':
			return sukun
		}
		if r >= 0x06D6 && r <= 0x06ED {
			return -1
		}
		return r
	}, w)
}

// standardMarksOnly reports whether w's marks are all ordinary harakat
// (U+064B–U+0652). Uthmani-only marks such as the dagger alef stand for
// letters that standard spelling writes or omits differently, so words
// carrying them are not reused.
func standardMarksOnly(w string) bool {
	for _, r := range w {
		if unicode.Is(unicode.Mn, r) && (r < 0x064B || r > 0x0652) {
			return false
		}
	}
	return true
}

func stripMarks(w string) string {
	return strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Mn, r) {
			return -1
		}
		return r
	}, w)
}
