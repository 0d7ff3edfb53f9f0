package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fahras/fahras/index"
	"github.com/fahras/fahras/server"
)

// The bad-input corpus (testdata/bad, and large cases generated here) goes
// through the three ways documents come in: "fahras index", the HTTP bulk
// route and single-document PUT. Every bad record must get an error that
// says where and why, every good one must be kept (read back and found by
// search), nothing may panic and memory must stay bounded.

const badDir = "../../testdata/bad"

// badLine is what must happen to one non-blank line of a bad-input file.
type badLine struct {
	line int
	path string // the document id of the PUT route for this line
	id   string // the id the document is stored under when kept by bulk
	bulk string // "" if bulk loading keeps the line, else part of its error
	put  string // "" if PUT keeps it under path, else part of its error
	word string // a word only this document holds, searched when kept ("" none)
}

// badFile is one file of the corpus with what must happen to each line.
type badFile struct {
	name  string
	lines []badLine
	data  []byte // generated content; nil: read testdata/bad/name
}

var badCorpus = []badFile{
	{name: "malformed.jsonl", lines: []badLine{
		{1, "mal-ok1", "mal-ok1", "", "", "tokmalone"},
		{2, "mal-bad1", "", "unexpected end of line", "unexpected end of the body", ""},
		{3, "mal-bad2", "", "invalid JSON at byte 2", "invalid JSON at byte 2", ""},
		{4, "mal-bad3", "", "want an object, got array", "want a JSON object, got array", ""},
		{5, "mal-bad-null", "", "want an object, got null", "got null", ""},
		{6, "mal-bad4", "", "data after the object at byte 21", "unexpected data after the JSON value", ""},
		{9, "mal-ok2", "mal-ok2", "", "", "tokmaltwo"},
		{10, "mal-bad5", "", "invalid JSON at byte 45", "invalid JSON at byte 45", ""},
		{11, "mal-bad6", "", "invalid JSON at byte 2", "invalid JSON at byte 2", ""},
	}},
	{name: "invalid_utf8.jsonl", lines: []badLine{
		{1, "utf-ok1", "utf-ok1", "", "", "tokutfone"},
		{2, "utf-bad1", "", "invalid UTF-8 at byte 29", "invalid UTF-8 at byte 29", ""},
		{3, "utf-bad2", "", "invalid UTF-8 at byte 29", "invalid UTF-8 at byte 29", ""},
		{4, "utf-bad3", "", "invalid UTF-8 at byte 17", "invalid UTF-8 at byte 17", ""},
		{5, "utf-ok2", "utf-ok2", "", "", "tokutftwo"},
	}},
	{name: "nul.jsonl", lines: []badLine{
		{1, "nul-ok1", "nul-ok1", "", "", "toknulone"},
		{2, "nul-bad1", "", "invalid character '\\x00' in string literal", "invalid character '\\x00' in string literal", ""},
		{3, "nul-bad-line", "", "invalid character '\\x00' looking for beginning of value", "invalid character '\\x00' looking for beginning of value", ""},
		{4, "nul-bad2", "", `field "id": id contains a NUL byte`, "differs from", ""},
		{5, "nul-ok2", "nul-ok2", "", "", "toknultwo"},
	}},
	{name: "wrong_types.jsonl", lines: []badLine{
		{1, "typ-ok1", "typ-ok1", "", "", "toktypone"},
		{2, "typ-bad1", "", `field "year": want number, got a string`, `field "year": want number, got a string`, ""},
		{3, "typ-list", "typ-list", "", "", ""},
		{4, "typ-bad3", "", `field "text": nested objects are not supported`, `field "text": nested objects are not supported`, ""},
		{5, "typ-num", "42", "", "differs from", ""}, // an integer id is its string form
		{6, "typ-null", "", `missing id`, "differs from", ""},
		{7, "typ-bool", "", `field "id": want a string or an integer, got a boolean`, "differs from", ""},
		{8, "typ-bad4", "", `field "flag": want bool, got a string`, `field "flag": want bool, got a string`, ""},
		{9, "typ-bad5", "", `field "year": want number, got the number 1e999, out of range`, `1e999`, ""},
		{10, "typ-ok2", "typ-ok2", "", "", "toktyptwo"},
	}},
	{name: "duplicate_ids.jsonl", lines: []badLine{
		{1, "dup-1", "dup-1", "", "", ""},
		{2, "dup-2", "dup-2", "", "", "tokduponly"},
		{3, "dup-1", "dup-1", "", "", "tokdupsecond"},
		{4, "dup-4", "dup-4", "", "", "tokdupkeys"},
	}},
	{name: "empty.jsonl", lines: []badLine{
		{1, "emp-bad1", "", `missing id: the document has no "id" field`, "", ""},
		{2, "emp-bad2", "", `field "id": empty id`, "differs from", ""},
		{3, "emp-ok1", "emp-ok1", "", "", ""},
		{4, "emp-ok2", "emp-ok2", "", "", ""},
		{5, "emp-bad3", "", `field "id": empty id`, "differs from", ""},
		{6, "emp-ok3", "emp-ok3", "", "", "tokempthree"},
	}},
	{name: "empty_file.jsonl"},
	{name: "bom_crlf.jsonl", lines: []badLine{
		{1, "bom-ok1", "bom-ok1", "", "", "tokbomone"},
		{3, "bom-ok2", "bom-ok2", "", "", "tokbomtwo"},
		{4, "bom-bad1", "bom-bad1", "byte order mark (U+FEFF) starts the line", "", "tokbombad"},
		{5, "bom-ok3", "bom-ok3", "", "", "tokbomthree"},
	}},
	{name: "scripts.jsonl", lines: []badLine{
		{1, "scr-diacritics", "scr-diacritics", "", "", ""},
		{2, "scr-tatweel", "scr-tatweel", "", "", ""},
		{3, "scr-mixed", "scr-mixed", "", "", "tokscrmixed"},
		{4, "scr-emoji", "scr-emoji", "", "", "tokscremoji"},
		{5, "scr-html", "scr-html", "", "", "toksscrhtml"},
	}},
}

