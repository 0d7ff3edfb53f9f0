package index

import (
	"bytes"
	"errors"
	"testing"
)

// FuzzDecodeJSONL checks that any input decodes without panicking into
// records on increasing lines, each either a document or an error that
// wraps ErrInvalid.
func FuzzDecodeJSONL(f *testing.F) {
	f.Add([]byte("{\"id\": \"a\", \"t\": \"نص\"}\n\n{bad}\r\n[1]\n"))
	f.Add([]byte("\xef\xbb\xbf{\"id\": \"\xff\"}"))
	f.Add([]byte("{\"id\": \"" + string(bytes.Repeat([]byte("ك"), 40)) + "\"}\n{\"id\": 1}"))
	f.Add([]byte("{\"id\": \"a\"}\r{\"id\": \"b\"}\r\r{bad\r"))
	f.Fuzz(func(t *testing.T, in []byte) {
		lines := bytes.Count(in, []byte("\n")) + bytes.Count(in, []byte("\r")) + 1 // a CR alone may end a line
		last := 0
		err := decodeJSONL(bytes.NewReader(in), 64, func(r record) error {
			if r.line <= last || r.line > lines {
				t.Fatalf("record on line %d after line %d (input has %d lines)", r.line, last, lines)
			}
			last = r.line
			if (r.doc == nil) == (r.err == nil) {
				t.Fatalf("line %d: doc %v and error %v", r.line, r.doc, r.err)
			}
			if r.err != nil && !errors.Is(r.err, ErrInvalid) {
				t.Fatalf("line %d: error %v does not wrap ErrInvalid", r.line, r.err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzDecodeSource checks CSV and JSON array input the same way: no panic,
// records on increasing lines within the input (CR, LF and CRLF all end a
// line; array elements may share one), each a document or an error wrapping ErrInvalid.
func FuzzDecodeSource(f *testing.F) {
	f.Add([]byte("id,text\nr1,نص\nr2,\"مفتوح\nr3,نص\nr4,\"سطر\nثان\"\n"), true)
	f.Add([]byte("\xef\xbb\xbfid,t\rr1,\"a\"\"b\"\r\rr2,\"x\"y\r\n"), true)
	f.Add([]byte("[\n {\"id\": \"a\"},\n \"x\",\n {\"id\": \"b\", \"t\": [1]}\n]\n"), false)
	f.Add([]byte("[{\"id\": \"a\"} {\"id\": \"b\"}]"), false)
	f.Fuzz(func(t *testing.T, in []byte, csv bool) {
		lines := bytes.Count(in, []byte("\n")) + bytes.Count(in, []byte("\r")) + 1
		last := 0
		src := Source{Format: FormatCSV}
		if !csv {
			src.Format = FormatJSONL
		}
		err := decode(bytes.NewReader(in), src, 64, func(r record) error {
			// Elements of an array may share a line; CSV records may not.
			if r.line != 0 && (r.line < last || csv && r.line == last || r.line > lines) {
				t.Fatalf("record on line %d after line %d (input has at most %d lines)", r.line, last, lines)
			}
			if r.line != 0 {
				last = r.line
			}
			if (r.doc == nil) == (r.err == nil) {
				t.Fatalf("line %d: doc %v and error %v", r.line, r.doc, r.err)
			}
			if r.err != nil && !errors.Is(r.err, ErrInvalid) {
				t.Fatalf("line %d: error %v does not wrap ErrInvalid", r.line, r.err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}
