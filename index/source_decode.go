package index

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// record is one decoded input record, or the reason it could not be.
type record struct {
	line     int // 1-based line where the record starts; 0 for a whole file
	doc      Document
	raw      []byte // the record as read (for reject files); borrowed: valid until emit returns, so whoever keeps it copies it
	size     int    // bytes of the record
	fromText bool   // values are strings of a text format (CSV)
	err      error
}

// emitFunc receives each record; an error stops decoding (cancellation).
type emitFunc func(record) error

var bom = []byte("\xef\xbb\xbf")

// decode reads every record of r in format f.
func decode(r io.Reader, s Source, max int, emit emitFunc) error {
	br := bufio.NewReaderSize(r, 64<<10)
	if err := checkEncoding(br); err != nil {
		io.Copy(io.Discard, br)
		return emit(record{err: err})
	}
	r = br
	switch s.Format {
	case FormatCSV:
		return decodeCSV(r, max, emit)
	case FormatText:
		return decodeText(r, s.ID, max, emit)
	}
	if isJSONArray(br) {
		return decodeJSONArray(br, max, emit) // source_array.go
	}
	return decodeJSONL(r, max, emit)
}

// decodeJSONL reads one JSON object per line. Lines may be as long as max
// (no 64 KiB limit); longer ones are skipped and reported. A UTF-8 byte
// order mark and CRLF line ends are accepted; blank lines are skipped.
func decodeJSONL(r io.Reader, max int, emit emitFunc) error {
	br := bufio.NewReaderSize(r, 64<<10)
	if crLines(br) {
		return decodeJSONLCR(br, max, emit)
	}
	var buf []byte
	for n := 1; ; n++ {
		line, tooLong, err := readLine(br, buf[:0], max)
		buf = line[:0]
		if err != nil && err != io.EOF {
			return err
		}
		if n == 1 {
			line = bytes.TrimPrefix(line, bom)
		}
		line = bytes.TrimSuffix(line, []byte("\r"))
		if e := emitLine(n, line, tooLong, max, emit); e != nil {
			return e
		}
		if err == io.EOF {
			return nil
		}
	}
}

// emitLine emits the record of JSON line n (nothing for a blank line).
func emitLine(n int, line []byte, tooLong bool, max int, emit emitFunc) error {
	if tooLong || len(line) > max {
		return emit(record{line: n, size: len(line), err: fmt.Errorf("%w: line longer than the maximum document size of %d bytes", ErrInvalid, max)})
	}
	if len(bytes.TrimSpace(line)) > 0 {
		return emit(jsonRecord(n, line))
	}
	return nil
}

// crLines reports whether the start of br has a line ended by a CR alone
// (old Mac files). JSON never holds a raw CR inside a string, so a CR not
// followed by LF can only end a line.
func crLines(br *bufio.Reader) bool {
	head, _ := br.Peek(sniffLen)
	for i := bytes.IndexByte(head, '\r'); i >= 0 && i < len(head)-1; i = bytes.IndexByte(head, '\r') {
		if head[i+1] != '\n' {
			return true
		}
		head = head[i+1:]
	}
	return false
}

// decodeJSONLCR is decodeJSONL for a file whose lines may end with CR
// alone (readAnyLine, source_csv.go).
func decodeJSONLCR(br *bufio.Reader, max int, emit emitFunc) error {
	for n := 1; ; n++ {
		text, tooLong, err := readAnyLine(br, max+1)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		line := []byte(text)
		if n == 1 {
			line = bytes.TrimPrefix(line, bom)
		}
		if e := emitLine(n, line, tooLong, max, emit); e != nil {
			return e
		}
	}
}

// jsonRecord decodes one line. The record's raw is line itself, not a
// copy: only a rejected record keeps it (a copy then), so good records cost
// no copy of their line.
func jsonRecord(n int, line []byte) record {
	rec := record{line: n, raw: line, size: len(line)}
	if i := invalidUTF8(line); i >= 0 {
		rec.err = fmt.Errorf("%w: invalid UTF-8 at byte %d", ErrInvalid, i+1)
		return rec
	}
	if bytes.HasPrefix(line, bom) {
		rec.err = fmt.Errorf("%w: a byte order mark (U+FEFF) starts the line: only the first line of a file may have one", ErrInvalid)
		return rec
	}
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.UseNumber()
	var d Document
	if err := dec.Decode(&d); err != nil {
		rec.err = jsonError(err)
		return rec
	}
	if d == nil {
		rec.err = fmt.Errorf("%w: invalid JSON: want an object, got null", ErrInvalid)
		return rec
	}
	if _, err := dec.Token(); err != io.EOF {
		rec.err = fmt.Errorf("%w: invalid JSON: data after the object at byte %d", ErrInvalid, dec.InputOffset()+1)
		return rec
	}
	rec.doc = d
	return rec
}

