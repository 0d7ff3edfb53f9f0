package analysis

import "unicode/utf8"

// arabic appends an Arabic letter in its L1 form.
func (s *scanner) arabic(r rune) {
	p := &s.p
	if r == 'ٱ' { // alef wasla: a plain alef in standard spelling
		p.uthmani = true
		r = 'ا'
	}
	if r == 'آ' && p.uthmani && !s.cliticsOnlyBefore() {
		r = 'ا' // Uthmani جَآءَ (NFC): the madda marks a long vowel
	}
	switch {
	case r == 'ا' && p.daggerAlef && !p.marked:
		return // a written alef after a dagger alef written as alef: one alef
	case r == 'ا' && (p.lastLetter == 'ء' || p.seatHamza) && (p.uthmani && !p.tanwin || s.cliticsOnlyBefore()):
		// Uthmani ءا and word-initial ءا (ءامنوا) are the letter آ.
		s.arena = s.arena[:p.lastOff]
		r = 'آ'
		s.hamzasBefore(p.lastOff)
	case foldLetter(r) == 'ا' && r != 'ا' && p.lastLetter == 'ء' && (p.uthmani || s.cliticsOnlyBefore()):
		// Uthmani ءأ (ءأنتم) is أأ in standard spelling.
		s.replaceLast('أ')
		s.hamzasBefore(p.lastOff)
	case r == 'ي' && p.lastLetter == 'ء' && p.uthmani:
		// Uthmani ءي (إسرٰءيل) is ئي in standard spelling.
		s.replaceLast('ئ')
	}
	s.letter(r)
}

// letter writes a base letter.
func (s *scanner) letter(r rune) {
	p := &s.p
	p.lastOff = len(s.arena)
	if r < 0x800 {
		s.arena = append(s.arena, byte(0xC0|r>>6), byte(0x80|r&0x3F))
	} else {
		s.arena = utf8.AppendRune(s.arena, r)
	}
	p.cluster = len(s.arena)
	p.lastLetter = r
	p.marked, p.seat, p.seatHamza, p.daggerAlef, p.lastDigit, p.tanwin = false, false, false, false, false, false
}

// replaceLast overwrites the last letter (all the letters involved are two
// bytes long).
func (s *scanner) replaceLast(r rune) {
	p := &s.p
	utf8.EncodeRune(s.arena[p.lastOff:], r)
	p.lastLetter = r
}

// mark handles a combining mark after the current letter.
func (s *scanner) mark(r rune) {
	p := &s.p
	if r >= 0x06D6 && r <= 0x06ED || r == 0x0656 || r == 0x0657 || r == 0x065E || r == 0x0670 {
		p.uthmani = true
	}
	if p.daggerAlef && (r == 0x0653 || r == 0x0654 || r == 0x0655) {
		return // prolongation or hamza sign over a dagger alef: the alef stays
	}
	switch r {
	case 0x0654: // hamza above
		if p.seat {
			s.letter('ئ')
			p.seatHamza, p.uthmani = true, true
			return
		}
		if c := hamzaAbove(p.lastLetter); c != 0 {
			s.replaceLast(c)
		}
		return
	case 0x0655: // hamza below
		if p.lastLetter == 'ا' {
			s.replaceLast('إ')
		}
		return
	case 0x0653: // maddah
		// A word-initial alef with maddah is آ; elsewhere (Uthmani جَآءَ,
		// إِلَّآ) the maddah only marks a long vowel.
		if p.lastLetter == 'ا' && s.cliticsOnlyBefore() {
			s.replaceLast('آ')
		}
		return
	case 0x0670: // superscript (dagger) alef
		s.dagger()
		return
	case 0x06E7: // small high yeh on a tatweel stands for a written yeh
		if p.seat {
			s.letter('ي')
		}
		return
	}
	p.marked = true
	if r >= 0x064B && r <= 0x064D || r == 0x0656 || r == 0x0657 || r == 0x065E {
		p.tanwin = true
	}
	if !s.vocal || p.kind != kArabic || p.lastLetter == 0 || p.seat {
		return
	}
	if v := vocalMark(r); v != 0 {
		s.insertMark(v)
	}
}

