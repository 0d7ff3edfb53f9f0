package index

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestBulkNDJSONResults(t *testing.T) {
	ix := mustCreate(t, Schema{})
	in := "{\"id\": \"a\", \"n\": 1}\n\n{\"id\": \"b\", \"n\": \"x\"}\n{oops}\n{\"id\": \"c\"}\n{\"id\": \"a\", \"n\": 2}"
	var got []string
	st, err := ix.BulkNDJSON(context.Background(), strings.NewReader(in), "body", BulkOptions{BatchSize: 2},
		func(line int, id string, err error) {
			s := fmt.Sprintf("%d %s ok", line, id)
			if err != nil {
				s = err.Error()
			}
			got = append(got, s)
		})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"1 a ok",
		`body:3: invalid input: field "n": want number, got a string`,
		"body:4: invalid input: invalid JSON at byte 2: invalid character 'o' looking for beginning of object key string",
		"5 c ok",
		"6 a ok",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("results (-want +got):\n%s", diff)
	}
	if st.Documents != 3 || st.Rejected != 2 {
		t.Errorf("stats = %+v, want 3 documents and 2 rejected", st)
	}
	d, err := ix.Get(context.Background(), "a")
	if err != nil || d["n"] != 2.0 {
		t.Errorf("a = %v, %v; want n = 2 (the later line wins)", d, err)
	}
}

// TestBulkCancel stops a load after its first batch and checks that the
// acknowledged batch is on disk after reopening.
func TestBulkCancel(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "c")
	ix, err := Create(dir, Schema{})
	if err != nil {
		t.Fatal(err)
	}
	var in strings.Builder
	for i := range 100 {
		fmt.Fprintf(&in, "{\"id\": \"d%d\", \"text\": \"نص رقم %d\"}\n", i, i)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	opts := BulkOptions{BatchSize: 10, Workers: 1, OnProgress: func(BulkStats) { cancel() }}
	st, err := ix.Bulk(ctx, []Source{ReaderSource("-", strings.NewReader(in.String()))}, opts)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Bulk error = %v, want context.Canceled", err)
	}
	if st.Documents != 10 {
		t.Errorf("stats report %d documents, want the 10 of the first batch", st.Documents)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if s, _ := ix.Stats(context.Background()); s.Documents != uint64(st.Documents) {
		t.Errorf("after reopening: %d documents, want %d", s.Documents, st.Documents)
	}
}

