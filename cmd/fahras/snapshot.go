package main

import (
	"context"
	"errors"
	"flag"
	"fmt"

	"github.com/fahras/fahras/index"
)

const snapshotUsage = `Usage: fahras snapshot -index DIR -out FILE

Writes a snapshot of the index in DIR to FILE: one .tar.gz file holding
the bleve index of every shard and fahras's own files (schema, synonyms,
the analyzer's fingerprint), under relative paths, so that "fahras
restore" can bring it back in any folder of any machine. The index must
not be held by a running server: use POST /v1/indexes/NAME/snapshot
there (fahras serve -snapshots DIR), which takes the snapshot while
writes go on. FILE is written through a temporary file beside it and
appears complete or not at all.

Flags:
`

// runSnapshot is "fahras snapshot".
func runSnapshot(ctx context.Context, e env, args []string) error {
	fs := flag.NewFlagSet("snapshot", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	dir := fs.String("index", "", "index `folder`")
	out := fs.String("out", "", "snapshot `file` to write (.tar.gz)")
	fs.Usage = func() { fmt.Fprint(e.stderr, snapshotUsage); fs.PrintDefaults() }
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	switch {
	case *dir == "":
		return usageError{"-index DIR is required"}
	case *out == "":
		return usageError{"-out FILE is required"}
	case fs.NArg() > 0:
		return usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	ix, err := index.OpenWith(*dir, index.Options{Mode: "snapshot"})
	if err != nil {
		return err
	}
	defer ix.Close()
	info, err := ix.SnapshotFile(ctx, *out)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s: %d documents, %.1f MB\n", *out, info.Documents, float64(info.Bytes)/1e6)
	return nil
}
