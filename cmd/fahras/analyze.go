package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/fahras/fahras/analysis"
)

const analyzeUsage = `Usage: fahras analyze [-level stem|exact|vocal] [-json] [TEXT ...]

Prints every token of TEXT (the arguments joined with spaces; standard input
when there are none) as the index sees it: its term, the byte offsets of the
word in the input, its position (stop words leave gaps; a second reading of
an ambiguous word shares the position and is marked alt) and the original
surface text input[start:end], quoted so that invisible characters show.

With -json each token is one JSON object per line with the keys term, start,
end, position, surface and, for a second reading, alternate.

Levels: stem (default: normalized and lightly stemmed), exact (normalized,
unstemmed), vocal (normalized, harakat kept).

Flags:
`

// analyzedToken is one line of -json output.
type analyzedToken struct {
	Term      string `json:"term"`
	Start     int    `json:"start"`
	End       int    `json:"end"`
	Position  int    `json:"position"`
	Surface   string `json:"surface"`
	Alternate bool   `json:"alternate,omitempty"`
}

// runAnalyze is "fahras analyze".
func runAnalyze(ctx context.Context, e env, args []string) error {
	fs := flag.NewFlagSet("analyze", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	levelName := fs.String("level", "stem", "representation: stem, exact or vocal")
	asJSON := fs.Bool("json", false, "print one JSON object per token")
	fs.Usage = func() { fmt.Fprint(e.stderr, analyzeUsage); fs.PrintDefaults() }
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	level, err := analysis.ParseLevel(*levelName)
	if err != nil {
		return usageError{err.Error()}
	}
	input := []byte(strings.Join(fs.Args(), " "))
	if fs.NArg() == 0 {
		if input, err = io.ReadAll(e.stdin); err != nil {
			return fmt.Errorf("read standard input: %w", err)
		}
	}
	toks := analysis.Analyze(input, level)
	if *asJSON {
		return writeTokensJSON(e.stdout, input, toks)
	}
	return writeTokensText(e.stdout, input, toks)
}

func writeTokensJSON(w io.Writer, input []byte, toks []analysis.Token) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, t := range toks {
		line := analyzedToken{Term: t.Term, Start: t.Start, End: t.End, Position: t.Position,
			Surface: string(input[t.Start:t.End]), Alternate: t.Alternate}
		if err := enc.Encode(line); err != nil {
			return fmt.Errorf("write token: %w", err)
		}
	}
	return nil
}

func writeTokensText(w io.Writer, input []byte, toks []analysis.Token) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "TERM\tSTART\tEND\tPOS\t\tSURFACE")
	for _, t := range toks {
		alt := ""
		if t.Alternate {
			alt = "alt"
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%s\t%s\n", t.Term, t.Start, t.End, t.Position, alt,
			strconv.Quote(string(input[t.Start:t.End])))
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write tokens: %w", err)
	}
	return nil
}