// Sizes of the generated cases.
const (
	bigDocBytes   = 10 << 20 // the "10 MB document": over every default limit
	largeDocBytes = 900 << 10
	longWordRune  = 100000
	deepNesting   = 100000
)

// arabicText returns a JSON document with id and a text of about n bytes
// ending with word.
func arabicText(id string, n int, word string) string {
	var b strings.Builder
	b.WriteString(`{"id": "` + id + `", "text": "`)
	for b.Len() < n-64 {
		b.WriteString("كتب العلم نافعة ")
	}
	b.WriteString(word + `"}`)
	return b.String()
}

// generatedCorpus builds the large cases at run time (they are not
// committed).
func generatedCorpus() []badFile {
	word := strings.Repeat("ك", longWordRune)
	deep := `{"id": "deep", "x": ` + strings.Repeat("[", deepNesting) + strings.Repeat("]", deepNesting) + "}"
	lines := []string{
		`{"id": "gen-ok1", "text": "tokgenone"}`,
		`{"id": "longword", "text": "` + word + ` toklongword"}`,
		deep,
		arabicText("big", bigDocBytes, "tokbigdoc"),
		arabicText("large", largeDocBytes, "toklargedoc"),
		`{"id": "gen-ok2", "text": "tokgentwo"}`,
	}
	return []badFile{{name: "generated.jsonl", data: []byte(strings.Join(lines, "\n") + "\n"), lines: []badLine{
		{1, "gen-ok1", "gen-ok1", "", "", "tokgenone"},
		{2, "longword", "longword", "", "", "toklongword"},
		{3, "deep", "", "exceeded max depth", "exceeded max depth", ""},
		{4, "big", "", "line longer than the maximum document size of 1048576 bytes", "larger than 1048576 bytes", ""},
		{5, "large", "large", "", "", "toklargedoc"},
		{6, "gen-ok2", "gen-ok2", "", "", "tokgentwo"},
	}}}
}

