package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/fahras/fahras/index"
)

// fixtures of the index command, relative to this package.
const fixtures = "../../testdata/index"

// indexRun runs "fahras index args..." and returns the exit status and
// the standard streams.
func indexRun(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), append([]string{"index"}, args...), strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

// openIndex opens the index at dir for checks and closes it at the end of
// the test.
func openIndex(t *testing.T, dir string) *index.Index {
	t.Helper()
	ix, err := index.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

func docCount(t *testing.T, dir string) uint64 {
	t.Helper()
	ix, err := index.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	st, err := ix.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return st.Documents
}

func TestIndexAllFormats(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "books")
	code, _, stderr := indexRun(t, "", "-index", dir,
		fixtures+"/books.jsonl", fixtures+"/books.csv", fixtures+"/texts", fixtures+"/more.jsonl.gz")
	if code != 0 {
		t.Fatalf("exit status %d, want 0; stderr:\n%s", code, stderr)
	}
	if !strings.Contains(stderr, "13 documents indexed, 0 rejected") {
		t.Errorf("stderr has no summary of 13 documents:\n%s", stderr)
	}
	if !strings.Contains(stderr, "README.md: skipped") {
		t.Errorf("stderr does not mention the skipped README.md:\n%s", stderr)
	}
	ix := openIndex(t, dir)
	ctx := context.Background()
	tests := []struct {
		name, id, field string
		want            any
	}{
		{"jsonl diacritized", "b1", "title", "كِتَابُ الأَدَبِ"},
		{"jsonl number", "b1", "year", 1998.0},
		{"jsonl bool", "b2", "available", false},
		{"jsonl array", "b4", "tags", []any{"برمجة", "code"}},
		{"jsonl html kept verbatim", "b6", "title", "<script>alert(1)</script>"},
		{"csv quoted", "c2", "title", `رحلة "طويلة"`},
		{"csv multiline", "c2", "text", "سافرت القافلة عبر الصحراء\nوعادت بعد شهرين."},
		{"csv string typed as the discovered number", "c3", "year", 2015.0},
		{"txt in subfolder", "notes/pen.txt", "text", "كتبتُ هذه الملاحظة بالقلم الأزرق.\n"},
		{"txt", "sun.txt", "text", "الشمس تشرق من الشرق وتغرب في الغرب.\nوالقمر ينير الليل.\n"},
		{"gzip", "g2", "text", "والسطر الثاني أيضا في الملف نفسه."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := ix.Get(ctx, tt.id)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, d[tt.field]); diff != "" {
				t.Errorf("Get(%q)[%q] (-want +got):\n%s", tt.id, tt.field, diff)
			}
		})
	}
}

// TestIndexBadRecords runs a file of bad records (with a BOM, CRLF line
// ends and a blank line) and checks that every good record is kept and
// every bad one is reported on its line.
func TestIndexBadRecords(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "bad")
	rejects := filepath.Join(t.TempDir(), "rejects.jsonl")
	bad := fixtures + "/bad.jsonl"
	code, _, stderr := indexRun(t, "", "-index", dir, "-max-doc-bytes", "2000", "-reject", rejects, bad)
	if code != 1 {
		t.Fatalf("exit status %d, want 1; stderr:\n%s", code, stderr)
	}
	want := []string{
		bad + `:2: invalid input: invalid JSON at byte`,
		bad + `:3: invalid input: missing id`,
		bad + `:5: invalid input: invalid UTF-8 at byte 32`,
		bad + `:6: invalid input: field "year": want number, got a string`,
		bad + `:8: invalid input: line longer than the maximum document size of 2000 bytes`,
		bad + `:9: invalid input: field "author": nested objects are not supported`,
		bad + `:10: invalid input: field "id": id contains a NUL byte`,
		bad + `:11: invalid input: invalid JSON: want an object, got array`,
		"3 documents indexed, 8 rejected",
		"compacted in ",
		"fahras index: 8 records rejected",
	}
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	if len(lines) != len(want) {
		t.Fatalf("stderr has %d lines, want %d:\n%s", len(lines), len(want), stderr)
	}
	for i, w := range want {
		if !strings.HasPrefix(lines[i], w) {
			t.Errorf("stderr line %d = %q, want prefix %q", i+1, lines[i], w)
		}
	}
	ix := openIndex(t, dir)
	for _, id := range []string{"ok1", "ok2", "ok3"} {
		if _, err := ix.Get(context.Background(), id); err != nil {
			t.Errorf("good record %s: %v", id, err)
		}
	}
	// The reject file holds the bad records as read, except the one too
	// long to keep.
	got, err := os.ReadFile(rejects)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(bad)
	if err != nil {
		t.Fatal(err)
	}
	in := strings.Split(string(data), "\r\n")
	var wantRejects []string
	for _, n := range []int{2, 3, 5, 6, 9, 10, 11} {
		wantRejects = append(wantRejects, in[n-1]+"\n")
	}
	if diff := cmp.Diff(strings.Join(wantRejects, ""), string(got)); diff != "" {
		t.Errorf("reject file (-want +got):\n%s", diff)
	}
}

