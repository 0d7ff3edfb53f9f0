package analysis

import "bytes"

import "unicode/utf8"

// fold rewrites the L1 term t into its L2 form in place (every folded
// letter keeps its 2-byte length) and returns it.
func fold(t []byte) []byte {
	for i := 0; i+1 < len(t); i++ {
		c := t[i]
		if c < 0xD8 || c > 0xDB { // not U+0600–U+06FF
			continue
		}
		if f := folds[c-0xD8][t[i+1]&0x3F]; f != 0 {
			t[i], t[i+1] = byte(f>>8), byte(f)
		}
		i++
	}
	return t
}

// folds maps the two UTF-8 bytes of every letter of U+0600–U+06FF that
// foldLetter changes (indexed by lead byte - 0xD8 and the low 6 bits of the
// second byte) to the bytes of its folded form.
var folds = func() *[4][64]uint16 {
	var t [4][64]uint16
	for r := rune(0x0600); r < 0x0700; r++ {
		if f := foldLetter(r); f != r {
			var b, fb [2]byte
			utf8.EncodeRune(b[:], r)
			utf8.EncodeRune(fb[:], f)
			t[b[0]-0xD8][b[1]&0x3F] = uint16(fb[0])<<8 | uint16(fb[1])
		}
	}
	return &t
}()

// allahForms all stem to الله.
var allahForms = setOf("الله لله بالله والله تالله فالله ولله فلله وبالله فبالله")

// protectedWords are never stemmed.
var protectedWords = setOf("اللهم الله")

const minStem = 3

// Arabic letters as their two UTF-8 bytes, for fast comparisons.
const (
	lHamza = 0xD8A1 // ء
	lAlef  = 0xD8A7 // ا
	lBeh   = 0xD8A8 // ب
	lTeh   = 0xD8AA // ت
	lFeh   = 0xD981 // ف
	lKaf   = 0xD983 // ك
	lLam   = 0xD984 // ل
	lMeem  = 0xD985 // م
	lNoon  = 0xD986 // ن
	lHeh   = 0xD987 // ه
	lWaw   = 0xD988 // و
	lYeh   = 0xD98A // ي
)

// at returns the two bytes of t at i as one number (t must hold i+1).
func at(t []byte, i int) uint16 { return uint16(t[i])<<8 | uint16(t[i+1]) }

// stemmer is the light stemmer. extra holds user-protected words (L2 form).
type stemmer struct {
	extra map[string]struct{}
}

// stem folds the L1 term t in place and returns its stem and, when the word
// is genuinely ambiguous, a second reading (else nil): a proclitic و or the
// article, an accusative tanwin alef, the ة of a feminine noun before a dual
// ending, a hamza seat. Both alias t, except that the forms of الله are
// rewritten to الله, and the reading with a hamza on the line is written
// after t, in t's spare capacity when it has some.
func (st *stemmer) stem(t []byte) (primary, alt []byte) {
	if len(t) < 4 || t[0] < 0xD8 || t[0] > 0xDB { // one letter, or not Arabic
		return fold(t), nil
	}
	// On the L1 form: a hamzated alef is never the article (ألوان) and ؤ
	// is not the conjunction و.
	art, lamlam := articlePrefix(t)
	waw := at(t, 0) == lWaw
	alefEnd := at(t, len(t)-2) == lAlef // a bare alef, not أ إ آ (مبدأ)
	var seats []byte                    // t with the hamza seats ؤ ئ written ء, if it has any
	if len(t) >= 6 && hasSeat(t) {      // three letters or more, as mayAlternate
		seats = hamzaOnLine(t)
	}
	t = fold(t)
	t = standardSpelling(t)
	if last := at(t, len(t)-2); last == lHeh && at(t, len(t)-4) == lLam || last == lMeem && hasSuffix(t, "للهم") {
		if _, ok := allahForms[string(t)]; ok {
			return append(t[:0], "الله"...), nil
		}
		if hasSuffix(t, "لله") || hasSuffix(t, "للهم") { // اللهم, عبدالله
			return t, nil
		}
	}
	if len(st.extra) > 0 {
		if _, ok := st.extra[string(t)]; ok {
			return t, nil
		}
	}
	// Final hamza after a long vowel is often not written or written on a
	// seat: شيء ≡ شئ ≡ شي, ضوء ≡ ضو.
	// The readings are decided on the letters before that (mayAlternate
	// must agree).
	n := letters(t)
	m := n // letters left for suffix stripping
	if l := len(t); l >= 6 && at(t, l-2) == lHamza && (at(t, l-4) == lYeh || at(t, l-4) == lWaw) {
		t = t[:l-2]
		m--
	}
	if art > 0 {
		rest := t[art:]
		switch r := n - art/2; {
		case r >= 2 && lamlam, r >= 4:
			stem := suffixLoop(rest, m-art/2)
			if seats != nil { // المسؤول، المسئول: see below
				return distinct(stem, suffixLoop(fold(seats[art:len(t)]), m-art/2))
			}
			return stem, nil
		case r >= 2:
			// الوان: the article, or أل… typed without hamza: both readings.
			return distinct(suffixLoop(rest, m-art/2), suffixLoop(t[art-4:], m-art/2+2))
		}
	}
	if waw && n >= 4 {
		// وزير: a root و or the conjunction: both readings.
		return distinct(suffixLoop(t, m), suffixLoop(t[2:], m-1))
	}
	if alefEnd && tanwinAlef(t, n) {
		// كبيرا، اعتراضا: the alef of the accusative tanwin, or a word
		// that ends in alef (أمريكا، دنيا): both readings. The tanwin mark
		// is not trusted to decide, so that كتابًا and كتابا, Uthmani and
		// plain spelling, keep analyzing alike.
		return distinct(suffixLoop(t, m), suffixLoop(t[:len(t)-2], m-1))
	}
	stem, taa := dualTaa(t, m)
	if taa {
		// منطقتين، مدرستان: a feminine noun's ة written ت before the dual
		// or plural ending, or a root ت (ثابتين): both readings.
		return stem, stem[:len(stem)-2]
	}
	if seats != nil {
		// مسؤول، مسئول: the seat of a medial hamza varies with the writer;
		// folded (مسوول، مسيول) they match hamza-less typing, and the
		// second reading with the hamza on the line (مسءول) matches the
		// other seat.
		return distinct(stem, suffixLoop(fold(seats[:len(t)]), m))
	}
	return stem, nil
}