// content returns the bytes of f.
func (f badFile) content(t *testing.T) []byte {
	t.Helper()
	if f.data != nil {
		return f.data
	}
	b, err := os.ReadFile(filepath.Join(badDir, f.name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// rawLines splits data into its lines (1-based), without "\n" and "\r".
func rawLines(data []byte) map[int][]byte {
	out := map[int][]byte{}
	for i, l := range bytes.Split(data, []byte("\n")) {
		out[i+1] = bytes.TrimSuffix(l, []byte("\r"))
	}
	return out
}

// keptBytes is the size of the lines of data that bulk loading keeps:
// memory is bounded by what is indexed, not by what is refused.
func (f badFile) keptBytes(data []byte) int {
	raw, n := rawLines(data), 0
	for _, l := range f.lines {
		if l.bulk == "" {
			n += len(raw[l.line])
		}
	}
	return n
}

// heapWatch samples the live heap while a load runs and reports the peak
// growth over the heap when it started.
type heapWatch struct {
	gcPercent int
	base      uint64
	peak      atomic.Uint64
	stop      chan struct{}
	done      sync.WaitGroup
}

// The watch collects garbage more often (GOGC=25) so that the peak is
// close to the live heap rather than to what the collector let pile up.
func watchHeap() *heapWatch {
	gcPercent := debug.SetGCPercent(25)
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	h := &heapWatch{gcPercent: gcPercent, base: ms.HeapAlloc, stop: make(chan struct{})}
	h.peak.Store(ms.HeapAlloc)
	h.done.Add(1)
	go func() {
		defer h.done.Done()
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-h.stop:
				return
			case <-tick.C:
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				if ms.HeapAlloc > h.peak.Load() {
					h.peak.Store(ms.HeapAlloc)
				}
			}
		}
	}()
	return h
}

// growth stops the watch and returns the peak heap growth in bytes.
func (h *heapWatch) growth() uint64 {
	close(h.stop)
	h.done.Wait()
	debug.SetGCPercent(h.gcPercent)
	if p := h.peak.Load(); p > h.base {
		return p - h.base
	}
	return 0
}

// heapFactor bounds the heap a load may take per byte it keeps. bleve
// holds every token of the three analysis levels with its location while it
// builds a segment: about 100 bytes per byte of text (measured: 1 GiB for
// one 10 MiB document, 38 MiB for a 200 KB word, 120 MiB for the generated
// file). Single-document PUTs make one segment each, which scorch merges in
// the background while the next ones arrive: the same 1.1 MB of documents
// then peaked between 380 and 580 MiB.
const heapFactor = 600

// checkHeap fails when the peak heap growth of a load exceeds heapFactor
// times the bytes it kept, plus 64 MiB for bleve's own buffers.
func checkHeap(t *testing.T, what string, growth uint64, kept int) {
	t.Helper()
	bound := uint64(heapFactor*kept) + 64<<20
	t.Logf("%s: peak heap growth %.1f MiB (%.2f MiB kept, bound %.0f MiB)", what,
		float64(growth)/(1<<20), float64(kept)/(1<<20), float64(bound)/(1<<20))
	if growth > bound {
		t.Errorf("%s: heap grew by %d bytes, more than %d", what, growth, bound)
	}
}

// checkKept opens the index in dir and checks that every line kept by
// bulk is stored and found by a search for its word, and that no rejected
// line left a document.
func checkKept(t *testing.T, ix *index.Index, f badFile, raw map[int][]byte, viaPut bool) {
	t.Helper()
	ctx := context.Background()
	final := map[string]int{} // id -> last line that stored it
	for _, l := range f.lines {
		id, want := l.id, l.bulk
		if viaPut {
			id, want = l.path, l.put
		}
		if want == "" {
			final[id] = l.line
		}
	}
	for id, line := range final {
		doc, err := ix.Get(ctx, id)
		if err != nil {
			t.Errorf("%s:%d: document %q was not kept: %v", f.name, line, id, err)
			continue
		}
		var in map[string]any
		if json.Unmarshal(raw[line], &in) == nil && in["text"] != nil && fmt.Sprint(doc["text"]) != fmt.Sprint(in["text"]) {
			t.Errorf("%s:%d: document %q stored with text %.80q, want %.80q", f.name, line, id, fmt.Sprint(doc["text"]), fmt.Sprint(in["text"]))
		}
	}
	for _, l := range f.lines {
		id, want := l.id, l.bulk
		if viaPut {
			id, want = l.path, l.put
		}
		if want != "" && id != "" {
			if _, ok := final[id]; !ok {
				if _, err := ix.Get(ctx, id); err == nil {
					t.Errorf("%s:%d: rejected document %q is in the index", f.name, l.line, id)
				}
			}
		}
		if want == "" && l.word != "" && final[id] == l.line {
			res, err := ix.Search(ctx, index.Request{Query: l.word, Size: 3, Related: new(false)})
			if err != nil {
				t.Errorf("search %s: %v", l.word, err)
				continue
			}
			if len(res.Hits) != 1 || res.Hits[0].ID != id {
				t.Errorf("%s:%d: search %q found %+v, want only %q", f.name, l.line, l.word, res.Hits, id)
			}
		}
	}
}

func allBadFiles() []badFile {
	files := append([]badFile(nil), badCorpus...)
	if !testing.Short() {
		files = append(files, generatedCorpus()...)
	}
	return files
}

// TestBadInputCLI runs "fahras index" on every file of the corpus.
func TestBadInputCLI(t *testing.T) {
	for _, f := range allBadFiles() {
		t.Run(f.name, func(t *testing.T) {
			data := f.content(t)
			file := filepath.Join(t.TempDir(), f.name)
			if err := os.WriteFile(file, data, 0o644); err != nil {
				t.Fatal(err)
			}
			dir := filepath.Join(t.TempDir(), "ix")
			h := watchHeap()
			code, _, stderr := indexRun(t, "", "-index", dir, file)
			checkHeap(t, "fahras index "+f.name, h.growth(), f.keptBytes(data))
			rejected := 0
			for _, l := range f.lines {
				if l.bulk == "" {
					continue
				}
				rejected++
				prefix := fmt.Sprintf("%s:%d: ", file, l.line)
				if !hasLine(stderr, prefix, l.bulk) {
					t.Errorf("stderr has no line %q...%q:\n%s", prefix, l.bulk, stderr)
				}
			}
			if want := min(rejected, 1); code != want {
				t.Errorf("exit status %d, want %d\n%s", code, want, stderr)
			}
			checkKept(t, openIndex(t, dir), f, rawLines(data), false)
		})
	}
}

// hasLine reports whether text has a line starting with prefix and
// containing part.
func hasLine(text, prefix, part string) bool {
	for _, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(l, prefix) && strings.Contains(l, part) {
			return true
		}
	}
	return false
}