func TestBulkSources(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte("{\"id\": \"z1\"}\n"))
	zw.Close()
	tests := []struct {
		name    string
		file    string
		content string
		docs    int64
		rejects []string // Reject.Error() without the file name
	}{
		{"csv bom and errors", "a.csv", "\ufeffid,text\nr1,نص\nr2,\"a\"b\"\nr3\nr4,نص آخر\n", 2,
			[]string{`:3: invalid input: csv: extraneous or missing " in quoted field 2: text after the closing quote`, ":4: invalid input: csv: 1 fields, the header has 2"}},
		{"csv unclosed quote", "q.csv", "id,text\nr1,نص\nr2,\"نص مفتوح\nr3,نص\nr4,\"سطر\nثان\"\n", 3,
			[]string{`:3: invalid input: csv: the quote that opens field 2 on line 3 is not closed on that line, and a quote on line 5 is followed by "سطر", not a comma`}},
		{"csv unclosed quote at the end", "e.csv", "id,text\nr1,نص\nr2,\"نص مفتوح\nr3,نص\n", 2,
			[]string{`:3: invalid input: csv: the quote that opens field 2 on line 3 is not closed before the end of the file`}},
		{"csv quote closed by the next record's", "n.csv", "id,title,text\nr1,\"مفتوح,نص\nr2,نص,نص\"\nr3,ث,ث\n", 2,
			[]string{`:2: invalid input: csv: a quoted field runs from line 2 to line 3 and leaves the record with 2 fields, the header has 3: the quote on line 2 is not closed there`}},
		{"csv CR line ends", "cr.csv", "id,text\rr1,نص\rr2,\"سطر\rثان\"\r\rr3,ثالث", 3, nil},
		{"csv UTF-16", "w.csv", "\xff\xfei\x00d\x00\n\x00", 0, []string{`: invalid input: the file is UTF-16 (it starts with the byte order mark FF FE), not UTF-8: convert it, e.g. iconv -f UTF-16 -t UTF-8`}},
		{"csv cp1256", "c1256.csv", "id,text\nr1,\xc7\xe1\xe3\xdf\xca\xc8\xc9\n", 0, []string{`: invalid input: the file is not UTF-8 and looks like Windows-1256 (cp1256) Arabic: convert it, e.g. iconv -f CP1256 -t UTF-8`}},
		{"csv bad header", "h.csv", "id,id\nx,y\n", 0, []string{`:1: invalid input: csv header: column 2: "id" repeated`}},
		{"csv invalid utf-8", "u.csv", "id,text\nr1,\xff\n", 0, []string{`:2: invalid input: field "text": invalid UTF-8`}},
		{"txt invalid utf-8", "t.txt", "سطر\nثم \xff\n", 0, []string{":2: invalid input: invalid UTF-8"}},
		{"txt too big", "big.txt", strings.Repeat("x", 300), 0, []string{":1: invalid input: file larger than the maximum document size of 200 bytes"}},
		{"txt empty", "e.txt", " \n", 0, nil}, // skipped by Sources (TestSourcesSkipped)
		{"gzip", "g.jsonl.gz", gz.String(), 1, nil},
		{"corrupt gzip", "c.jsonl.gz", "this is not gzip data", 0, []string{": not gzip data: gzip: invalid header"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := write(tt.file, tt.content)
			srcs, _, err := Sources([]string{p}, nil)
			if err != nil {
				t.Fatal(err)
			}
			ix := mustCreate(t, Schema{})
			var got []string
			opts := BulkOptions{MaxDocBytes: 200, OnReject: func(r *Reject) { got = append(got, strings.TrimPrefix(r.Error(), p)) }}
			st, err := ix.Bulk(context.Background(), srcs, opts)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.rejects, got); diff != "" {
				t.Errorf("rejects (-want +got):\n%s", diff)
			}
			if st.Documents != tt.docs {
				t.Errorf("%d documents, want %d", st.Documents, tt.docs)
			}
		})
	}
}

func TestTextIDs(t *testing.T) {
	dir := t.TempDir()
	for _, p := range []string{"top.txt", "sub/deep.txt", "sub/z.txt.gz", ".hidden/h.txt", "skip.pdf"} {
		os.MkdirAll(filepath.Join(dir, filepath.Dir(p)), 0o755)
		os.WriteFile(filepath.Join(dir, p), []byte("x"), 0o644)
	}
	srcs, skipped, err := Sources([]string{dir, filepath.Join(dir, "top.txt")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, s := range srcs {
		ids = append(ids, s.ID)
	}
	if diff := cmp.Diff([]string{"sub/deep.txt", "sub/z.txt", "top.txt", "top.txt"}, ids); diff != "" {
		t.Errorf("ids (-want +got):\n%s", diff)
	}
	var names []string
	for _, sk := range skipped {
		names = append(names, filepath.Base(sk.Path))
	}
	if diff := cmp.Diff([]string{".hidden", "skip.pdf"}, names); diff != "" {
		t.Errorf("skipped (-want +got):\n%s", diff)
	}
}

// TestBulkWorkersLaterWins writes batches concurrently with ids repeated
// across batches: the last record of every id must win.
func TestBulkWorkersLaterWins(t *testing.T) {
	ix := mustCreate(t, Schema{})
	var in strings.Builder
	for i := range 60 {
		fmt.Fprintf(&in, "{\"id\": \"d%d\", \"n\": %d}\n", i%10, i)
	}
	var lines []int
	st, err := ix.BulkNDJSON(context.Background(), strings.NewReader(in.String()), "-",
		BulkOptions{BatchSize: 5, Workers: 3}, func(line int, _ string, err error) {
			if err != nil {
				t.Errorf("line %d: %v", line, err)
			}
			lines = append(lines, line)
		})
	if err != nil || st.Documents != 60 {
		t.Fatalf("Bulk = %+v, %v", st, err)
	}
	for i, l := range lines {
		if l != i+1 {
			t.Fatalf("results out of order: line %d reported at position %d", l, i+1)
		}
	}
	for k := range 10 {
		d, err := ix.Get(context.Background(), fmt.Sprintf("d%d", k))
		if err != nil || d["n"] != float64(50+k) {
			t.Errorf("d%d = %v, %v; want n = %d", k, d, err, 50+k)
		}
	}
}
