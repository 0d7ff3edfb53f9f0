package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/fahras/fahras/index"
)

const restoreUsage = `Usage: fahras restore -in FILE -index DIR

Restores the snapshot FILE (written by "fahras snapshot" or POST
/v1/indexes/NAME/snapshot; "-" reads stdin) into the folder DIR, which
must not exist or be empty. The files are written into a temporary folder
beside DIR and renamed into place once complete, then the index is opened
to check it. To serve it from a running server's data folder, restore
into DATA/NAME and restart the server, or use POST
/v1/snapshots/FILE/restore.

Flags:
`

// runRestore is "fahras restore".
func runRestore(ctx context.Context, e env, args []string) error {
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	in := fs.String("in", "", "snapshot `file` to read (.tar.gz), - for stdin")
	dir := fs.String("index", "", "index `folder` to create")
	fs.Usage = func() { fmt.Fprint(e.stderr, restoreUsage); fs.PrintDefaults() }
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	switch {
	case *in == "":
		return usageError{"-in FILE is required"}
	case *dir == "":
		return usageError{"-index DIR is required"}
	case fs.NArg() > 0:
		return usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	var r io.Reader = e.stdin
	if *in != "-" {
		f, err := os.Open(*in)
		if err != nil {
			return fmt.Errorf("restore: %w", err)
		}
		defer f.Close()
		r = f
	}
	info, err := index.Restore(ctx, r, *dir)
	if err != nil {
		return fmt.Errorf("%s: %w", *in, err)
	}
	fmt.Fprintf(e.stdout, "%s: index %q restored with %d documents\n", info.Path, info.Index, info.Documents)
	return nil
}
