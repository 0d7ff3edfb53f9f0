// Command newsqueries writes a realistic query set for benchmarks: N short
// queries of two or three consecutive words taken from news article titles.
//
//	go run ./tools/newsqueries -n 500 ../shared/corpora/saudinewsnet/docs.jsonl.gz > queries.txt
//
// The choice is deterministic for a given input, -n and -seed.
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
	"strings"
	"unicode"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "newsqueries:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("newsqueries", flag.ContinueOnError)
	n := fs.Int("n", 500, "number of queries")
	seed := fs.Uint64("seed", 1, "random seed")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("usage: newsqueries [-n N] [-seed S] DOCS.jsonl[.gz]")
	}
	titles, err := readTitles(fs.Arg(0))
	if err != nil {
		return err
	}
	qs := Pick(titles, *n, *seed)
	w := bufio.NewWriter(stdout)
	for _, q := range qs {
		fmt.Fprintln(w, q)
	}
	return w.Flush()
}

func readTitles(path string) ([]string, error) {
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
		defer gz.Close()
		r = gz
	}
	var titles []string
	dec := json.NewDecoder(r)
	for {
		var d struct{ Title string }
		if err := dec.Decode(&d); err == io.EOF {
			return titles, nil
		} else if err != nil {
			return nil, fmt.Errorf("%s: record %d: %w", path, len(titles)+1, err)
		}
		titles = append(titles, d.Title)
	}
}

// Pick chooses n queries of 2–3 consecutive Arabic words from titles.
func Pick(titles []string, n int, seed uint64) []string {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	seen := map[string]bool{}
	var out []string
	for tries := 0; len(out) < n && tries < 50*n && len(titles) > 0; tries++ {
		words := arabicWords(titles[rng.IntN(len(titles))])
		k := 2 + rng.IntN(2)
		if len(words) < k {
			continue
		}
		i := rng.IntN(len(words) - k + 1)
		q := strings.Join(words[i:i+k], " ")
		if !seen[q] {
			seen[q] = true
			out = append(out, q)
		}
	}
	return out
}

// arabicWords splits s into words made only of Arabic letters, dropping
// one-letter words.
func arabicWords(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.Is(unicode.Arabic, r) || !unicode.IsLetter(r) }) {
		if len([]rune(w)) > 1 {
			out = append(out, w)
		}
	}
	return out
}
