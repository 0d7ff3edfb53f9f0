package analysis

import (
	"unicode"
	"unicode/utf8"
)

// Rune classes used by the tokenizer.
const (
	cSep     uint8 = iota // separator: ends a word
	cLetter               // letter of a non-Arabic script (Latin, Cyrillic, ...)
	cArabic               // Arabic-script letter
	cDigit                // decimal digit we fold to ASCII
	cMark                 // combining mark: part of the word, dropped from the term (kept at Vocal level)
	cTatweel              // U+0640: part of the word, dropped from the term
	cIgnore               // format character (Cf): dropped, never splits a word
	cCompat               // needs compatibility decomposition (presentation forms, ligatures, fullwidth)
)

// class2 classifies every rune below U+0800 (ASCII and 2-byte UTF-8, which
// covers the whole Arabic block). It is computed once and never written.
var class2 = buildClass2()

func buildClass2() *[0x800]uint8 {
	var t [0x800]uint8
	for r := rune(0); r < 0x800; r++ {
		t[r] = classifySlow(r)
	}
	return &t
}

// classify returns the class of r.
func classify(r rune) uint8 {
	if r < 0x800 {
		return class2[r]
	}
	return classifySlow(r)
}

func classifySlow(r rune) uint8 {
	switch {
	case r == utf8.RuneError:
		return cSep
	case r == 0x0640:
		return cTatweel
	case r == 0x06E5 || r == 0x06E6: // small waw / small yeh (Lm) act as marks
		return cMark
	case r >= 0x0660 && r <= 0x0669, r >= 0x06F0 && r <= 0x06F9, r >= '0' && r <= '9':
		return cDigit
	case unicode.Is(unicode.Cf, r):
		return cIgnore
	case isCompatRange(r):
		if unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r) || r == 0xFDFD {
			return cCompat
		}
		return cSep
	case unicode.IsMark(r):
		return cMark
	case unicode.IsLetter(r):
		if unicode.Is(unicode.Arabic, r) {
			return cArabic
		}
		return cLetter
	case unicode.IsDigit(r):
		return cLetter // other scripts' digits stay as they are
	}
	return cSep
}

// isCompatRange reports whether r lies in a block whose characters are
// compatibility forms that NFKC rewrites.
func isCompatRange(r rune) bool {
	return r >= 0xFB00 && r <= 0xFDFF || r >= 0xFE70 && r <= 0xFEFF ||
		r >= 0xFF00 && r <= 0xFFEF || r >= 0x1D400 && r <= 0x1D7FF || r >= 0x1EE00 && r <= 0x1EEFF
}

// decode returns the rune at b[0:], its size and its class, with a fast path
// for ASCII and 2-byte sequences.
func decode(b []byte) (rune, int, uint8) {
	c0 := b[0]
	if c0 < utf8.RuneSelf {
		return rune(c0), 1, class2[c0]
	}
	if c0&0xE0 == 0xC0 && len(b) > 1 && b[1]&0xC0 == 0x80 && c0 >= 0xC2 {
		r := rune(c0&0x1F)<<6 | rune(b[1]&0x3F)
		return r, 2, class2[r]
	}
	r, n := utf8.DecodeRune(b)
	return r, n, classify(r)
}

// harakat are the marks kept at Vocal level (after mapping Uthmani variants).
func isHaraka(r rune) bool { return r >= 0x064B && r <= 0x0651 }

// vocalMark maps a mark to the haraka kept at Vocal level, or 0 to drop it.
// Sukun (U+0652, and its Uthmani form U+06E1) is dropped: it only states the
// absence of a vowel and is written inconsistently. The open tanwin forms
// used in Uthmani text fold to the ordinary tanwin.
func vocalMark(r rune) rune {
	switch {
	case isHaraka(r):
		return r
	case r == 0x065E: // fatha with two dots: open fathatan
		return 0x064B
	case r == 0x0657: // inverted damma: open dammatan
		return 0x064C
	case r == 0x0656: // subscript alef: open kasratan
		return 0x064D
	}
	return 0
}

// markOrder is the canonical combining class used to order harakat so that
// "shadda then fatha" and "fatha then shadda" give the same Vocal term.
func markOrder(r rune) int {
	if r == 0x0651 {
		return 33
	}
	return int(r-0x064B) + 27
}

// foldLetter maps an Arabic letter to its L2 (search) form: alef variants to
// alef, yeh variants to yeh, teh marbuta and heh variants to heh, Persian and
// Urdu forms to their Arabic letters, hamza seats to the bare seat. Every
// mapping keeps the 2-byte UTF-8 length, so folding works in place.
func foldLetter(r rune) rune {
	switch r {
	case 'آ', 'أ', 'إ', 'ٱ', 'ٲ', 'ٳ', 'ٵ':
		return 'ا'
	case 'ى', 'ی', 'ې', 'ے', 'ۓ', 'ئ', 'ٸ', 'ێ':
		return 'ي'
	case 'ة', 'ۀ', 'ہ', 'ۃ', 'ە', 'ھ':
		return 'ه'
	case 'ک', 'ڪ':
		return 'ك'
	case 'ؤ', 'ٶ', 'ٷ':
		return 'و'
	}
	return r
}

// hamzaAbove composes a letter with a following combining hamza above
// (U+0654), or returns 0 when there is no precomposed form.
func hamzaAbove(r rune) rune {
	switch r {
	case 'ا':
		return 'أ'
	case 'و':
		return 'ؤ'
	case 'ي', 'ى', 'ی':
		return 'ئ'
	case 'ه', 'ە':
		return 'ۀ'
	case 'ے':
		return 'ۓ'
	}
	return 0
}
