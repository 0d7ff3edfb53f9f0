// Command diacritize writes a fully diacritized copy of a JSON Lines
// collection, to check that retrieval does not depend on whether a text is
// vocalized.
//
// Each Arabic word of the chosen fields gets the vocalization it has in the
// Qur'an when the same letters occur there (learned from the embedded
// Qur'an text given with -quran), and rule-based harakat otherwise.
//
//	go run ./tools/diacritize -quran testdata/quran/verses.jsonl -fields text \
//	    < docs.jsonl > docs.diacritized.jsonl
//
// With -queries the input is a TSV of qid<TAB>text instead.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/fahras/fahras/internal/vocalize"
)

func main() {
	if err := run(os.Args[1:], os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "diacritize:", err)
		os.Exit(1)
	}
}

func run(args []string, stdin io.Reader, stdout io.Writer) error {
	fs := flag.NewFlagSet("diacritize", flag.ContinueOnError)
	quran := fs.String("quran", "testdata/quran/verses.jsonl", "Qur'an verses (JSON Lines with a text field) to learn vocalizations from")
	fields := fs.String("fields", "text", "comma-separated fields to diacritize (JSON Lines input)")
	queries := fs.Bool("queries", false, "input is a qid<TAB>text TSV file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	f, err := os.Open(*quran)
	if err != nil {
		return err
	}
	defer f.Close()
	v, err := vocalize.Learn(f)
	if err != nil {
		return fmt.Errorf("learn %s: %w", *quran, err)
	}
	w := bufio.NewWriter(stdout)
	defer w.Flush()
	if *queries {
		return diacritizeTSV(v, stdin, w)
	}
	return diacritizeJSONL(v, strings.Split(*fields, ","), stdin, w)
}

func diacritizeJSONL(v *vocalize.Vocalizer, fields []string, r io.Reader, w io.Writer) error {
	dec := json.NewDecoder(r)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for n := 1; ; n++ {
		var doc map[string]any
		err := dec.Decode(&doc)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("record %d: %w", n, err)
		}
		for _, f := range fields {
			if s, ok := doc[f].(string); ok {
				doc[f] = v.Text(s)
			}
		}
		if err := enc.Encode(doc); err != nil {
			return err
		}
	}
}

func diacritizeTSV(v *vocalize.Vocalizer, r io.Reader, w io.Writer) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 16<<20)
	for sc.Scan() {
		qid, text, ok := strings.Cut(sc.Text(), "\t")
		if !ok {
			fmt.Fprintln(w, sc.Text())
			continue
		}
		fmt.Fprintf(w, "%s\t%s\n", qid, v.Text(text))
	}
	return sc.Err()
}
