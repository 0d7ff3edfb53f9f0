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
	f.Fuzz(func(t *testing.T, in []byte) {
		lines := bytes.Count(in, []byte("\n")) + 1
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
