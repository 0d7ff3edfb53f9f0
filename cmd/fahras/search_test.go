package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/fahras/fahras/index"
)

var update = flag.Bool("update", false, "rewrite the golden files")

const searchFixtures = "../../testdata/search"

// buildSearchIndex indexes testdata/search/docs.jsonl with its schema into a
// temporary folder and returns the folder.
func buildSearchIndex(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(searchFixtures, "schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := index.ParseSchema(data)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "ix")
	ix, err := index.Create(dir, s)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join(searchFixtures, "docs.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, err := ix.BulkNDJSON(context.Background(), f, "docs.jsonl", index.BulkOptions{}, func(line int, id string, err error) {
		if err != nil {
			t.Errorf("docs.jsonl:%d (%s): %v", line, id, err)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if st.Documents != 12 {
		t.Fatalf("indexed %d documents, want 12", st.Documents)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}

// searchCase is one line of testdata/search/queries.txt.
type searchCase struct {
	name, query string
	flags       []string
}

func readSearchCases(t *testing.T) []searchCase {
	t.Helper()
	f, err := os.Open(filepath.Join(searchFixtures, "queries.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []searchCase
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		parts := strings.Split(line, "\t")
		if len(parts) != 3 {
			t.Fatalf("queries.txt: bad line %q", line)
		}
		c := searchCase{name: parts[0], query: parts[2]}
		if parts[1] != "-" {
			c.flags = strings.Fields(parts[1])
		}
		out = append(out, c)
	}
	if len(out) == 0 {
		t.Fatal("queries.txt has no queries")
	}
	return out
}

// searchJSON runs "fahras search -index dir -json flags... query" and
// returns the decoded result; it checks that stdout is exactly the JSON
// encoding of one index.Result.
func searchJSON(t *testing.T, dir string, flags []string, query string) *index.Result {
	t.Helper()
	args := append(append([]string{"search", "-index", dir, "-json"}, flags...), query)
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), args, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("fahras %q = exit %d, stderr %s", args, code, stderr.String())
	}
	var res index.Result
	if err := json.Unmarshal(stdout.Bytes(), &res); err != nil {
		t.Fatalf("fahras %q: output is not a Result: %v\n%s", args, err, stdout.String())
	}
	again, err := json.Marshal(&res)
	if err != nil {
		t.Fatal(err)
	}
	if got := bytes.TrimSuffix(stdout.Bytes(), []byte("\n")); !bytes.Equal(got, again) {
		t.Errorf("fahras %q: output is not exactly json.Marshal(Result):\n%s\n%s", args, got, again)
	}
	return &res
}

func TestSearchGolden(t *testing.T) {
	dir := buildSearchIndex(t)
	for _, c := range readSearchCases(t) {
		t.Run(c.name, func(t *testing.T) {
			res := searchJSON(t, dir, c.flags, c.query)
			res.TookMS = 0
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf) // readable goldens: <mark> unescaped
			enc.SetEscapeHTML(false)
			enc.SetIndent("", "  ")
			if err := enc.Encode(res); err != nil {
				t.Fatal(err)
			}
			got := buf.Bytes()
			golden := filepath.Join("..", "..", "testdata", "golden", "TestSearch", c.name+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), string(got)); diff != "" {
				t.Errorf("fahras search %q (-want +got):\n%s", c.query, diff)
			}
		})
	}
}

func ids(res *index.Result) []string {
	out := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		out[i] = h.ID
	}
	return out
}

