package analysis

import "unicode/utf8"

// noAlefWords are words that standard spelling writes without the alef that
// Uthmani spelling marks with a dagger alef (in their L1 form, clitics and
// pronoun suffixes removed). Everywhere else a dagger alef becomes ا.
var noAlefWords = setOf(`هذا هذه هذي هذان هذين هؤلاء ذلك ذلكم ذلكما ذلكن كذلك هكذا
لكن لكنا لكنه لكنها لكنهم لكني رحمن إله إلهين أولئك`)

var daggerPrefixes = []string{"", "و", "ف", "ب", "ك", "ل", "وب", "فب", "ول", "فل", "وك", "فك",
	"ال", "وال", "فال", "بال", "كال", "لل", "ولل", "فلل"}

var daggerSuffixes = []string{"", "ه", "ها", "هم", "هما", "هن", "كم", "كما", "كن", "ك", "نا", "ي", "ني"}

// dropProtectedAlefs removes the alefs inserted for dagger alefs when the
// word is one of noAlefWords.
func (s *scanner) dropProtectedAlefs() {
	p := &s.p
	var buf [64]byte
	n, k := 0, 0
	for i := p.term0; i < len(s.arena); {
		r := rune(0)
		sz := 1
		if s.arena[i] >= 0x80 {
			r, sz = utf8.DecodeRune(s.arena[i:])
		}
		if k < p.nInserted && p.inserted[k] == i {
			k++
			i += sz
			continue
		}
		i += sz
		if isHaraka(r) {
			continue
		}
		if n+sz > len(buf) {
			return
		}
		n += copy(buf[n:], s.arena[i-sz:i])
	}
	if !isNoAlefWord(buf[:n]) {
		return
	}
	w := p.inserted[0]
	k = 0
	for i := p.inserted[0]; i < len(s.arena); i++ {
		if k < p.nInserted && p.inserted[k] == i {
			k++
			i++ // skip both bytes of the alef and the harakat it carries
			for i+2 < len(s.arena) && s.arena[i+1] == 0xD9 && s.arena[i+2] >= 0x8B && s.arena[i+2] <= 0x91 {
				i += 2
			}
			continue
		}
		s.arena[w] = s.arena[i]
		w++
	}
	s.arena = s.arena[:w]
	p.nInserted = 0
}

func isNoAlefWord(w []byte) bool {
	for _, pre := range daggerPrefixes {
		if !hasPrefix(w, pre) {
			continue
		}
		rest := w[len(pre):]
		for _, suf := range daggerSuffixes {
			if len(rest) > len(suf) && hasSuffix(rest, suf) {
				if _, ok := noAlefWords[string(rest[:len(rest)-len(suf)])]; ok {
					return true
				}
			}
		}
	}
	return false
}