// hasSeat reports whether the L1 term t has a hamza on a waw or yeh seat
// (ؤ ئ: D8 A4, D8 A6) after its first letter. It runs on every term; the
// letters of an Arabic term are two bytes long, so it steps by two.
func hasSeat(t []byte) bool {
	for i := 2; i+1 < len(t); i += 2 {
		if t[i] == 0xD8 && t[i+1]|2 == 0xA6 { // A4 or A6
			return true
		}
	}
	return false
}

// hamzaOnLine returns a copy of the L1 term t with ؤ and ئ written ء, in
// t's spare capacity when it has enough (the tokenizer reserves it).
func hamzaOnLine(t []byte) []byte {
	c := append(t[len(t):len(t):cap(t)], t...)
	for i := 2; i+1 < len(c); i += 2 {
		if c[i] == 0xD8 && c[i+1]|2 == 0xA6 {
			c[i+1] = 0xA1
		}
	}
	return c
}

// tanwinAlef reports whether the final alef of the folded term t (n
// letters) may be the seat of an accusative tanwin: at least minStem
// letters stay, and the letter before it is not ن ه و (نا ها وا are
// suffixes, قانونا aside) or another alef.
func tanwinAlef(t []byte, n int) bool {
	if n <= minStem || len(t) < 4 {
		return false
	}
	switch at(t, len(t)-4) {
	case lNoon, lHeh, lWaw, lAlef, lYeh:
		return false
	}
	return true
}

// dualTaa stems t (m letters) and reports whether the stem ends in a ت
// left by a dual or plural ending (ان ين) with at least four letters, so
// that the ت may be the ة of a feminine noun.
func dualTaa(t []byte, m int) ([]byte, bool) {
	l := len(t)
	if m < 6 || at(t, l-2) != lNoon || at(t, l-4) != lAlef && at(t, l-4) != lYeh || at(t, l-6) != lTeh {
		return suffixLoop(t, m), false
	}
	stem := suffixLoop(t, m)
	// only when exactly the number ending went
	ok := len(stem) == l-4 && at(stem, len(stem)-4) != lAlef
	return stem, ok
}

// mayAlternate reports whether stem may return an alternate for the L1 term
// t. It must be true whenever stem returns one (the bleve tokenizer reserves
// room for alternates with it); it is exact but for protected words, the
// tanwin alef and dual ت cases, where stem looks at more letters, and words
// whose only alternate, with the hamza on the line, equals the stem.
func mayAlternate(t []byte) bool {
	if len(t) < 6 || t[0] < 0xD8 || t[0] > 0xDB {
		return false
	}
	art, lamlam := articlePrefix(t)
	waw := at(t, 0) == lWaw
	// tanwin alef, dual ت (stem decides on the folded letters)
	l := len(t)
	alef := at(t, l-2) == lAlef
	dual := l >= 12 && at(t, l-2) == lNoon && (at(t, l-4) == lAlef || at(t, l-4) == lYeh) && at(t, l-6) == lTeh
	if art == 0 && !waw && !alef && !dual {
		return hasSeat(t) // most words: letters need not be counted
	}
	n := letters(t)
	if art > 0 {
		if r := n - art/2; r >= 2 {
			return !lamlam && r < 4 || hasSeat(t)
		}
	}
	if waw && n >= 4 || hasSeat(t) {
		return true
	}
	if waw {
		return false
	}
	return alef && n > minStem || dual && n >= 6
}