func jsonError(err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return fmt.Errorf("%w: invalid JSON at byte %d: %v", ErrInvalid, se.Offset, se)
	case errors.As(err, &te) && te.Field == "":
		return fmt.Errorf("%w: invalid JSON: want an object, got %s", ErrInvalid, te.Value)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("%w: invalid JSON: unexpected end of line", ErrInvalid)
	}
	return fmt.Errorf("%w: invalid JSON: %v", ErrInvalid, err)
}

// readLine appends the next line of br (without "\n") to buf. A line
// longer than max+1 bytes (the +1 for a CR) is consumed and reported as
// tooLong, keeping only its first bytes. err is io.EOF on the last line.
func readLine(br *bufio.Reader, buf []byte, limit int) (line []byte, tooLong bool, err error) {
	for {
		chunk, err := br.ReadSlice('\n')
		if !tooLong {
			if len(buf)+len(chunk) > limit+2 {
				tooLong = true
				room := limit + 2 - len(buf)
				buf = append(buf, chunk[:max(room, 0)]...)
			} else {
				buf = append(buf, chunk...)
			}
		}
		switch err {
		case bufio.ErrBufferFull:
			continue
		case nil:
			return bytes.TrimSuffix(buf, []byte("\n")), tooLong, nil
		case io.EOF:
			return buf, tooLong, io.EOF
		default:
			return buf, tooLong, err
		}
	}
}

// invalidUTF8 returns the offset of the first invalid UTF-8 byte, or -1.
func invalidUTF8(b []byte) int {
	if utf8.Valid(b) {
		return -1
	}
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return -1
}

// decodeCSV reads a header row of field names, then one document per
// record (source_csv.go); empty cells are left out. Records are reported
// by the line they start on.
func decodeCSV(r io.Reader, max int, emit emitFunc) error {
	br := bufio.NewReaderSize(r, 64<<10)
	if b, _ := br.Peek(3); bytes.Equal(b, bom) {
		br.Discard(3)
	}
	cr := newCSVReader(br, max)
	header, err := cr.read()
	if err == io.EOF {
		return nil
	}
	if err != nil {
		return err
	}
	if header.err == nil {
		header.err = checkHeader(header.fields)
		if header.err != nil {
			header.err = fmt.Errorf("%w: csv header: %v", ErrInvalid, header.err)
		}
	}
	if header.err != nil {
		return emit(record{line: header.line, raw: []byte(header.raw), err: header.err})
	}
	cr.fields = len(header.fields)
	for {
		row, err := cr.read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if e := emit(csvRecord(header.fields, row, max)); e != nil {
			return e
		}
	}
}

func csvRecord(header []string, row csvRow, max int) record {
	rec := record{line: row.line, fromText: true, raw: []byte(row.raw), err: row.err}
	if rec.err != nil {
		return rec
	}
	if len(row.fields) != len(header) {
		rec.err = fmt.Errorf("%w: csv: %d fields, the header has %d", ErrInvalid, len(row.fields), len(header))
		return rec
	}
	d := make(Document, len(row.fields))
	for i, v := range row.fields {
		rec.size += len(v)
		if v != "" {
			d[header[i]] = v
		}
	}
	if rec.size > max {
		rec.err = fmt.Errorf("%w: record of %d bytes is larger than the maximum document size of %d", ErrInvalid, rec.size, max)
		return rec
	}
	rec.doc = d
	return rec
}

func checkHeader(h []string) error {
	seen := map[string]bool{}
	for i, name := range h {
		name = strings.TrimSpace(name)
		h[i] = name
		if err := validFieldName(name); err != nil {
			return fmt.Errorf("column %d: %v", i+1, err)
		}
		if seen[name] {
			return fmt.Errorf("column %d: %q repeated", i+1, name)
		}
		seen[name] = true
	}
	return nil
}

// decodeText reads a whole file as one document {"id": id, "text": ...}.
// An empty file is refused (Sources skips them beforehand).
func decodeText(r io.Reader, id string, max int, emit emitFunc) error {
	data, err := io.ReadAll(io.LimitReader(r, int64(max)+1))
	if err != nil {
		return err
	}
	if len(data) > max {
		io.Copy(io.Discard, r)
		return emit(record{line: 1, err: fmt.Errorf("%w: file larger than the maximum document size of %d bytes", ErrInvalid, max)})
	}
	data = bytes.TrimPrefix(data, bom)
	if i := invalidUTF8(data); i >= 0 {
		line := 1 + bytes.Count(data[:i], []byte("\n"))
		return emit(record{line: line, err: fmt.Errorf("%w: invalid UTF-8", ErrInvalid)})
	}
	if len(bytes.TrimSpace(data)) == 0 { // Sources skips these; one that changed since is named
		return emit(record{line: 1, err: fmt.Errorf("%w: no text to index: the file holds only white space", ErrInvalid)})
	}
	return emit(record{line: 1, size: len(data), doc: Document{IDName: id, "text": string(data)}})
}
