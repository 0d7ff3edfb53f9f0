package analysis

import (
	"bytes"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Piece kinds. A word (a run of letters, digits, marks, tatweel and format
// characters) is split into pieces where the script changes: Arabic letters
// never share a term with digits or Latin letters.
const (
	kNone   uint8 = iota // only marks or tatweel so far
	kArabic              // Arabic letters
	kOther               // letters of other scripts, possibly with digits (iphone15)
	kNum                 // digits, with . and , between digits
)

// rawTok is a token before it is handed to bleve: its span in the input and
// its term as a range of the scanner's arena. spare bytes of arena follow the
// term and may be used by filters that lengthen it.
type rawTok struct {
	start, end   int
	pos          int
	term0, term1 int
	spare        int
	num          bool
}

// scanner is the single-pass tokenizer. It keeps original byte offsets and
// writes the L1 form of every term into one arena: marks, tatweel and format
// characters removed (harakat kept when vocal), compatibility forms
// decomposed, decomposed hamza and madda composed, digits in ASCII, Latin
// lowercased, Uthmani spellings rewritten into standard spelling. Letters are
// not folded: that is the job of the fold and stem filters, after stop words
// have been matched on this form.
type scanner struct {
	vocal   bool
	arena   []byte
	toks    []rawTok
	pos     int
	nAlt    int // tokens for which the stem filter may add an alternate
	lastEnd int // end offset of the last content rune
	p       piece
}

// piece is the state of the term being built.
type piece struct {
	active      bool
	kind        uint8
	start       int  // input offset of its first content rune
	term0       int  // arena offset of its term
	lastLetter  rune // last base letter written, 0 if none
	lastOff     int  // arena offset of lastLetter
	cluster     int  // arena offset where lastLetter's marks begin
	marked      bool // a mark followed lastLetter
	seat        bool // the last base was a tatweel (a hamza seat)
	seatHamza   bool // lastLetter is a hamza written on a tatweel
	daggerAlef  bool // lastLetter is an alef inserted for a dagger alef
	tanwin      bool // lastLetter carries a tanwin
	uthmani     bool // Uthmani-only marks or letters were seen
	lastDigit   bool
	inserted    [6]int // arena offsets of alefs inserted for dagger alefs
	nInserted   int
	vocative    bool // starts with the Uthmani vocative يٰ
	noProtected bool // too many inserted alefs to check the protected list
}

func (s *scanner) reset(vocal bool) {
	s.vocal = vocal
	s.arena = s.arena[:0]
	s.toks = s.toks[:0]
	s.pos = 0
	s.nAlt = 0
	s.lastEnd = 0
	s.p = piece{}
}

// scan tokenizes in, appending to s.toks and s.arena.
func (s *scanner) scan(in []byte) {
	p := &s.p
	for i := 0; i < len(in); {
		// Fast paths: a plain Arabic letter or haraka inside an Arabic word.
		if c0 := in[i]; c0 >= 0xD8 && c0 <= 0xD9 && i+1 < len(in) && in[i+1]&0xC0 == 0x80 && p.active && p.kind == kArabic {
			c1 := in[i+1]
			r := rune(c0&0x1F)<<6 | rune(c1&0x3F)
			switch {
			case class2[r] == cArabic && r != 'ٱ' && r != 'آ' && !p.daggerAlef && !p.seatHamza && p.lastLetter != 'ء':
				p.lastOff = len(s.arena)
				s.arena = append(s.arena, c0, c1)
				p.cluster = len(s.arena)
				p.lastLetter = r
				p.marked, p.seat, p.tanwin = false, false, false
				s.lastEnd = i + 2
				i += 2
				continue
			case r >= 0x064E && r <= 0x0652 && !s.vocal:
				p.marked = true
				s.lastEnd = i + 2
				i += 2
				continue
			}
		}
		r, n, c := decode(in[i:])
		switch c {
		case cSep:
			if s.numberSep(r, in[i+n:]) {
				break
			}
			s.finish(kNone)
		case cIgnore:
			// dropped; a word continues across it and its span excludes
			// it at the edges
		case cCompat:
			s.compat(r, in[i:i+n], i)
		default:
			s.add(r, c, i, i+n)
		}
		i += n
	}
	s.finish(kNone)
}

// numberSep keeps . , ٫ ٬ between two digits inside a number.
func (s *scanner) numberSep(r rune, rest []byte) bool {
	p := &s.p
	if !p.active || p.kind != kNum || !p.lastDigit || len(rest) == 0 {
		return false
	}
	var b byte
	switch r {
	case '.', '٫':
		b = '.'
	case ',', '٬':
		b = ','
	default:
		return false
	}
	if _, _, c := decode(rest); c != cDigit {
		return false
	}
	s.arena = append(s.arena, b)
	p.lastDigit = false
	return true
}

// compat handles a compatibility character: its NFKD decomposition is fed
// through the normal path with the character's own offsets. A space inside
// the decomposition (ﷺ, ﷽) ends the current term, so a multi-word ligature
// becomes several tokens sharing the ligature's span.
func (s *scanner) compat(r rune, b []byte, start int) {
	d := norm.NFKD.Properties(b).Decomposition()
	if r == 0xFDFD { // ﷽ has no Unicode decomposition
		d = []byte(bismillah)
	}
	if d == nil {
		c := cLetter
		switch {
		case unicode.Is(unicode.Arabic, r) && unicode.IsLetter(r):
			c = cArabic
		case unicode.IsMark(r):
			c = cMark
		case !unicode.IsLetter(r):
			s.finish(kNone)
			return
		}
		s.add(r, c, start, start+len(b))
		return
	}
	multi := bytes.IndexByte(d, ' ') >= 0
	if multi { // ﷺ ﷽: words of their own, even when glued to letters
		s.finish(kNone)
		defer s.finish(kNone)
	}
	for len(d) > 0 {
		rr, n := utf8.DecodeRune(d)
		d = d[n:]
		c := classify(rr)
		switch c {
		case cSep:
			s.finish(kNone)
		case cIgnore, cCompat:
		default:
			s.add(rr, c, start, start+len(b))
		}
	}
}

const bismillah = "بسم الله الرحمن الرحيم"

// add appends one content rune occupying input[start:end].
func (s *scanner) add(r rune, c uint8, start, end int) {
	switch c {
	case cArabic:
		s.ensure(kArabic, start)
		s.arabic(r)
	case cLetter:
		s.ensure(kOther, start)
		s.other(r)
	case cDigit:
		s.ensure(kNum, start)
		s.digit(r)
	case cTatweel:
		s.ensure(kNone, start)
		s.p.seat = s.p.lastLetter != 0
	case cMark:
		s.ensure(kNone, start)
		s.mark(r)
	}
	s.lastEnd = end
}

// ensure makes sure a piece of a kind compatible with k is active, starting
// a new one at start when the script changes.
func (s *scanner) ensure(k uint8, start int) {
	p := &s.p
	switch {
	case !p.active:
		s.begin(k, start)
	case k == kNone || k == p.kind:
	case p.kind == kNone:
		p.kind = k
	case p.kind == kOther && k == kNum:
	case p.kind == kNum && k == kOther:
		p.kind = kOther
	default:
		s.finish(k)
		s.begin(k, start)
	}
}

func (s *scanner) begin(k uint8, start int) {
	p := &s.p
	p.active, p.kind, p.start, p.term0 = true, k, start, len(s.arena)
	p.lastLetter, p.lastOff, p.cluster = 0, 0, 0
	p.marked, p.seat, p.seatHamza, p.daggerAlef, p.tanwin = false, false, false, false, false
	p.uthmani, p.lastDigit, p.vocative, p.noProtected = false, false, false, false
	p.nInserted = 0
}

// other appends a letter of a non-Arabic script, lowercased.
func (s *scanner) other(r rune) {
	p := &s.p
	p.lastLetter, p.lastDigit = 0, false
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		s.arena = append(s.arena, byte(r))
		return
	}
	s.arena = utf8.AppendRune(s.arena, unicode.ToLower(r))
}

func (s *scanner) digit(r rune) {
	switch {
	case r >= 0x06F0:
		r -= 0x06F0 - '0'
	case r >= 0x0660:
		r -= 0x0660 - '0'
	}
	s.arena = append(s.arena, byte(r))
	s.p.lastLetter, s.p.lastDigit = 0, true
}
