package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// summaryRE reads the summary line of fahras index.
var summaryRE = regexp.MustCompile(`(?m)^(\d+) documents indexed(?:, \d+ deleted)?, (\d+) rejected`)

// summary returns the indexed and rejected counts of the summary line.
func summary(t *testing.T, stderr string) (indexed, rejected int) {
	t.Helper()
	m := summaryRE.FindStringSubmatch(stderr)
	if m == nil {
		t.Fatalf("no summary line in stderr:\n%s", stderr)
	}
	indexed, _ = strconv.Atoi(m[1])
	rejected, _ = strconv.Atoi(m[2])
	return indexed, rejected
}

// TestIndexCSVUnclosedQuote is issue 12's case: a 3,000-row Arabic CSV
// whose row on line 11 opens a quote it never closes. encoding/csv lost
// the 2,989 rows after it; now the row alone is refused, named by its
// line, and rows read = indexed + rejected.
func TestIndexCSVUnclosedQuote(t *testing.T) {
	var b strings.Builder
	b.WriteString("id,title,text\n")
	for i := 1; i <= 3000; i++ {
		if i == 10 {
			b.WriteString("r10,\"عنوان مفتوح,نص\n")
			continue
		}
		fmt.Fprintf(&b, "r%d,عنوان الكتاب %d,نص المقالة رقم %d عن المكتبة\n", i, i, i)
	}
	in := filepath.Join(t.TempDir(), "rows.csv")
	if err := os.WriteFile(in, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "ix")
	code, _, stderr := indexRun(t, "", "-index", dir, "-compact=false", in)
	if code != 1 {
		t.Fatalf("exit status %d, want 1; stderr:\n%s", code, stderr)
	}
	indexed, rejected := summary(t, stderr)
	if indexed != 2999 || rejected != 1 || indexed+rejected != 3000 {
		t.Errorf("%d indexed + %d rejected, want 2999 + 1 = 3000 rows read; stderr:\n%s", indexed, rejected, stderr)
	}
	if want := in + `:11: invalid input: csv: the quote that opens field 2 on line 11 is not closed before the end of the file`; !strings.Contains(stderr, want) {
		t.Errorf("stderr does not name line 11:\nwant %s\ngot:\n%s", want, stderr)
	}
	ix := openIndex(t, dir)
	for _, id := range []string{"r9", "r11", "r3000"} {
		d, err := ix.Get(context.Background(), id)
		if err != nil {
			t.Fatalf("Get(%s): %v", id, err)
		}
		if want := "عنوان الكتاب " + id[1:]; d["title"] != want {
			t.Errorf("Get(%s).title = %v, want %q", id, d["title"], want)
		}
	}
}

// TestIndexBadCSVFiles runs the CSV files of testdata/bad: every good row
// kept, every bad one named, and files in other encodings refused with a
// message that says how to convert them.
func TestIndexBadCSVFiles(t *testing.T) {
	tests := []struct {
		name     string
		file     string
		ids      []string // kept
		rejected []string // lines of stderr, after the file name
	}{
		{"unclosed quote and a bare quote", "unclosed_quote.csv", []string{"q1", "q3", "q4", "q6"}, []string{
			`:3: invalid input: csv: the quote that opens field 2 on line 3 is not closed on that line, and a quote on line 4 is followed by "نص على سطر", not a comma`,
			`:7: invalid input: csv: extraneous or missing " in quoted field 2: text after the closing quote`,
		}},
		{"CR line ends and a BOM", "cr_only.csv", []string{"cr1", "cr2", "cr3"}, nil},
		{"UTF-16", "utf16.csv", nil, []string{`: invalid input: the file is UTF-16 (it starts with the byte order mark FF FE), not UTF-8: convert it, e.g. iconv -f UTF-16 -t UTF-8`}},
		{"cp1256", "cp1256.csv", nil, []string{`: invalid input: the file is not UTF-8 and looks like Windows-1256 (cp1256) Arabic: convert it, e.g. iconv -f CP1256 -t UTF-8`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := filepath.Join(badDir, tt.file)
			dir := filepath.Join(t.TempDir(), "ix")
			code, _, stderr := indexRun(t, "", "-index", dir, "-compact=false", in)
			if want := map[bool]int{true: 1, false: 0}[len(tt.rejected) > 0]; code != want {
				t.Fatalf("exit status %d, want %d; stderr:\n%s", code, want, stderr)
			}
			for _, r := range tt.rejected {
				if !strings.Contains(stderr, in+r+"\n") {
					t.Errorf("stderr lacks %s%s:\n%s", in, r, stderr)
				}
			}
			indexed, rejected := summary(t, stderr)
			if indexed != len(tt.ids) || rejected != len(tt.rejected) {
				t.Errorf("%d indexed, %d rejected; want %d, %d", indexed, rejected, len(tt.ids), len(tt.rejected))
			}
			if len(tt.ids) == 0 {
				return
			}
			ix := openIndex(t, dir)
			for _, id := range tt.ids {
				if _, err := ix.Get(context.Background(), id); err != nil {
					t.Errorf("Get(%s): %v", id, err)
				}
			}
		})
	}
}

