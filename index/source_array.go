package index

// A .json file is often one JSON array of documents, pretty-printed over
// many lines, rather than JSON Lines: read line by line, every line of it
// would be refused. A JSON Lines source whose first character is "[" is
// read as an array instead: each element is a record, reported by the
// line it starts on. A syntax error inside the array stops the file
// there (the elements before it are kept), since the next element cannot
// be found reliably.

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// isJSONArray reports whether the first character of br, after white
// space and a byte order mark, is "[". It reads nothing.
func isJSONArray(br *bufio.Reader) bool {
	for n := 1; n <= 4096; n++ {
		b, err := br.Peek(n)
		if len(b) < n {
			return false
		}
		rest := bytes.TrimPrefix(b, bom)
		if t := bytes.TrimLeft(rest, " \t\r\n"); len(t) > 0 {
			return t[0] == '['
		}
		if err != nil {
			return false
		}
	}
	return false
}

// decodeJSONArray reads a JSON array of objects.
func decodeJSONArray(br *bufio.Reader, max int, emit emitFunc) error {
	if b, _ := br.Peek(3); bytes.Equal(b, bom) {
		br.Discard(3)
	}
	lc := &lineCounter{r: br}
	dec := json.NewDecoder(lc)
	dec.UseNumber()
	if _, err := dec.Token(); err != nil { // [
		return emit(record{line: 1, err: jsonError(err)})
	}
	for dec.More() {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			if lc.err != nil {
				return lc.err
			}
			off := dec.InputOffset()
			var se *json.SyntaxError
			if errors.As(err, &se) && se.Offset > off {
				off = se.Offset - 1 // near the offending character
			}
			line := lc.lineAt(off)
			return emit(record{line: line, err: fmt.Errorf("%w; the rest of the file is not read", arrayError(err))})
		}
		line := lc.lineAt(dec.InputOffset() - int64(len(raw)))
		if len(raw) > max {
			if err := emit(record{line: line, size: len(raw), err: fmt.Errorf("%w: element of %d bytes is larger than the maximum document size of %d", ErrInvalid, len(raw), max)}); err != nil {
				return err
			}
			continue
		}
		var flat bytes.Buffer
		if json.Compact(&flat, raw) != nil {
			flat.Reset()
			flat.Write(raw)
		}
		if err := emit(jsonRecord(line, flat.Bytes())); err != nil {
			return err
		}
	}
	if _, err := dec.Token(); err != nil { // ]
		return emit(record{line: lc.lineAt(dec.InputOffset()), err: arrayError(err)})
	}
	if _, err := dec.Token(); err != io.EOF {
		return emit(record{line: lc.lineAt(dec.InputOffset()), err: fmt.Errorf("%w: invalid JSON: data after the array", ErrInvalid)})
	}
	return nil
}

// arrayError describes a syntax error in the array (its line is the
// record's: the decoder's byte offsets are not those of the file).
func arrayError(err error) error {
	var se *json.SyntaxError
	switch {
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("%w: invalid JSON: the array is not closed before the end of the file", ErrInvalid)
	case errors.As(err, &se):
		return fmt.Errorf("%w: invalid JSON in the array: %v", ErrInvalid, se)
	}
	return jsonError(err)
}

// lineCounter passes bytes through and remembers where lines end, to turn
// the decoder's byte offsets into line numbers. Offsets must be asked in
// increasing order; only the line ends past the last one asked are kept.
type lineCounter struct {
	r     io.Reader
	read  int64   // bytes passed through
	ends  []int64 // offsets of the "\n" not yet passed by lineAt
	lines int     // "\n" before the last offset asked
	err   error   // a read error other than io.EOF
}

func (c *lineCounter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	for i, b := range p[:n] {
		if b == '\n' {
			c.ends = append(c.ends, c.read+int64(i))
		}
	}
	c.read += int64(n)
	if err != nil && err != io.EOF {
		c.err = err
	}
	return n, err
}

// lineAt returns the 1-based line of byte offset off (BOM excluded).
func (c *lineCounter) lineAt(off int64) int {
	k := 0
	for k < len(c.ends) && c.ends[k] < off {
		k++
	}
	c.lines += k
	c.ends = c.ends[k:]
	return c.lines + 1
}