// badServer serves a fresh catalog holding one empty index "bad", with
// the default limits (1 MiB bodies and bulk lines, as the CLI's default
// -max-doc-bytes).
func badServer(t *testing.T) (*httptest.Server, *index.Index) {
	t.Helper()
	cat, err := index.OpenCatalog(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cat.Close() })
	ix, err := cat.Create("bad", index.Schema{})
	if err != nil {
		t.Fatal(err)
	}
	s, err := server.New(server.FromCatalog(cat), server.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	return ts, ix
}

// TestBadInputHTTPBulk posts every file of the corpus to the bulk route.
func TestBadInputHTTPBulk(t *testing.T) {
	for _, f := range allBadFiles() {
		t.Run(f.name, func(t *testing.T) {
			data := f.content(t)
			ts, ix := badServer(t)
			h := watchHeap()
			resp, err := http.Post(ts.URL+"/v1/indexes/bad/documents", "application/x-ndjson", bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			results := map[int]server.BulkResult{}
			sc := bufio.NewScanner(resp.Body)
			for sc.Scan() {
				var r server.BulkResult
				if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
					t.Fatalf("result line %q: %v", sc.Text(), err)
				}
				if r.Summary != nil { // the last line: counts
					continue
				}
				results[r.Line] = r
			}
			resp.Body.Close()
			checkHeap(t, "bulk "+f.name, h.growth(), f.keptBytes(data))
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d", resp.StatusCode)
			}
			if len(results) != len(f.lines) {
				t.Errorf("%d result lines, want %d: %v", len(results), len(f.lines), results)
			}
			for _, l := range f.lines {
				r, ok := results[l.line]
				switch {
				case !ok:
					t.Errorf("line %d: no result", l.line)
				case l.bulk == "" && (r.Status != http.StatusOK || r.ID != l.id):
					t.Errorf("line %d: result %+v %v, want 200 for %s", l.line, r, r.Error, l.id)
				case l.bulk != "" && (r.Status/100 != 4 || r.Error == nil || !strings.Contains(r.Error.Message, l.bulk)):
					t.Errorf("line %d: result %+v %v, want 4xx with %q", l.line, r, r.Error, l.bulk)
				}
			}
			checkKept(t, ix, f, rawLines(data), false)
		})
	}
}

