package index

// A file in another encoding than UTF-8 would be read as garbage or as one
// "invalid UTF-8" reject per record. Two encodings Arabic files come in
// are recognized from the start of a file and refused as a whole with a
// message that says how to convert them: UTF-16 (as saved by Excel and
// Notepad) and Windows-1256 (cp1256, older Arabic Windows programs).

import (
	"bufio"
	"bytes"
	"fmt"
	"unicode/utf8"
)

// sniffLen is how much of a file is looked at.
const sniffLen = 4096

// checkEncoding returns an error wrapping ErrInvalid when the first bytes
// of br are UTF-16 or look like cp1256 Arabic. It reads nothing.
func checkEncoding(br *bufio.Reader) error {
	head, _ := br.Peek(sniffLen)
	switch {
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}) || bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return fmt.Errorf("%w: the file is UTF-16 (it starts with the byte order mark % X), not UTF-8: convert it, e.g. iconv -f UTF-16 -t UTF-8", ErrInvalid, head[:2])
	case looksUTF16(head):
		return fmt.Errorf("%w: the file looks like UTF-16 without a byte order mark (every other byte is 0), not UTF-8: convert it, e.g. iconv -f UTF-16LE -t UTF-8", ErrInvalid)
	case looksCP1256(head):
		return fmt.Errorf("%w: the file is not UTF-8 and looks like Windows-1256 (cp1256) Arabic: convert it, e.g. iconv -f CP1256 -t UTF-8", ErrInvalid)
	}
	return nil
}

// looksUTF16 reports whether most bytes at even or at odd offsets are 0.
func looksUTF16(b []byte) bool {
	if len(b) < 8 {
		return false
	}
	var zeros [2]int
	for i, c := range b {
		if c == 0 {
			zeros[i%2]++
		}
	}
	half := len(b) / 2
	return zeros[0]*10 >= half*8 || zeros[1]*10 >= half*8
}

// looksCP1256 reports whether b is not UTF-8, holds no multi-byte UTF-8
// letter at all, and at least a third of its letters are bytes of the
// cp1256 Arabic range (0xC1..0xFE).
func looksCP1256(b []byte) bool {
	var invalid, arabic, letters int
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			if len(b)-i < utf8.UTFMax && !utf8.FullRune(b[i:]) {
				i = len(b) // a letter cut by the end of the sniffed bytes
				continue
			}
			invalid++
			if b[i] >= 0xC1 && b[i] <= 0xFE {
				arabic++
			}
			letters++
		case n > 1:
			return false
		case r > ' ':
			letters++
		}
		i += n
	}
	return invalid > 0 && arabic*3 >= letters
}