// TestSearchBehaviour checks, independently of the golden files, what each
// feature must do.
func TestSearchBehaviour(t *testing.T) {
	dir := buildSearchIndex(t)
	search := func(t *testing.T, q string, flags ...string) *index.Result {
		return searchJSON(t, dir, flags, q)
	}
	t.Run("exact form ranks first", func(t *testing.T) {
		if got := ids(search(t, "وزير الخارجية")); len(got) < 2 || got[0] != "d01" {
			t.Errorf("hits %v, want d01 first", got)
		}
	})
	t.Run("all terms with a stem-only word", func(t *testing.T) {
		got := ids(search(t, "وزير الخارجية", "-all"))
		if diff := cmp.Diff([]string{"d01", "d02"}, got); diff != "" {
			t.Errorf("-all hits (-want +got):\n%s", diff)
		}
	})
	t.Run("hamza prefix equals bare alef prefix", func(t *testing.T) {
		a, b := ids(search(t, "أحم*")), ids(search(t, "احم*"))
		if len(a) == 0 || !cmp.Equal(a, b) {
			t.Errorf("أحم* = %v, احم* = %v, want the same non-empty hits", a, b)
		}
	})
	t.Run("prefix with article finds the stem family", func(t *testing.T) {
		got := ids(search(t, "المدرس*"))
		for _, want := range []string{"d03", "d04", "d08"} {
			if !contains(got, want) {
				t.Errorf("المدرس* = %v, want %s among them", got, want)
			}
		}
	})
	t.Run("escaping", func(t *testing.T) {
		res := search(t, "اختراق")
		if len(res.Hits) != 1 {
			t.Fatalf("hits %v, want d07", ids(res))
		}
		frag := strings.Join(res.Hits[0].Highlights["text"], " ")
		if strings.Contains(frag, "<script>") || !strings.Contains(frag, "&lt;script&gt;alert(&#34;<mark>اختراق</mark>&#34;)&lt;/script&gt;") {
			t.Errorf("fragment %q is not escaped with the word marked", frag)
		}
	})
	t.Run("whole diacritized word marked", func(t *testing.T) {
		res := search(t, "الكتاب")
		for _, h := range res.Hits {
			if h.ID == "d11" && !strings.Contains(strings.Join(h.Highlights["text"], " "), "<mark>وَالْكِتَابُ</mark>") {
				t.Errorf("d11 fragments %q, want <mark>وَالْكِتَابُ</mark>", h.Highlights["text"])
			}
		}
	})
	t.Run("match offsets in three units", func(t *testing.T) {
		res := search(t, "صلاح")
		if len(res.Hits) != 1 || len(res.Hits[0].Matches["text"]) != 1 {
			t.Fatalf("hits %+v, want one match in d10", res.Hits)
		}
		text := res.Hits[0].Fields["text"].(string)
		m := res.Hits[0].Matches["text"][0]
		if text[m.Start:m.End] != "صلاح" || string([]rune(text)[m.RuneStart:m.RuneEnd]) != "صلاح" {
			t.Errorf("match %+v does not locate صلاح", m)
		}
		// 🎉, 𝐌 and 𝐨 before the word are outside the BMP (⚽ is not):
		// each takes two UTF-16 code units.
		if m.UTF16Start-m.RuneStart != 3 || m.UTF16End-m.UTF16Start != 4 {
			t.Errorf("match %+v: want UTF-16 offsets 3 past the rune offsets, 4 units long", m)
		}
	})
	t.Run("question word dropped", func(t *testing.T) {
		a, b := search(t, "كيف يدرس الطلاب"), search(t, "يدرس الطلاب")
		if !cmp.Equal(ids(a), ids(b)) || len(a.Hits) == 0 || a.Hits[0].Score != b.Hits[0].Score {
			t.Errorf("كيف يدرس الطلاب = %v, يدرس الطلاب = %v, want the same", ids(a), ids(b))
		}
	})
	t.Run("excluded word", func(t *testing.T) {
		if got := ids(search(t, "الكتب -الكاتب")); contains(got, "d12") {
			t.Errorf("hits %v include d12, which has الكاتب", got)
		}
	})
	t.Run("feedback adds related documents after the matches", func(t *testing.T) {
		plain, fb := ids(search(t, "وزير الخارجية", "-related=false")), ids(search(t, "وزير الخارجية", "-feedback"))
		if len(fb) <= len(plain) || !cmp.Equal(fb[:len(plain)], plain) {
			t.Errorf("-feedback hits %v, want %v first and more after them", fb, plain)
		}
	})
	t.Run("related hits follow fewer matches than the page", func(t *testing.T) {
		res := search(t, "وزير الخارجية")
		n := int(res.Total)
		if len(res.Hits) <= n || res.Related == 0 {
			t.Fatalf("total %d, %d hits, related %d: want related hits after the matches", res.Total, len(res.Hits), res.Related)
		}
		for i, h := range res.Hits {
			if h.Related != (i >= n) {
				t.Errorf("hit %d (%s): related %v, want %v", i, h.ID, h.Related, i >= n)
			}
		}
		off := search(t, "وزير الخارجية", "-related=false")
		if diff := cmp.Diff(off.Hits, res.Hits[:n]); diff != "" || off.Related != 0 {
			t.Errorf("-related=false: related %d, hits (-want +got):\n%s", off.Related, diff)
		}
	})
	t.Run("run-on words split", func(t *testing.T) {
		runOn, spaced := search(t, "وزيرالخارجية", "-related=false"), search(t, "وزير الخارجية", "-related=false")
		if len(runOn.Hits) == 0 || !cmp.Equal(ids(runOn), ids(spaced)) || runOn.Hits[0].Score != spaced.Hits[0].Score {
			t.Errorf("وزيرالخارجية = %v, وزير الخارجية = %v, want the same hits and scores", ids(runOn), ids(spaced))
		}
		if hl := strings.Join(runOn.Hits[0].Highlights["text"], " "); !strings.Contains(hl, "<mark>وزير</mark> <mark>الخارجية</mark>") {
			t.Errorf("fragments %q, want both words marked", hl)
		}
	})
	t.Run("typo in a word the index does not know", func(t *testing.T) {
		res := search(t, "الخوارزمبات", "-related=false")
		if diff := cmp.Diff([]string{"d08"}, ids(res)); diff != "" {
			t.Fatalf("hits (-want +got):\n%s", diff)
		}
		if hl := strings.Join(res.Hits[0].Highlights["text"], " "); !strings.Contains(hl, "<mark>الخوارزميات</mark>") {
			t.Errorf("fragments %q, want الخوارزميات marked", hl)
		}
	})
	t.Run("typed range restricts", func(t *testing.T) {
		res := search(t, "year:>=2023")
		if res.Total != 3 {
			t.Errorf("year:>=2023 total %d (%v), want 3", res.Total, ids(res))
		}
	})
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func TestSearchText(t *testing.T) {
	dir := buildSearchIndex(t)
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"search", "-index", dir, "-size", "1", "نهر", "النيل"}, nil, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	out := stdout.String()
	for _, want := range []string{"1. d09", "[نهر] [النيل]", "title: [نهر] [النيل]"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "<mark>") || strings.Contains(out, "\x1b[") {
		t.Errorf("output to a non-terminal has HTML or ANSI marks:\n%s", out)
	}
}