// TestIndexCSVCROnlyMultiline checks that a quoted field spanning CR-only
// lines keeps its line break.
func TestIndexCSVCROnlyMultiline(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ix")
	if code, _, stderr := indexRun(t, "", "-index", dir, "-compact=false", filepath.Join(badDir, "cr_only.csv")); code != 0 {
		t.Fatalf("exit status %d; stderr:\n%s", code, stderr)
	}
	d, err := openIndex(t, dir).Get(context.Background(), "cr2")
	if err != nil {
		t.Fatal(err)
	}
	if want := "تشرق الشمس\nمن الشرق"; d["text"] != want {
		t.Errorf("cr2.text = %q, want %q", d["text"], want)
	}
}

// TestIndexEmptyTextFiles: empty .txt files in a folder (0 bytes, blank
// lines, a BOM and blank lines) are reported as skipped with the reason,
// as a readme.md is, and the good file is indexed.
func TestIndexEmptyTextFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ix")
	folder := filepath.Join(badDir, "empty_texts")
	code, _, stderr := indexRun(t, "", "-index", dir, "-compact=false", folder)
	if code != 0 {
		t.Fatalf("exit status %d, want 0; stderr:\n%s", code, stderr)
	}
	for _, want := range []string{
		folder + "/zero.txt: skipped: empty file (0 bytes)",
		folder + "/blank.txt: skipped: only white space: no text to index",
		folder + "/bom_blank.txt: skipped: only white space: no text to index",
		folder + "/readme.md: skipped: not .jsonl, .ndjson, .json, .csv or .txt",
	} {
		if !strings.Contains(stderr, want+"\n") {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if indexed, rejected := summary(t, stderr); indexed != 1 || rejected != 0 {
		t.Errorf("%d indexed, %d rejected; want 1, 0", indexed, rejected)
	}
	// Named on the command line, an empty file is skipped too.
	code, _, stderr = indexRun(t, "", "-index", dir, "-compact=false", filepath.Join(folder, "zero.txt"))
	if code != 0 || !strings.Contains(stderr, "zero.txt: skipped: empty file (0 bytes)") {
		t.Errorf("exit status %d, stderr:\n%s", code, stderr)
	}
}

// TestIndexUnreadableFolder: a folder that cannot be read inside the
// folder given is skipped with the reason; the other files are indexed.
func TestIndexUnreadableFolder(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads every folder")
	}
	root := t.TempDir()
	os.WriteFile(filepath.Join(root, "a.txt"), []byte("نص مقروء"), 0o644)
	locked := filepath.Join(root, "locked")
	os.Mkdir(locked, 0o755)
	os.WriteFile(filepath.Join(locked, "b.txt"), []byte("نص آخر"), 0o644)
	if err := os.Chmod(locked, 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(locked, 0o755) })
	dir := filepath.Join(t.TempDir(), "ix")
	code, _, stderr := indexRun(t, "", "-index", dir, "-compact=false", root)
	if code != 0 || !strings.Contains(stderr, locked+": skipped: cannot be read: permission denied") {
		t.Errorf("exit status %d, stderr:\n%s", code, stderr)
	}
	if indexed, _ := summary(t, stderr); indexed != 1 {
		t.Errorf("%d indexed, want 1", indexed)
	}
}

