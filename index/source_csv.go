package index

// Our own CSV record reader. encoding/csv cannot go on after a quote that
// is never closed: the rest of the file becomes one field and every record
// after the broken one is lost. This reader follows RFC 4180 (fields
// separated by commas, a field in double quotes may hold commas, line
// breaks and "" for a quote) and adds:
//
//   - a quoted field that is still open at the end of the file, or that
//     closes on a later line in a way that cannot end a field or leaves
//     the record with another field count than the header's, costs only
//     the record it starts on: that record is refused (file:line) and
//     reading resumes on the line after its first line;
//   - line ends may be LF, CRLF or CR alone (old Mac files);
//   - a quote inside an unquoted field is kept as a letter (5" شاشة);
//   - blank lines between records are skipped;
//   - a quoted field that grows past the maximum record size is refused
//     the same way, so memory stays bounded.

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
)

// csvLine is one physical line of a CSV file, without its line end.
type csvLine struct {
	n       int // 1-based line number
	text    string
	tooLong bool // the line was longer than the limit and is truncated
}

// csvReader reads records; pending holds lines read ahead and given back
// after a broken quote.
type csvReader struct {
	br      *bufio.Reader
	limit   int
	next    int // number of the next line to read
	pending []csvLine
	fields  int // the header's field count, once read
}

func newCSVReader(br *bufio.Reader, limit int) *csvReader {
	return &csvReader{br: br, limit: limit, next: 1}
}

// csvRow is one record: its fields, the line it starts on, and its lines
// as read (for reject files). err says why the record is refused.
type csvRow struct {
	line   int
	fields []string
	raw    string
	err    error
}

// read returns the next record, or io.EOF.
func (c *csvReader) read() (csvRow, error) {
	first, err := c.line()
	for err == nil && strings.TrimSpace(first.text) == "" {
		first, err = c.line()
	}
	if err != nil {
		return csvRow{}, err
	}
	lines := []csvLine{first}
	fields, err := c.parse(&lines)
	if err == nil && len(lines) > 1 && c.fields > 0 && len(fields) != c.fields {
		// A quoted field across lines that leaves the record with the
		// wrong count is a quote closed by the next record's quote.
		err = &csvErr{true, fmt.Sprintf("a quoted field runs from line %d to line %d and leaves the record with %d fields, the header has %d: the quote on line %d is not closed there", first.n, lines[len(lines)-1].n, len(fields), c.fields, first.n)}
	}
	row := csvRow{line: first.n, fields: fields, raw: joinLines(lines)}
	var ce *csvErr
	switch {
	case errors.As(err, &ce):
		row.fields, row.err = nil, fmt.Errorf("%w: csv: %s", ErrInvalid, ce.msg)
		if ce.quote { // give back the lines after the first: the broken quote costs this record only
			c.pending = append(append([]csvLine(nil), lines[1:]...), c.pending...)
			row.raw = first.text
		}
	case err != nil:
		return csvRow{}, err
	}
	return row, nil
}

// csvErr is why a record is refused; quote says a quoted field broke it,
// and reading resumes on the line after the record's first.
type csvErr struct {
	quote bool
	msg   string
}

func (e *csvErr) Error() string { return e.msg }

// parse splits the record that starts at (*lines)[0] into fields, reading
// more lines while a quoted field is open; they are appended to *lines.
func (c *csvReader) parse(lines *[]csvLine) ([]string, error) {
	cur := (*lines)[0]
	if cur.tooLong {
		return nil, &csvErr{false, fmt.Sprintf("line longer than the maximum document size of %d bytes", c.limit)}
	}
	var fields []string
	s, size := cur.text, len(cur.text)
	for {
		if !strings.HasPrefix(s, `"`) {
			f, rest, more := strings.Cut(s, ",")
			fields = append(fields, f)
			if !more {
				return fields, nil
			}
			s = rest
			continue
		}
		var b strings.Builder
		s = s[1:]
		col := len(fields) + 1
		for {
			i := strings.IndexByte(s, '"')
			if i < 0 { // the field goes on on the next line
				b.WriteString(s)
				b.WriteByte('\n')
				next, err := c.line()
				if err == io.EOF {
					return nil, quoteErr(col, (*lines)[0].n, "is not closed before the end of the file")
				}
				if err != nil {
					return nil, err
				}
				*lines = append(*lines, next)
				if size += len(next.text) + 1; size > c.limit || next.tooLong {
					return nil, quoteErr(col, (*lines)[0].n, fmt.Sprintf("is not closed within the maximum document size of %d bytes", c.limit))
				}
				s = next.text
				continue
			}
			b.WriteString(s[:i])
			s = s[i+1:]
			if strings.HasPrefix(s, `"`) { // "" is a quote
				b.WriteByte('"')
				s = s[1:]
				continue
			}
			break
		}
		fields = append(fields, b.String())
		s = strings.TrimLeft(s, " \t")
		switch {
		case s == "":
			return fields, nil
		case s[0] == ',':
			s = s[1:]
			if s == "" {
				return append(fields, ""), nil
			}
		default:
			if len(*lines) > 1 {
				last := (*lines)[len(*lines)-1].n
				return nil, quoteErr(col, (*lines)[0].n, fmt.Sprintf("is not closed on that line, and a quote on line %d is followed by %s, not a comma", last, quoteRest(s)))
			}
			return nil, &csvErr{false, fmt.Sprintf(`extraneous or missing " in quoted field %d: text after the closing quote`, col)}
		}
	}
}

func quoteRest(s string) string {
	r := []rune(s)
	if len(r) > 10 {
		r = r[:10]
	}
	return fmt.Sprintf("%q", string(r))
}

func quoteErr(col, line int, what string) error {
	return &csvErr{true, fmt.Sprintf(`the quote that opens field %d on line %d %s`, col, line, what)}
}

func joinLines(lines []csvLine) string {
	if len(lines) == 1 {
		return lines[0].text
	}
	parts := make([]string, len(lines))
	for i, l := range lines {
		parts[i] = l.text
	}
	return strings.Join(parts, "\n")
}

// line returns the next physical line: given back ones first, then read.
func (c *csvReader) line() (csvLine, error) {
	if len(c.pending) > 0 {
		l := c.pending[0]
		c.pending = c.pending[1:]
		return l, nil
	}
	text, tooLong, err := readAnyLine(c.br, c.limit)
	if err != nil {
		return csvLine{}, err
	}
	l := csvLine{n: c.next, text: text, tooLong: tooLong}
	c.next++
	return l, nil
}

// readAnyLine reads one line ended by LF, CRLF, CR or the end of the
// input, keeping at most limit bytes of it (tooLong says it had more). It
// returns io.EOF only when no byte is left.
func readAnyLine(br *bufio.Reader, limit int) (string, bool, error) {
	var b []byte
	tooLong, started := false, false
	for {
		if br.Buffered() == 0 {
			if _, err := br.Peek(1); err != nil {
				if err == io.EOF && started {
					return string(b), tooLong, nil
				}
				return "", false, err
			}
		}
		started = true
		buf, _ := br.Peek(br.Buffered())
		i := bytes.IndexAny(buf, "\r\n")
		part := buf
		if i >= 0 {
			part = buf[:i]
		}
		if len(b)+len(part) > limit {
			tooLong = true
		} else {
			b = append(b, part...)
		}
		if i < 0 {
			br.Discard(len(buf))
			continue
		}
		cr := buf[i] == '\r'
		br.Discard(i + 1)
		if cr {
			if next, err := br.Peek(1); err == nil && next[0] == '\n' {
				br.Discard(1)
			}
		}
		return string(b), tooLong, nil
	}
}