// TestBadInputPut sends every line of the corpus alone to the PUT route.
func TestBadInputPut(t *testing.T) {
	for _, f := range allBadFiles() {
		t.Run(f.name, func(t *testing.T) {
			data := f.content(t)
			raw := rawLines(data)
			ts, ix := badServer(t)
			h := watchHeap()
			for _, l := range f.lines {
				body := bytes.TrimPrefix(raw[l.line], []byte("\xef\xbb\xbf"))
				if l.line != 1 {
					body = raw[l.line] // a BOM inside a file stays in the record
				}
				req, _ := http.NewRequest(http.MethodPut, ts.URL+"/v1/indexes/bad/documents/"+url.PathEscape(l.path), bytes.NewReader(body))
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				answer, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				var e server.ErrorBody
				if resp.StatusCode != http.StatusOK && (json.Unmarshal(answer, &e) != nil || e.Error.Message == "") {
					t.Errorf("line %d: PUT %s: %d with no error message: %s", l.line, l.path, resp.StatusCode, answer)
				}
				if l.put == "" && resp.StatusCode != http.StatusOK {
					t.Errorf("line %d: PUT %s: %d %s, want 200", l.line, l.path, resp.StatusCode, answer)
				}
				if l.put != "" && (resp.StatusCode/100 != 4 || !strings.Contains(e.Error.Message, l.put)) {
					t.Errorf("line %d: PUT %s: %d %s, want 4xx with %q", l.line, l.path, resp.StatusCode, answer, l.put)
				}
			}
			checkHeap(t, "PUT "+f.name, h.growth(), f.keptBytes(data))
			checkKept(t, ix, f, raw, true)
		})
	}
}

// creationLeftovers are the folder states a "fahras index" killed while
// creating its index can leave, from the first file written to the last
// before bleve saves its mapping.
var creationLeftovers = map[string]func(t *testing.T, ref, dir string){
	"lock":            func(t *testing.T, ref, dir string) { copyFiles(t, ref, dir, "fahras.lock") },
	"lock and schema": func(t *testing.T, ref, dir string) { copyFiles(t, ref, dir, "fahras.lock", "fahras-schema.json") },
	"empty index_meta.json": func(t *testing.T, ref, dir string) {
		copyFiles(t, ref, dir, "fahras.lock", "fahras-schema.json")
		writeFile(t, dir, "index_meta.json", "")
	},
	"index_meta.json": func(t *testing.T, ref, dir string) {
		copyFiles(t, ref, dir, "fahras.lock", "fahras-schema.json", "index_meta.json")
	},
	"empty store": func(t *testing.T, ref, dir string) {
		copyFiles(t, ref, dir, "fahras.lock", "fahras-schema.json", "index_meta.json")
		mkdir(t, dir, "store")
	},
	"store with empty bolt": func(t *testing.T, ref, dir string) {
		copyFiles(t, ref, dir, "fahras.lock", "fahras-schema.json", "index_meta.json")
		writeFile(t, dir, "store/root.bolt", "")
	},
}

func copyFiles(t *testing.T, from, to string, names ...string) {
	t.Helper()
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join(from, n))
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, to, n, string(b))
	}
}

func mkdir(t *testing.T, dir, name string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(dir, name), 0o755); err != nil {
		t.Fatal(err)
	}
}

func writeFile(t *testing.T, dir, name, content string) {
	t.Helper()
	mkdir(t, dir, filepath.Dir(name))
	if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestInterruptedCreate checks that a re-run of "fahras index" succeeds on
// the folder of a creation that was killed, and that a catalog ("fahras
// serve -data") opens beside it and can create the index again.
func TestInterruptedCreate(t *testing.T) {
	file := filepath.Join(t.TempDir(), "one.jsonl")
	writeFile(t, filepath.Dir(file), "one.jsonl", `{"id": "a", "text": "نص toksurvivor"}`+"\n")
	ref := filepath.Join(t.TempDir(), "ref")
	if code, _, stderr := indexRun(t, "", "-index", ref, file); code != 0 {
		t.Fatalf("reference index: %s", stderr)
	}
	for name, leave := range creationLeftovers {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "ix")
			leave(t, ref, dir)
			if code, _, stderr := indexRun(t, "", "-index", dir, file); code != 0 {
				t.Fatalf("re-run on the leftovers: exit %d: %s", code, stderr)
			}
			if n := docCount(t, dir); n != 1 {
				t.Errorf("%d documents after the re-run, want 1", n)
			}
			data := filepath.Join(t.TempDir(), "data")
			leave(t, ref, filepath.Join(data, "books"))
			cat, err := index.OpenCatalog(data)
			if err != nil {
				t.Fatalf("catalog beside the leftovers: %v", err)
			}
			defer cat.Close()
			if _, err := cat.Create("books", index.Schema{}); err != nil {
				t.Errorf("create over the leftovers: %v", err)
			}
		})
	}
}