// TestIndexSymlinks: in a folder, a symbolic link to a file is indexed
// like the file (it was silently left out), and one to nothing or to a
// folder is reported as skipped.
func TestIndexSymlinks(t *testing.T) {
	root, other := t.TempDir(), t.TempDir()
	target := filepath.Join(other, "t.jsonl")
	os.WriteFile(target, []byte(`{"id": "l1", "text": "نص عبر رابط"}`+"\n"), 0o644)
	for link, to := range map[string]string{"linked.jsonl": target, "dangling.jsonl": filepath.Join(other, "gone.jsonl"), "folder.jsonl": other} {
		if err := os.Symlink(to, filepath.Join(root, link)); err != nil {
			t.Skip(err)
		}
	}
	dir := filepath.Join(t.TempDir(), "ix")
	code, _, stderr := indexRun(t, "", "-index", dir, "-compact=false", root)
	if code != 0 {
		t.Fatalf("exit status %d, want 0; stderr:\n%s", code, stderr)
	}
	for _, want := range []string{
		filepath.Join(root, "dangling.jsonl") + ": skipped: a symbolic link to nothing that can be read: no such file or directory",
		filepath.Join(root, "folder.jsonl") + ": skipped: a symbolic link to a folder: not followed (name the folder itself)",
	} {
		if !strings.Contains(stderr, want+"\n") {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if indexed, _ := summary(t, stderr); indexed != 1 {
		t.Errorf("%d indexed, want 1 (the linked file); stderr:\n%s", indexed, stderr)
	}
}

// TestIndexJSONArray: a .json file holding one pretty-printed array of
// documents is read element by element (read as JSON Lines, every line of
// it was refused); a bad element is named by the line it starts on, and a
// syntax error stops the file there, keeping the elements before it.
func TestIndexJSONArray(t *testing.T) {
	tests := []struct {
		file     string
		ids      []string
		rejected []string
	}{
		{"array.json", []string{"arr1", "arr3", "arr5"}, []string{
			":7: invalid input: missing id: the document has no \"id\" field",
			":11: invalid input: invalid JSON: want an object, got string",
		}},
		{"array_broken.json", []string{"brk1", "brk2"}, []string{
			":4: invalid input: invalid JSON in the array: invalid character '{' after object key:value pair; the rest of the file is not read",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			in := filepath.Join(badDir, tt.file)
			dir := filepath.Join(t.TempDir(), "ix")
			code, _, stderr := indexRun(t, "", "-index", dir, "-compact=false", in)
			if code != 1 {
				t.Fatalf("exit status %d, want 1; stderr:\n%s", code, stderr)
			}
			for _, r := range tt.rejected {
				if !strings.Contains(stderr, in+r+"\n") {
					t.Errorf("stderr lacks %s%s:\n%s", in, r, stderr)
				}
			}
			if indexed, rejected := summary(t, stderr); indexed != len(tt.ids) || rejected != len(tt.rejected) {
				t.Errorf("%d indexed, %d rejected; want %d, %d", indexed, rejected, len(tt.ids), len(tt.rejected))
			}
			ix := openIndex(t, dir)
			for _, id := range tt.ids {
				if _, err := ix.Get(context.Background(), id); err != nil {
					t.Errorf("Get(%s): %v", id, err)
				}
			}
		})
	}
}

// TestIndexJSONLCROnly: JSON Lines with CR-only line ends (old Mac files)
// were one long line, refused whole; each line is now a record.
func TestIndexJSONLCROnly(t *testing.T) {
	in := filepath.Join(badDir, "cr_only.jsonl")
	dir := filepath.Join(t.TempDir(), "ix")
	code, _, stderr := indexRun(t, "", "-index", dir, "-compact=false", in)
	if code != 1 || !strings.Contains(stderr, in+":4: invalid input: invalid JSON: unexpected end of line\n") {
		t.Errorf("exit status %d, want 1 and line 4 named; stderr:\n%s", code, stderr)
	}
	if indexed, rejected := summary(t, stderr); indexed != 3 || rejected != 1 {
		t.Errorf("%d indexed, %d rejected; want 3, 1", indexed, rejected)
	}
}

// TestIndexHiddenFiles: hidden documents in a folder were left out without
// a word; they are still not read, but named, with the reason.
func TestIndexHiddenFiles(t *testing.T) {
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, ".cache"), 0o755)
	os.WriteFile(filepath.Join(root, ".cache", "c.jsonl"), []byte(`{"id": "c"}`+"\n"), 0o644)
	os.WriteFile(filepath.Join(root, ".old.jsonl"), []byte(`{"id": "o"}`+"\n"), 0o644)
	os.WriteFile(filepath.Join(root, ".DS_Store"), []byte("x"), 0o644)
	os.WriteFile(filepath.Join(root, "a.jsonl"), []byte(`{"id": "a", "text": "نص ظاهر"}`+"\n"), 0o644)
	dir := filepath.Join(t.TempDir(), "ix")
	code, _, stderr := indexRun(t, "", "-index", dir, "-compact=false", root)
	if code != 0 {
		t.Fatalf("exit status %d; stderr:\n%s", code, stderr)
	}
	for _, want := range []string{
		filepath.Join(root, ".cache") + ": skipped: hidden folder (its name starts with a dot): not read; name it to read it",
		filepath.Join(root, ".old.jsonl") + ": skipped: hidden file (its name starts with a dot): not read; name it to read it",
	} {
		if !strings.Contains(stderr, want+"\n") {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if strings.Contains(stderr, ".DS_Store") {
		t.Errorf("stderr names .DS_Store, not a document:\n%s", stderr)
	}
	if indexed, _ := summary(t, stderr); indexed != 1 {
		t.Errorf("%d indexed, want 1", indexed)
	}
}