// insertMark appends a haraka to the current letter's cluster in canonical
// order (by combining class), dropping duplicates.
func (s *scanner) insertMark(v rune) {
	p := &s.p
	at := len(s.arena)
	for at > p.cluster {
		prev, _ := utf8.DecodeRune(s.arena[at-2:])
		if prev == v {
			return
		}
		if markOrder(prev) <= markOrder(v) {
			break
		}
		at -= 2
	}
	s.arena = append(s.arena, 0, 0)
	copy(s.arena[at+2:], s.arena[at:len(s.arena)-2])
	utf8.EncodeRune(s.arena[at:], v)
}

// dagger handles U+0670. In Uthmani spelling it stands for an alef that
// standard spelling writes (الكتاب, العالمين, السماوات); after alef maksura
// it is dropped (على, موسى); after a waw it replaces the waw (الصلوة →
// الصلاة). A few very frequent words are written without the alef in
// standard spelling too (هذا, ذلك, لكن, الرحمن, إله, أولئك): the inserted
// alefs are taken out again for them when the term is finished.
func (s *scanner) dagger() {
	p := &s.p
	switch p.lastLetter {
	case 0, 'ى', 'ا', 'آ':
		return
	case 'ء':
		if s.cliticsOnlyBefore() { // word-initial ءٰ: آ, as ءا is
			s.replaceLast('آ')
			s.hamzasBefore(p.lastOff)
			return
		}
	case 'و':
		if !p.marked && !p.seat {
			// The waw is written for an alef: take it out and write the
			// alef through the usual rules (ءوٰ is ءا, so آ).
			o, prev := s.letterBefore(p.lastOff)
			s.arena = s.arena[:p.lastOff]
			p.lastOff, p.lastLetter, p.tanwin, p.seatHamza = o, prev, false, false
			s.arabic('ا')
			p.daggerAlef = true
			return
		}
	}
	if p.nInserted < len(p.inserted) {
		p.inserted[p.nInserted] = len(s.arena)
		p.nInserted++
	} else {
		p.noProtected = true
	}
	if p.lastLetter == 'ي' && p.lastOff == p.term0 {
		p.vocative = true
	}
	s.letter('ا')
	p.daggerAlef = true
}

// cliticsOnlyBefore reports whether the letters written before the last
// letter are only proclitics (و ف ب ك ل, the article), so that a hamza
// followed by alef is word-initial.
func (s *scanner) cliticsOnlyBefore() bool {
	p := &s.p
	var buf [12]byte
	n := 0
	for i := p.term0; i < p.lastOff; {
		r, sz := utf8.DecodeRune(s.arena[i:])
		i += sz
		if isHaraka(r) {
			continue
		}
		if n+sz > len(buf) {
			return false
		}
		// compare folded letters, as a second normalization would see them
		n += utf8.EncodeRune(buf[n:], foldLetter(r))
	}
	b := buf[:n]
	if p.vocative && hasPrefix(b, "يا") {
		b = b[len("يا"):] // the Uthmani vocative is a word of its own (see finish)
	}
	switch string(b) {
	case "", "و", "ف", "ب", "ك", "ل", "ال", "وال", "فال", "بال", "كال", "لل", "وب", "فب", "ول", "فل", "وك", "فك":
		return true
	}
	return false
}

// finish ends the current piece and emits its token. next is the kind of
// the piece that follows in the same word (kNone at a word boundary).
func (s *scanner) finish(next uint8) {
	p := &s.p
	if !p.active {
		return
	}
	p.active = false
	if len(s.arena) == p.term0 {
		return // only marks, tatweel or format characters
	}
	if p.kind != kArabic {
		s.emit(p.term0, p.kind == kNum)
		return
	}
	if p.lastLetter == 'آ' && p.lastOff > p.term0 {
		s.replaceLast('ا') // no word ends in آ: إلآ, مآ are إلا, ما with a long-vowel sign
	}
	if p.nInserted > 0 && !p.noProtected {
		s.dropProtectedAlefs()
	}
	if p.uthmani && !s.vocal {
		s.uthmaniLail()
	}
	term := s.arena[p.term0:]
	if next != kNone && isBareClitic(term) { // بالـGPS: the clitic goes
		s.arena = s.arena[:p.term0]
		return
	}
	if p.vocative && p.nInserted > 0 {
		cut := p.inserted[0] + 2
		for cut+1 < len(s.arena) && s.arena[cut] == 0xD9 && s.arena[cut+1] >= 0x8B && s.arena[cut+1] <= 0x91 {
			cut += 2 // the alef's harakat stay with يا
		}
		if utf8.RuneCount(s.arena[cut:]) >= 2 && s.lettersFrom(cut) >= 2 {
			s.emit2(p.term0, cut)
			return
		}
	}
	s.emit(p.term0, false)
}

