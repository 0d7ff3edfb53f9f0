package server

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/fahras/fahras/index"
)

// A bulk body is JSON Lines, or one JSON array whose elements are the
// lines (documents or action lines): element N is reported as line N.
// bulkBody tells them apart by the first byte that is not white space, so
// neither needs a Content-Type, and turns an array into JSON Lines as it
// is read: memory stays bounded by one element, never the body.

// maxSniff bounds the leading white space looked through for a '['.
const maxSniff = 4096

// bulkBody returns the body as JSON Lines and a function that stops the
// conversion of an array (a no-op for JSON Lines). maxElem bounds one
// array element in bytes.
func bulkBody(body io.Reader, maxElem int) (io.Reader, func()) {
	br := bufio.NewReaderSize(body, maxSniff)
	if !startsArray(br) {
		return br, func() {}
	}
	pr, pw := io.Pipe()
	done := make(chan struct{})
	go func() {
		defer close(done)
		pw.CloseWithError(arrayToLines(br, pw, maxElem))
	}()
	return pr, func() { pr.Close(); <-done }
}

// startsArray reports whether the first byte after white space is '['.
func startsArray(br *bufio.Reader) bool {
	for n := 1; n <= maxSniff; n++ {
		b, _ := br.Peek(n)
		if len(b) < n {
			return false // the body ended (or failed: the load reports it)
		}
		if c := b[n-1]; c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			return c == '['
		}
	}
	return false
}

// arrayToLines writes every element of the JSON array read from r to w as
// one compact line.
func arrayToLines(r io.Reader, w io.Writer, maxElem int) error {
	lim := &elemLimit{r: r, max: int64(maxElem) + 2*maxSniff}
	dec := json.NewDecoder(lim)
	dec.UseNumber()
	if _, err := dec.Token(); err != nil { // the '[' seen by startsArray
		return arrayError(0, err)
	}
	var buf bytes.Buffer
	for n := 1; dec.More(); n++ {
		lim.reset()
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			if errors.Is(err, errElemTooLarge) {
				return fmt.Errorf("%w: JSON array body: element %d is larger than %d bytes", index.ErrInvalid, n, maxElem)
			}
			return arrayError(n, err)
		}
		buf.Reset()
		if err := json.Compact(&buf, raw); err != nil {
			return arrayError(n, err)
		}
		buf.WriteByte('\n')
		if _, err := w.Write(buf.Bytes()); err != nil {
			return err // the reader stopped
		}
	}
	if _, err := dec.Token(); err != nil { // the closing ']'
		return arrayError(0, err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return fmt.Errorf("%w: JSON array body: data after the closing ']'", index.ErrInvalid)
	}
	return nil
}

// arrayError describes a bad array as ErrInvalid with the element it
// stopped at (0: the array itself); a failure to read the body (too large,
// the client gone) is returned as it is.
func arrayError(n int, err error) error {
	var se *json.SyntaxError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		err = errors.New("the array is not closed")
	case errors.As(err, &se):
	default:
		return err
	}
	if n == 0 {
		return fmt.Errorf("%w: JSON array body: %v", index.ErrInvalid, err)
	}
	return fmt.Errorf("%w: JSON array body: element %d: %v", index.ErrInvalid, n, err)
}

var errElemTooLarge = errors.New("array element too large")

// elemLimit fails a read once more than max bytes were read since the last
// reset (the decoder reads ahead, hence the slack in max).
type elemLimit struct {
	r    io.Reader
	n    int64
	max  int64
	base int64
}

func (l *elemLimit) reset() { l.base = l.n }

func (l *elemLimit) Read(p []byte) (int, error) {
	if l.n-l.base > l.max {
		return 0, errElemTooLarge
	}
	n, err := l.r.Read(p)
	l.n += int64(n)
	return n, err
}
