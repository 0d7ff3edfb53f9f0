package index

// Broken plurals. Most Arabic nouns form their plural by changing the
// vowels inside the word, not by adding a suffix (مدرسة → مدارس، طفل →
// أطفال، وزير → وزراء), so a light stemmer leaves singular and plural
// apart. At query time each stem of a query word is matched against the
// common plural and singular patterns below and the stems of the other
// number, built from the same root letters, are searched too, at a lower
// weight, when the index holds them. Only pairs whose patterns are
// unambiguous enough are listed: فِعال (جبال / جبل) is also a singular
// pattern (كتاب، نظام، سلام), and فُعُل (كتب، مدن) is also a verb.

import "unicode/utf8"

// numberPattern pairs the stem pattern of a plural with that of its
// singular, as our stemmer writes them (hamza folded, ة removed). C stands
// for a root letter.
type numberPattern struct{ plural, singular string }

var numberPatterns = []numberPattern{
	{"اCCاC", "CCC"},    // أفعال: أطفال، أعمال
	{"CCوC", "CCC"},     // فُعول: قلوب، دروس
	{"مCاCC", "مCCC"},   // مفاعل: مدارس، مناطق، مساجد
	{"مCاCيC", "مCCوC"}, // مفاعيل: مشاريع، مواضيع
	{"مCاCيC", "مCCاC"}, // مفاعيل: مفاتيح
	{"CCايC", "CCيC"},   // فعائل: قبائل، حقائق (ئ read as ي)
	{"CCاءC", "CCيC"},   // the same, ئ read as ء
	{"CCايC", "CCاC"},   // فعائل: رسائل، وسائل
	{"CCاءC", "CCاC"},
	{"CCCاء", "CCيC"}, // فُعَلاء: وزراء، أمراء
	{"CCCاء", "CاCC"}, // فُعَلاء: علماء، شعراء
	{"CواCC", "CاCC"}, // فواعل: شوارع، عوامل، قواعد
}

// rootLetter is the placeholder of a root letter in a numberPattern.
const rootLetter = 'C'

// plurals returns the index terms that are the other number of stem s
// (singulars of a plural, plurals of a singular).
func (b *builder) plurals(s string) []string {
	if b.rank.pluralWeight == 0 {
		return nil
	}
	var cands []string
	for _, p := range numberPatterns {
		if root, ok := matchPattern(p.plural, s); ok {
			cands = append(cands, fillPattern(p.singular, root))
		}
		if root, ok := matchPattern(p.singular, s); ok {
			cands = append(cands, fillPattern(p.plural, root))
		}
	}
	return b.inIndex(cands, s)
}

// matchPattern returns the root letters of s if s has the shape of
// pattern: the same length, the pattern's letters in place, and a letter
// other than ا at each root position.
func matchPattern(pattern, s string) ([]rune, bool) {
	if utf8.RuneCountInString(pattern) != utf8.RuneCountInString(s) {
		return nil, false
	}
	var root []rune
	rs := []rune(s)
	for i, p := range []rune(pattern) {
		switch {
		case p == rootLetter && rs[i] != 'ا':
			root = append(root, rs[i])
		case p != rs[i]:
			return nil, false
		}
	}
	return root, true
}

// fillPattern writes root into the root positions of pattern.
func fillPattern(pattern string, root []rune) string {
	out := make([]rune, 0, len(pattern))
	i := 0
	for _, p := range pattern {
		if p == rootLetter {
			p = root[i]
			i++
		}
		out = append(out, p)
	}
	return string(out)
}