func TestIndexIdempotent(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "books")
	for i := 0; i < 2; i++ {
		if code, _, stderr := indexRun(t, "", "-index", dir, fixtures+"/books.jsonl"); code != 0 {
			t.Fatalf("run %d: exit status %d:\n%s", i+1, code, stderr)
		}
		if n := docCount(t, dir); n != 6 {
			t.Fatalf("after run %d: %d documents, want 6", i+1, n)
		}
	}
	update := `{"id": "b2", "title": "عنوان جديد", "year": 2005}` + "\n"
	if code, _, stderr := indexRun(t, update, "-index", dir, "-"); code != 0 {
		t.Fatalf("update: exit status %d:\n%s", code, stderr)
	}
	ix := openIndex(t, dir)
	d, err := ix.Get(context.Background(), "b2")
	if err != nil {
		t.Fatal(err)
	}
	want := index.Document{"id": "b2", "title": "عنوان جديد", "year": 2005.0}
	if diff := cmp.Diff(want, d); diff != "" {
		t.Errorf("updated b2 (-want +got):\n%s", diff)
	}
	if st, _ := ix.Stats(context.Background()); st.Documents != 6 {
		t.Errorf("%d documents after the update, want 6", st.Documents)
	}
}

func TestIndexSchemaPersisted(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "typed")
	code, _, stderr := indexRun(t, "", "-index", dir, "-schema", fixtures+"/schema.json", fixtures+"/books.csv")
	if code != 0 {
		t.Fatalf("exit status %d:\n%s", code, stderr)
	}
	// Second run without -schema: the saved schema still types the CSV
	// strings and rejects a wrong type.
	bad := `{"id": "x1", "year": "قديم"}` + "\n" + `{"id": "x2", "published": "2024-03-01T10:00:00+03:00", "tags": ["أ"]}` + "\n"
	code, _, stderr = indexRun(t, bad, "-index", dir, "-")
	if code != 1 || !strings.Contains(stderr, `-:1: invalid input: field "year": want number, got a string`) {
		t.Fatalf("exit status %d, want 1 with a type error on -:1; stderr:\n%s", code, stderr)
	}
	// A schema that contradicts the saved one is refused.
	conflict := filepath.Join(t.TempDir(), "conflict.json")
	os.WriteFile(conflict, []byte(`{"fields": [{"name": "year", "type": "text"}]}`), 0o644)
	code, _, stderr = indexRun(t, "", "-index", dir, "-schema", conflict, fixtures+"/books.csv")
	if code != 2 || !strings.Contains(stderr, `field "year" declared as text, but the index has it as number`) {
		t.Fatalf("conflicting schema: exit status %d, want 2 naming field year; stderr:\n%s", code, stderr)
	}
	ix := openIndex(t, dir)
	ctx := context.Background()
	d, err := ix.Get(ctx, "c3")
	if err != nil {
		t.Fatal(err)
	}
	if d["year"] != 2015.0 {
		t.Errorf("c3 year = %#v, want the number 2015", d["year"])
	}
	d, err = ix.Get(ctx, "x2")
	if err != nil {
		t.Fatal(err)
	}
	want := index.Document{"id": "x2", "published": "2024-03-01T07:00:00Z", "tags": []any{"أ"}}
	if diff := cmp.Diff(want, d); diff != "" {
		t.Errorf("x2 (-want +got):\n%s", diff)
	}
	var types []string
	for _, f := range ix.Schema().Fields {
		types = append(types, f.Name+":"+string(f.Type))
	}
	wantTypes := []string{"id:keyword", "title:text", "text:text", "year:number", "tags:keyword", "available:bool", "published:date"}
	if diff := cmp.Diff(wantTypes, types); diff != "" {
		t.Errorf("schema after reopen (-want +got):\n%s", diff)
	}
}

func TestIndexStdinGzipAndLongLine(t *testing.T) {
	long := strings.Repeat("كلمة ", 40000) // 400 KB on one line
	var in bytes.Buffer
	zw := gzip.NewWriter(&in)
	fmt.Fprintf(zw, "{\"id\": \"long\", \"text\": %q}\n{\"id\": \"short\", \"text\": \"قصير\"}\n", long)
	zw.Close()
	dir := filepath.Join(t.TempDir(), "stdin")
	code, _, stderr := indexRun(t, in.String(), "-index", dir, "-batch", "1", "-")
	if code != 0 {
		t.Fatalf("exit status %d:\n%s", code, stderr)
	}
	ix := openIndex(t, dir)
	d, err := ix.Get(context.Background(), "long")
	if err != nil {
		t.Fatal(err)
	}
	if d["text"] != long {
		t.Errorf("long line stored as %d bytes, want %d", len(fmt.Sprint(d["text"])), len(long))
	}
}

