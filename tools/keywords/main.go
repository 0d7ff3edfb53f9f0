// Command keywords writes the keyword-query collections of
// testdata/keywords: short queries (one and two words) typed as people type
// them, stratified by how many documents hold the word, with judgments
// that do not come from fahras's stemmer.
//
//	go run ./tools/keywords -corpus quran -docs testdata/quran/verses.jsonl -out testdata/keywords
//	go run ./tools/keywords -corpus news -docs ../shared/corpora/saudinewsnet/docs.jsonl.gz -limit 5000 -out testdata/keywords
//
// Judgments (forms.go): a document is relevant to a word when it holds one of
// the word's inflected forms, generated from the typed word by closed lists
// of proclitics and suffixes over the analyzer's exact (normalized,
// unstemmed) form of every document word; a two-word query grades a document
// holding both words 2 and one of them 1. The choice is deterministic for
// given flags.
package main

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/fahras/fahras/analysis"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "keywords:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("keywords", flag.ContinueOnError)
	corpus := fs.String("corpus", "", "name of the collection (quran or news): the files' prefix")
	docs := fs.String("docs", "", "documents, JSON Lines (.gz too) with id, text and optional title")
	limit := fs.Int("limit", 0, "read only the first N documents with text (0: all)")
	out := fs.String("out", "testdata/keywords", "output folder")
	ones := fs.Int("one", 150, "one-word queries")
	twos := fs.Int("two", 50, "two-word queries")
	seed := fs.Uint64("seed", 1, "random seed")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *corpus == "" || *docs == "" {
		return fmt.Errorf("usage: keywords -corpus NAME -docs FILE [-limit N] [-out DIR]")
	}
	ds, err := readDocs(*docs, *limit)
	if err != nil {
		return err
	}
	c := newCollection(ds)
	r := rand.New(rand.NewPCG(*seed, 7))
	qs := c.pickOne(r, *ones)
	qs = append(qs, c.pickTwo(r, *twos)...)
	return c.write(*out, *corpus, qs)
}

// doc is one document: its id and the exact form of each of its words.
type doc struct {
	id      string
	surface []string // the words as written, for two-word queries
	exact   []string
}

func readDocs(path string, limit int) ([]doc, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		gz, err := gzip.NewReader(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		r = gz
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	var out []doc
	for line := 1; sc.Scan(); line++ {
		var d struct{ ID, Text string }
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, line, err)
		}
		if strings.TrimSpace(d.Text) == "" {
			continue
		}
		out = append(out, analyzeDoc(d.ID, d.Text))
		if limit > 0 && len(out) == limit {
			break
		}
	}
	return out, sc.Err()
}

func analyzeDoc(id, text string) doc {
	d := doc{id: id}
	for _, t := range analysis.Analyze([]byte(text), analysis.Exact) {
		if t.Alternate {
			continue
		}
		d.surface = append(d.surface, text[t.Start:t.End])
		d.exact = append(d.exact, t.Term)
	}
	return d
}

// collection indexes the documents by the exact form of their words.
type collection struct {
	docs   []doc
	byForm map[string][]int // exact form → documents holding it, in order
}

func newCollection(ds []doc) *collection {
	c := &collection{docs: ds, byForm: map[string][]int{}}
	for i, d := range ds {
		for _, w := range d.exact {
			if ps := c.byForm[w]; len(ps) == 0 || ps[len(ps)-1] != i {
				c.byForm[w] = append(ps, i)
			}
		}
	}
	return c
}

// holding returns the documents holding a form of the word q.
func (c *collection) holding(q string) map[int]bool {
	out := map[int]bool{}
	for _, f := range forms(q) {
		for _, i := range c.byForm[f] {
			out[i] = true
		}
	}
	return out
}

// query is one query with its judgments.
type query struct {
	id, text string
	grades   map[int]int
}

// bins are the strata of document frequency of the words.
var bins = [][2]int{{2, 9}, {10, 99}, {100, 1 << 30}}