func (s *scanner) lettersFrom(off int) int {
	n := 0
	for _, r := range string(s.arena[off:]) {
		if !isHaraka(r) {
			n++
		}
	}
	return n
}

// isBareClitic reports whether t is only a proclitic (بـ، وال، لل…).
func isBareClitic(t []byte) bool {
	switch string(t) {
	case "و", "ف", "ب", "ك", "ل", "ال", "وال", "فال", "بال", "كال", "لل", "وب", "فب", "ول", "فل", "وبال", "فبال", "ولل":
		return true
	}
	return false
}

// emit records the term arena[term0:] as a token of the current piece.
func (s *scanner) emit(term0 int, num bool) {
	s.pos++
	t := rawTok{start: s.p.start, end: s.lastEnd, pos: s.pos, term0: term0, term1: len(s.arena), num: num}
	if term := s.arena[term0:]; !num && len(term) >= 6 {
		if at(term, len(term)-2) == lHeh && hasSuffix(term, "لله") {
			// room for the stem filter to write الله over لله in place
			t.spare = 2
			s.arena = append(s.arena, 0, 0)
		}
		if !s.vocal && mayAlternate(term) {
			s.nAlt++
			if t.spare == 0 && hasSeat(term) {
				// room for the stem filter's second reading with ء (stem.go)
				t.spare = len(term)
				s.arena = append(s.arena, term...)
			}
		}
	}
	s.toks = append(s.toks, t)
}

// emit2 emits the Uthmani vocative يا and the rest of the word as two tokens
// sharing the word's span.
func (s *scanner) emit2(term0, cut int) {
	end := len(s.arena)
	s.arena = s.arena[:cut]
	s.emit(term0, false)
	s.arena = s.arena[:end]
	s.emit(cut, false)
}

func hasSuffix(t []byte, suf string) bool {
	return len(t) >= len(suf) && string(t[len(t)-len(suf):]) == suf
}

func hasPrefix(t []byte, pre string) bool {
	return len(t) >= len(pre) && string(t[:len(pre)]) == pre
}

// uthmaniLail restores the second lam of الليل, which Uthmani spelling
// writes once with a shadda (ٱلَّيۡلِ, وَٱلَّيۡلِ).
func (s *scanner) uthmaniLail() {
	t := s.arena[s.p.term0:]
	for _, pre := range []string{"", "و", "ف", "ب"} {
		if len(t) >= len(pre)+8 && string(t[len(pre):len(pre)+8]) == "اليل" {
			at := s.p.term0 + len(pre) + 2
			s.arena = append(s.arena, 0, 0)
			copy(s.arena[at+2:], s.arena[at:len(s.arena)-2])
			s.arena[at], s.arena[at+1] = 0xD9, 0x84 // ل
			return
		}
	}
}

// letterBefore returns the offset and value of the last letter of the
// current term before arena offset off (skipping harakat), or -1, 0.
func (s *scanner) letterBefore(off int) (int, rune) {
	for off-2 >= s.p.term0 {
		r, n := utf8.DecodeRune(s.arena[off-2:])
		if n != 2 {
			return -1, 0
		}
		off -= 2
		if !isHaraka(r) {
			return off, r
		}
	}
	return -1, 0
}

// hamzasBefore turns the hamzas written right before the alef at off into
// أ while the rule context holds (ءءا → ءأآ → أأآ), so that a second
// normalization finds no ء+alef pair left to rewrite.
func (s *scanner) hamzasBefore(off int) {
	p := &s.p
	last, lastOff := p.lastLetter, p.lastOff
	for {
		o, prev := s.letterBefore(off)
		if prev != 'ء' {
			break
		}
		p.lastOff, p.lastLetter = o, prev
		if !p.uthmani && !s.cliticsOnlyBefore() {
			break
		}
		s.replaceLast('أ')
		off = o
	}
	p.lastLetter, p.lastOff = last, lastOff
}