func TestIndexUsage(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no index", []string{fixtures + "/books.jsonl"}, 2, "-index DIR is required"},
		{"no files", []string{"-index", "x"}, 2, "no input FILE"},
		{"missing file", []string{"-index", "x", "nope.jsonl"}, 2, "nope.jsonl"},
		{"unknown format", []string{"-index", "x", fixtures + "/texts/README.md"}, 2, "unknown format"},
		{"bad batch", []string{"-index", "x", "-batch", "0", fixtures + "/books.jsonl"}, 2, "-batch"},
		{"bad schema", []string{"-index", "x", "-schema", fixtures + "/books.csv", fixtures + "/books.jsonl"}, 2, "schema"},
		{"help", []string{"-h"}, 0, "Usage: fahras index"},
	}
	abs, err := filepath.Abs(fixtures)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Chdir(t.TempDir())
			for i, a := range tt.args {
				if strings.HasPrefix(a, fixtures) {
					tt.args[i] = abs + strings.TrimPrefix(a, fixtures)
				}
			}
			code, _, stderr := indexRun(t, "", tt.args...)
			if code != tt.code || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit status %d, want %d; stderr should contain %q:\n%s", code, tt.code, tt.want, stderr)
			}
		})
	}
}

// TestLockHelper is the helper process of TestIndexLocked; it does
// nothing in a normal run.
func TestLockHelper(t *testing.T) {
	dir := os.Getenv("FAHRAS_LOCK_HELPER")
	if dir == "" {
		t.Skip("helper process only")
	}
	os.Exit(holdIndex(dir))
}

// holdIndex is the helper process of TestIndexLocked: it opens the index
// as a server would, says "ready" and holds it until stdin closes.
func holdIndex(dir string) int {
	ix, err := index.OpenWith(dir, index.Options{Mode: "serve"})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Println("ready")
	bufio.NewReader(os.Stdin).ReadString('\n')
	ix.Close()
	return 0
}

// TestIndexLocked checks that an index held by another process (here a
// helper process standing in for "fahras serve") fails at once with an
// error that says who holds it and what to do instead.
func TestIndexLocked(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "held")
	if code, _, stderr := indexRun(t, "", "-index", dir, fixtures+"/books.jsonl"); code != 0 {
		t.Fatalf("exit status %d:\n%s", code, stderr)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestLockHelper$")
	cmd.Env = append(os.Environ(), "FAHRAS_LOCK_HELPER="+dir)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Wait()
	defer stdin.Close()
	if line, err := bufio.NewReader(stdout).ReadString('\n'); err != nil || line != "ready\n" {
		t.Fatalf("helper said %q, %v", line, err)
	}
	code, _, stderr := indexRun(t, "", "-index", dir, fixtures+"/books.jsonl")
	for _, want := range []string{"index is locked", "fahras serve (pid", "POST /v1/indexes/held/documents"} {
		if code != 2 || !strings.Contains(stderr, want) {
			t.Errorf("exit status %d, want 2 with %q in stderr:\n%s", code, want, stderr)
		}
	}
	if _, err := index.Open(dir); !errors.Is(err, index.ErrLocked) {
		t.Errorf("index.Open error = %v, want ErrLocked", err)
	}
	stdin.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("helper: %v", err)
	}
	if n := docCount(t, dir); n != 6 {
		t.Errorf("after the helper closed: %d documents, want 6", n)
	}
}

func TestIndexIDField(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "links")
	in := `{"url": "https://example.org/1", "text": "أول"}` + "\n" + `{"text": "بلا رابط"}` + "\n"
	code, _, stderr := indexRun(t, in, "-index", dir, "-id-field", "url", "-")
	if code != 1 || !strings.Contains(stderr, `-:2: invalid input: missing id: no "id" field and no id field "url"`) {
		t.Fatalf("exit status %d, want 1 with a missing id on -:2; stderr:\n%s", code, stderr)
	}
	ix := openIndex(t, dir)
	d, err := ix.Get(context.Background(), "https://example.org/1")
	if err != nil || d["text"] != "أول" {
		t.Errorf("document by derived id = %v, %v", d, err)
	}
	if got := ix.Schema().IDField; got != "url" {
		t.Errorf("saved IDField = %q, want url", got)
	}
}