// pickOne picks n one-word queries, as many from each bin.
func (c *collection) pickOne(r *rand.Rand, n int) []query {
	var cands [3][]string
	for w, ps := range c.byForm {
		if !candidate(w) || c.conjoined(w) {
			continue
		}
		for b, bin := range bins {
			if len(ps) >= bin[0] && len(ps) <= bin[1] {
				cands[b] = append(cands[b], w)
			}
		}
	}
	var out []query
	seen := map[string]bool{}
	for b := range cands {
		slices.Sort(cands[b])
		r.Shuffle(len(cands[b]), func(i, j int) { cands[b][i], cands[b][j] = cands[b][j], cands[b][i] })
		want := n / len(bins)
		if b == len(bins)-1 {
			want = n - 2*(n/len(bins))
		}
		for _, w := range cands[b] {
			if want == 0 {
				break
			}
			text := typed(r, w)
			if seen[text] {
				continue
			}
			seen[text] = true
			g := map[int]int{}
			for i := range c.holding(w) {
				g[i] = 1
			}
			out = append(out, query{id: fmt.Sprintf("w%d-%03d", b+1, len(out)+1), text: text, grades: g})
			want--
		}
	}
	return out
}

// pickTwo picks n two-word queries: two consecutive words of a document.
func (c *collection) pickTwo(r *rand.Rand, n int) []query {
	var out []query
	seen := map[string]bool{}
	for tries := 0; len(out) < n && tries < 100*n; tries++ {
		d := c.docs[r.IntN(len(c.docs))]
		if len(d.exact) < 2 {
			continue
		}
		i := r.IntN(len(d.exact) - 1)
		a, b := d.exact[i], d.exact[i+1]
		if !candidate(a) || !candidate(b) || a == b || c.conjoined(a) || c.conjoined(b) {
			continue
		}
		text := typed(r, a) + " " + typed(r, b)
		if seen[text] {
			continue
		}
		seen[text] = true
		ha, hb := c.holding(a), c.holding(b)
		g := map[int]int{}
		for i := range ha {
			g[i] = 1
		}
		for i := range hb {
			g[i]++
		}
		out = append(out, query{id: fmt.Sprintf("p-%03d", len(out)+1), text: text, grades: g})
	}
	return out
}

// conjoined reports whether w is a one-letter proclitic before another
// word of the collection (واغفر، لمسوول): people type the word without it.
func (c *collection) conjoined(w string) bool {
	for _, p := range []string{"و", "ف", "ب", "ل", "ك"} {
		if rest, ok := strings.CutPrefix(w, p); ok && len(c.byForm[rest]) > 0 {
			return true
		}
	}
	return false
}

// candidate reports whether w may be a query word: Arabic letters only,
// three letters or more.
func candidate(w string) bool {
	if utf8.RuneCountInString(w) < 3 {
		return false
	}
	for _, r := range w {
		if !unicode.In(r, unicode.Arabic) || !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// typed returns w as a person might type it: the exact form is already
// without diacritics, hamza seats and ة/ى distinctions (the analyzer folds
// them); a third of the words get a written hamza seat back at the start
// (اسم → أسم is a common spelling), which the analyzer must fold again.
func typed(r *rand.Rand, w string) string {
	if r.IntN(3) == 0 {
		if rest, ok := strings.CutPrefix(w, "ا"); ok && !strings.HasPrefix(rest, "ل") {
			return "أ" + rest
		}
	}
	return w
}

func (c *collection) write(dir, name string, qs []query) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	qf, err := os.Create(filepath.Join(dir, name+".queries.tsv"))
	if err != nil {
		return err
	}
	defer qf.Close()
	rf, err := os.Create(filepath.Join(dir, name+".qrels.txt"))
	if err != nil {
		return err
	}
	defer rf.Close()
	qw, rw := bufio.NewWriter(qf), bufio.NewWriter(rf)
	for _, q := range qs {
		fmt.Fprintf(qw, "%s\t%s\n", q.id, q.text)
		ids := make([]int, 0, len(q.grades))
		for i := range q.grades {
			ids = append(ids, i)
		}
		slices.Sort(ids)
		for _, i := range ids {
			fmt.Fprintf(rw, "%s 0 %s %d\n", q.id, c.docs[i].id, q.grades[i])
		}
	}
	if err := qw.Flush(); err != nil {
		return err
	}
	return rw.Flush()
}
