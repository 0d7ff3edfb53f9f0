package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"html"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/term"

	"github.com/fahras/fahras"
	"github.com/fahras/fahras/index"
)

const searchUsage = `Usage: fahras search [-index DIR] [-size N] [-from N] [-all] [-feedback] [-lenient] [-related=false] [-fields LIST] [-json] QUERY...

Searches the index in DIR and prints the ranked hits with highlighted
fragments. Without -index it searches the demo collection (the Qur'an),
building its index in the user cache folder on first use. The words of
QUERY are joined with spaces. Query syntax:

  word word          ranked: documents with more of the words first
  "a phrase"         the words in order
  "a phrase"~N       the words within N moves of the phrase, any order (~ alone: ~2)
  +word  -word       required, excluded
  field:word         in one field only; field:"a phrase" too
  word*              prefix (at least 2 letters)
  word~  word~2      fuzzy, 1 or 2 edits
  year:>=2020  year:2020..2024  date:2020-01-01..2020-12-31
                     comparisons and inclusive ranges on number and date fields

When fewer documents match than the page holds, the page goes on with
related documents: documents without the words of QUERY that share the
vocabulary of the best matches, listed after a "related" line; -related=false
lists the matches alone.
With -feedback the words of the best hits are searched too, at a low
weight (pseudo-relevance feedback): more related documents are found,
some of them without any word of QUERY, ranked among the matches.
With -json the result is printed as the HTTP API returns it.

Flags:
`

// runSearch is "fahras search".
func runSearch(ctx context.Context, e env, args []string) error {
	fs := flag.NewFlagSet("search", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	dir := fs.String("index", "", "index `folder`")
	size := fs.Int("size", 10, "number of hits")
	from := fs.Int("from", 0, "hits to skip")
	all := fs.Bool("all", false, "require every word")
	feedback := fs.Bool("feedback", false, "pseudo-relevance feedback: also search the words of the best hits (hits may contain none of the query's words)")
	related := fs.Bool("related", true, "after fewer matches than the page holds, list related documents (without the query's words)")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	lenient := fs.Bool("lenient", false, "read bad query syntax (an unclosed quote, a lone *) as plain text, as the search page does")
	var fields fieldList
	fs.Var(&fields, "fields", "comma-separated stored `fields` each hit carries (-fields= for none; default all)")
	fs.Usage = func() { fmt.Fprint(e.stderr, searchUsage); fs.PrintDefaults() }
	if err := fs.Parse(args); err != nil {
		return err
	}
	q := strings.Join(fs.Args(), " ")
	if strings.TrimSpace(q) == "" {
		return usageError{"a QUERY is required"}
	}
	ix, err := openForSearch(ctx, e, *dir)
	if err != nil {
		return err
	}
	defer ix.Close()
	req := index.Request{Query: q, All: *all, Feedback: *feedback, Related: related, Lenient: *lenient, Size: *size, From: *from, Fields: fields.list}
	colour := isTerminal(e.stdout)
	if !*asJSON {
		req.Highlight = markTags(colour)
	}
	res, err := ix.Search(ctx, req)
	if err != nil {
		return err
	}
	warnShards(e.stderr, res.Shards)
	if *asJSON {
		b, err := json.Marshal(res)
		if err != nil {
			return fmt.Errorf("encode result: %w", err)
		}
		_, err = fmt.Fprintf(e.stdout, "%s\n", b)
		return err
	}
	return printHits(e.stdout, res, *from, colour)
}

// fieldList is the value of -fields: nil until the flag is given, then
// the names it lists (none for -fields=).
type fieldList struct{ list *[]string }

func (f *fieldList) String() string {
	if f == nil || f.list == nil {
		return ""
	}
	return strings.Join(*f.list, ",")
}

func (f *fieldList) Set(v string) error {
	names := []string{}
	for _, name := range strings.Split(v, ",") {
		if name = strings.TrimSpace(name); name != "" {
			names = append(names, name)
		}
	}
	f.list = &names
	return nil
}

// warnShards says on w which shards of a sharded index did not answer:
// the hits are then those of the others.
func warnShards(w io.Writer, st *index.ShardsStatus) {
	if st == nil || st.Failed == 0 {
		return
	}
	fmt.Fprintf(w, "fahras: warning: partial results: %d of %d shards failed\n", st.Failed, st.Total)
	for _, f := range st.Failures {
		fmt.Fprintf(w, "fahras: shard %d: %s\n", f.Shard, f.Error)
	}
}

// openForSearch opens the index in dir, or the demo index when dir is "".
func openForSearch(ctx context.Context, e env, dir string) (*index.Index, error) {
	o := index.Options{Mode: "search"}
	if dir != "" {
		ix, err := index.OpenWith(dir, o)
		if err == nil {
			warnAnalysis(e.stderr, ix)
		}
		return ix, err
	}
	return openDemo(ctx, e, o)
}

// openDemo opens the embedded demo collection, building its index in the
// user cache folder on first use (and again when the analyzer changes).
func openDemo(ctx context.Context, e env, o index.Options) (*index.Index, error) {
	cache, err := os.UserCacheDir()
	if err != nil {
		return nil, fmt.Errorf("no index given and no cache folder for the demo: %w", err)
	}
	dir := filepath.Join(cache, "fahras", "demo-"+fahras.DemoHash())
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return nil, fmt.Errorf("demo index: %w", err)
	}
	if _, err := os.Stat(dir); err != nil {
		fmt.Fprintf(e.stderr, "fahras: building the demo index (the Qur'an) in %s\n", dir)
	}
	return index.OpenDemo(ctx, dir, fahras.DemoVerses(), o)
}