func distinct(a, b []byte) ([]byte, []byte) {
	if string(a) == string(b) {
		return a, nil
	}
	return a, b
}

// articlePrefix returns the byte length of the article prefix of the L1
// term t (ال لل وال فال بال كال ولل فلل وبال وكال فبال فكال), or 0, and
// whether it is a لل form (ل + article whose alef is not written). Only a
// bare alef makes an article: ألوان is not ال+وان.
func articlePrefix(t []byte) (n int, lamlam bool) {
	if len(t) < 4 {
		return 0, false
	}
	switch at(t, 0) {
	case lAlef:
		if at(t, 2) == lLam {
			return 4, false
		}
	case lLam:
		if at(t, 2) == lLam {
			return 4, true
		}
	case lWaw, lFeh:
		if len(t) < 6 {
			return 0, false
		}
		switch at(t, 2) {
		case lAlef:
			if at(t, 4) == lLam {
				return 6, false
			}
		case lLam:
			if at(t, 4) == lLam {
				return 6, true
			}
		case lBeh, lKaf:
			if len(t) >= 8 && at(t, 4) == lAlef && at(t, 6) == lLam {
				return 8, false
			}
		}
	case lBeh, lKaf:
		if len(t) >= 6 && at(t, 2) == lAlef && at(t, 4) == lLam {
			return 6, false
		}
	}
	return 0, false
}

// suffixLoop strips suffixes from t (n letters) to a fixed point, keeping at least minStem
// letters; when a pronoun went and the stem ends in a ت that stood for a
// teh marbuta (سيارتي → سيارت), the ت goes too.
func suffixLoop(t []byte, n int) []byte {
	pronoun := false
	for {
		k, pron := suffixAt(t, n)
		if k == 0 {
			break
		}
		t = t[:len(t)-2*k]
		n -= k
		pronoun = pronoun || pron
	}
	if pronoun && n >= 4 && at(t, len(t)-2) == lTeh && at(t, len(t)-4) != lAlef {
		t = t[:len(t)-2]
	}
	return t
}

// suffixAt returns the length in letters of the longest suffix of t (of n
// letters) that may be removed, and whether it is a pronoun. Suffixes:
// pronouns هما كما هم هن كم كن نا ها ه ي; number and gender ات ان ين ون وا
// يه (ية after folding).
func suffixAt(t []byte, n int) (int, bool) {
	if n <= minStem || len(t) < 4 {
		return 0, false
	}
	l := len(t)
	last, prev := at(t, l-2), at(t, l-4)
	if n-3 >= minStem && l >= 6 && last == lAlef && prev == lMeem {
		if p2 := at(t, l-6); p2 == lHeh || p2 == lKaf {
			return 3, true // هما كما
		}
	}
	if n-2 >= minStem {
		switch last {
		case lMeem, lNoon:
			if prev == lHeh || prev == lKaf {
				return 2, true // هم كم هن كن
			}
			if last == lNoon && (prev == lYeh || prev == lWaw || prev == lAlef && n-2 > minStem) {
				return 2, false // ان ين ون; ان keeps four letters: سلطان، عثمان، إيمان are words
			}
		case lAlef:
			if prev == lNoon || prev == lHeh {
				return 2, true // نا ها
			}
			if prev == lWaw {
				return 2, false // وا
			}
		case lTeh:
			if prev == lAlef {
				return 2, false // ات
			}
		case lHeh:
			if prev == lYeh {
				return 2, false // يه
			}
		}
	}
	if last == lHeh || last == lYeh {
		return 1, true // ه ي
	}
	return 0, false
}

// letters counts the runes of t (the bytes that are not UTF-8
// continuation bytes).
func letters(t []byte) int {
	n := 0
	for _, c := range t {
		if c&0xC0 != 0x80 {
			n++
		}
	}
	return n
}

// stripProclitics removes an article prefix (and with it a preceding و ف
// ب ك) from the L1 term t when at least two letters remain, for prefix
// queries on the stemmed field. It does not fold.
func stripProclitics(t []byte) []byte {
	if n, _ := articlePrefix(t); n > 0 && letters(t)-n/2 >= 2 {
		return t[n:]
	}
	return t
}

// pleneRahman is رحمان, the spelling with the alef that standard spelling
// leaves out of الرحمن (عبد الرحمان is common): it is stemmed as رحمن,
// never as رحم with a dual ending.
var pleneRahman = []byte("رحمان")

// standardSpelling rewrites in place the plene spelling of a word that
// standard spelling writes without its alef (pleneRahman).
func standardSpelling(t []byte) []byte {
	i := bytes.Index(t, pleneRahman)
	if i < 0 {
		return t
	}
	alef := i + len("رحم")
	return append(t[:alef], t[alef+len("ا"):]...)
}