// TestSearchTextRelated: related hits are listed after a line that says
// they do not hold the searched words.
func TestSearchTextRelated(t *testing.T) {
	dir := buildSearchIndex(t)
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"search", "-index", dir, "نهر", "النيل"}, nil, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	out := stdout.String()
	first, sep := strings.Index(out, "1. d09"), strings.Index(out, "related documents, without the searched words --")
	if first < 0 || sep < first || !strings.Contains(out[sep:], "\n2. ") {
		t.Errorf("want d09, then the related line, then hit 2:\n%s", out)
	}
}

// TestSearchTextRewrites: the text output says how a run-on word and a
// mistyped word were searched.
func TestSearchTextRewrites(t *testing.T) {
	dir := buildSearchIndex(t)
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"search", "-index", dir, "وزيرالخارجية", "الخوارزمبات"}, nil, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	for _, want := range []string{"(وزيرالخارجية: searched as وزير الخارجية)", "(الخوارزمبات: not in the index; searched through the words one letter away)"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, stdout.String())
		}
	}
}

func TestSearchDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the demo index")
	}
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir())
	for _, want := range []string{"building the demo index", ""} { // built once, then reused
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), []string{"search", "-json", "-size", "1", "الرحمن", "الرحيم"}, nil, &stdout, &stderr)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr.String())
		}
		if !strings.Contains(stderr.String(), want) || (want == "" && stderr.Len() > 0) {
			t.Errorf("stderr %q, want %q", stderr.String(), want)
		}
		var res index.Result
		if err := json.Unmarshal(stdout.Bytes(), &res); err != nil || res.Total == 0 || len(res.Hits[0].Highlights["text"]) == 0 {
			t.Fatalf("demo search: %v, %s", err, stdout.String())
		}
	}
}

func TestSearchErrors(t *testing.T) {
	dir := buildSearchIndex(t)
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"no query", []string{"search", "-index", dir}, 2, "a QUERY is required"},
		{"bad syntax", []string{"search", "-index", dir, `كتاب "دار`}, 1, `invalid query at character 6: unterminated phrase`},
		{"unknown field", []string{"search", "-index", dir, "author:طه"}, 1, `unknown field "author"`},
		{"bad size", []string{"search", "-index", dir, "-size", "5000", "كتاب"}, 1, "size 5000"},
		{"missing index", []string{"search", "-index", filepath.Join(t.TempDir(), "none"), "كتاب"}, 1, "not found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), tt.args, nil, &stdout, &stderr)
			if code != tt.code || !strings.Contains(stderr.String(), tt.stderr) {
				t.Errorf("fahras %q = exit %d, stderr %q; want exit %d containing %q", tt.args, code, stderr.String(), tt.code, tt.stderr)
			}
		})
	}
}

// TestSearchFields: -fields chooses the stored fields of hits, -fields= none.
func TestSearchFields(t *testing.T) {
	dir := buildSearchIndex(t)
	tests := []struct {
		name  string
		flags []string
		want  string // the sorted field names of every hit
	}{
		{"default", nil, "category date id text title year"},
		{"title and year", []string{"-fields", "title,year"}, "title year"},
		{"none", []string{"-fields="}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := searchJSON(t, dir, append(tt.flags, "-related=false"), "الخارجية")
			if len(res.Hits) != 2 {
				t.Fatalf("%d hits, want 2", len(res.Hits))
			}
			for _, h := range res.Hits {
				if got := strings.Join(slices.Sorted(maps.Keys(h.Fields)), " "); got != tt.want {
					t.Errorf("%s: fields %q, want %q", h.ID, got, tt.want)
				}
			}
		})
	}
}