// markTags marks matches in bold red on a terminal, in brackets otherwise.
// Neither contains characters that HTML escaping changes.
func markTags(colour bool) *index.HighlightOptions {
	if colour {
		return &index.HighlightOptions{PreTag: "\x1b[1;31m", PostTag: "\x1b[0m"}
	}
	return &index.HighlightOptions{PreTag: "[", PostTag: "]"}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// printHits writes a readable list of hits: id, score and the fragments of
// each highlighted field, unescaped for the terminal.
func printHits(w io.Writer, res *index.Result, from int, colour bool) error {
	noun := "hits"
	if res.Total == 1 {
		noun = "hit"
	}
	fmt.Fprintf(w, "%d %s (%.1f ms)\n", res.Total, noun, res.TookMS)
	for _, rw := range res.Rewrites {
		switch {
		case len(rw.Split) > 0:
			fmt.Fprintf(w, "(%s: searched as %s)\n", rw.Word, strings.Join(rw.Split, " "))
		case rw.Typo:
			fmt.Fprintf(w, "(%s: not in the index; searched through the words one letter away)\n", rw.Word)
		}
	}
	if d := droppedWords(res.Rewrites); len(d) > 0 {
		fmt.Fprintf(w, "(more than 64 terms: not searched, as the most common: %s)\n", strings.Join(d, " "))
	}
	for i, h := range res.Hits {
		if h.Related && (i == 0 || !res.Hits[i-1].Related) {
			fmt.Fprintf(w, "\n-- related documents, without the searched words --\n")
		}
		fmt.Fprintf(w, "\n%d. %s  score %.4f\n", from+i+1, h.ID, h.Score)
		fields := make([]string, 0, len(h.Highlights))
		for f := range h.Highlights {
			fields = append(fields, f)
		}
		sort.Strings(fields)
		for _, f := range fields {
			for _, frag := range h.Highlights[f] {
				fmt.Fprintf(w, "   %s: %s\n", f, html.UnescapeString(frag))
			}
		}
		if len(fields) == 0 {
			printFieldsPreview(w, h)
		}
	}
	_, err := fmt.Fprintln(w)
	return err
}

// printFieldsPreview shows the stored fields of a hit without highlights.
func printFieldsPreview(w io.Writer, h index.Hit) {
	names := make([]string, 0, len(h.Fields))
	for n := range h.Fields {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		s := fmt.Sprint(h.Fields[n])
		if r := []rune(s); len(r) > 150 {
			s = string(r[:150]) + "…"
		}
		fmt.Fprintf(w, "   %s: %s\n", n, s)
	}
}

// droppedWords lists the words a query too long was searched without.
func droppedWords(rws []index.Rewrite) []string {
	var out []string
	for _, rw := range rws {
		if rw.Dropped {
			out = append(out, rw.Word)
		}
	}
	return out
}