// TestKilledWhileCreating kills "fahras index" at growing delays from its
// start, most of them before or while it creates the index, and checks
// that a re-run always succeeds with every document.
func TestKilledWhileCreating(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills processes")
	}
	file, docs := crashCorpus(t, 200)
	states := map[string]int{}
	for i := 0; i < 16; i++ {
		dir := filepath.Join(t.TempDir(), "ix")
		cmd, _ := fahrasProcess(t, "index", "-index", dir, "-batch", "50", file)
		time.Sleep(time.Duration(i*i) * time.Millisecond)
		cmd.Process.Kill()
		cmd.Wait()
		states[folderState(dir)]++
		if code, _, stderr := indexRun(t, "", "-index", dir, file); code != 0 {
			t.Fatalf("kill %d (%s): re-run failed: %s", i, folderState(dir), stderr)
		}
		if n := docCount(t, dir); n != uint64(len(docs)) {
			t.Errorf("kill %d: %d documents after the re-run, want %d", i, n, len(docs))
		}
	}
	t.Logf("folder states at the kills: %v", states)
}

// folderState names what a killed creation left in dir.
func folderState(dir string) string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "no folder"
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if segs, _ := filepath.Glob(filepath.Join(dir, "store", "*.zap")); len(segs) > 0 {
		names = append(names, "segments")
	}
	return strings.Join(names, "+")
}

// TestFullDisk fills a small tmpfs with "fahras index" (it needs root to
// mount one, and skips otherwise), then checks what the user sees and that
// after the disk is enlarged the index opens with every document it
// counted and a re-run converges to the whole collection. The fills run
// with -min-free -1, to see the disk really full; with the default
// reserve the load stops first, with a clear message and no crash.
func TestFullDisk(t *testing.T) {
	if testing.Short() {
		t.Skip("mounts a file system")
	}
	mnt := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", mnt).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a small tmpfs (needs root): %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", "-l", mnt).Run() })
	file := "../../testdata/quran/verses.jsonl"
	for _, workers := range []string{"1", "2"} {
		dir := filepath.Join(mnt, "ix"+workers)
		cmd, stderr := fahrasProcess(t, "index", "-min-free", "-1", "-workers", workers, "-index", dir, file)
		err := cmd.Wait()
		code := cmd.ProcessState.ExitCode()
		last := lastLines(stderr.String(), 2)
		t.Logf("workers=%s: exit %d (%v): %s", workers, code, err, last)
		if code == 0 || !strings.Contains(stderr.String(), "no space left on device") && !strings.Contains(stderr.String(), "is the disk full?") && !strings.Contains(stderr.String(), "panic:") {
			t.Errorf("workers=%s: a full disk gave exit %d: %s", workers, code, last)
		}
		if code == 2 && !strings.Contains(stderr.String(), "documents indexed") {
			t.Errorf("workers=%s: no count of the documents on disk: %s", workers, last)
		}
		if n := docCount(t, dir); n == 0 {
			t.Logf("workers=%s: no document on disk", workers)
		} else {
			t.Logf("workers=%s: %d documents on disk after the failure", workers, n)
		}
	}
	// With the default reserve (64 MiB, more than this disk has) the load
	// is refused before anything fills the disk.
	dir := filepath.Join(mnt, "reserve")
	cmd, stderr := fahrasProcess(t, "index", "-index", dir, file)
	if err := cmd.Wait(); cmd.ProcessState.ExitCode() != 2 || !strings.Contains(stderr.String(), "disk almost full") || strings.Contains(stderr.String(), "panic") {
		t.Errorf("load under the reserve: exit %d (%v), want 2 and the disk-full message: %s", cmd.ProcessState.ExitCode(), err, lastLines(stderr.String(), 2))
	}
	if out, err := exec.Command("mount", "-o", "remount,size=64m", mnt).CombinedOutput(); err != nil {
		t.Fatalf("enlarge the tmpfs: %v %s", err, out)
	}
	verses := len(loadVerses(t))
	for _, workers := range []string{"1", "2"} {
		dir := filepath.Join(mnt, "ix"+workers)
		if code, _, stderr := indexRun(t, "", "-min-free", "-1", "-index", dir, file); code != 0 {
			t.Fatalf("re-run with space: exit %d: %s", code, stderr)
		}
		if n := docCount(t, dir); n != uint64(verses) {
			t.Errorf("workers=%s: %d documents after the re-run, want %d", workers, n, verses)
		}
	}
}

// lastLines returns the last n non-blank lines of s that are not part of
// a stack trace.
func lastLines(s string, n int) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.TrimSpace(l) != "" && !strings.HasPrefix(l, "\t") && !strings.HasPrefix(l, "goroutine ") && !strings.HasPrefix(l, "github.com/") && !strings.HasPrefix(l, "created by") {
			out = append(out, l)
		}
	}
	return strings.Join(out[max(0, len(out)-n):], " | ")
}
