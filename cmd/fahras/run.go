package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/fahras/fahras/index"
)

const usage = `fahras: Arabic full-text search.

Usage:
  fahras analyze [-level stem|exact|vocal] [-json] [TEXT ...]
  fahras index   -index DIR [-schema FILE] [-stop-words FILE] [-shards N] [-batch N] [-reject FILE] FILE...
  fahras search  [-index DIR] [-size N] [-from N] [-all] [-feedback] [-related=false] [-fields LIST] [-json] QUERY...
  fahras eval    -index DIR -queries FILE.tsv -qrels FILE [-run OUT] [-k 100] [-feedback] [-related=false]
  fahras compact -index DIR
  fahras snapshot -index DIR -out FILE
  fahras restore -in FILE -index DIR
  fahras serve   [-index DIR | -data DIR] [-addr 127.0.0.1:8080] [-api-key KEY]
                 [-keys FILE] [-public-search] [-cors ORIGINS]
                 [-node NAME -cluster-listen HOST:PORT -cluster-join HOST:PORT,...]
  fahras cluster status [-addr 127.0.0.1:8080] [-api-key KEY] [-json]
  fahras cluster add-replica [-addr ...] -index NAME -shard N -node NODE
  fahras version

Without -index, search and serve use the embedded demo collection (the
Qur'an), built on first use in the user cache folder.

Run "fahras COMMAND -h" for the flags of a command.
`

// env is what every command gets: its standard streams.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

// command is one subcommand.
type command func(ctx context.Context, e env, args []string) error

// warnAnalysis tells the user when ix was built by a version of the
// analyzer that analyzes differently: its documents hold terms today's
// queries may not produce.
func warnAnalysis(w io.Writer, ix *index.Index) {
	if ix.AnalysisChanged() {
		fmt.Fprintf(w, "fahras: warning: index %s was built by another version of the analyzer; "+
			"searches may miss its documents until they are reindexed into a new folder\n", ix.Path())
	}
}

// usageError marks a bad command line (exit status 2).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// exitError gives a command's own exit status for err (fahras index:
// 1 records rejected, 2 a failure, 130 interrupted).
type exitError struct {
	code int
	err  error
}

func (e exitError) Error() string { return e.err.Error() }
func (e exitError) Unwrap() error { return e.err }

// commands maps each subcommand name to its implementation. Each lives in
// its own file.
var commands = map[string]command{
	"analyze":  runAnalyze,
	"index":    runIndex,
	"search":   runSearch,
	"eval":     runEval,
	"serve":    runServe,
	"compact":  runCompact,
	"snapshot": runSnapshot,
	"restore":  runRestore,
	"cluster":  runCluster,
	"version":  runVersion,
}

// run executes the command line and returns the exit status.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(stdout, usage)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "fahras: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	err := cmd(ctx, env{stdin, stdout, stderr}, args[1:])
	var ue usageError
	var xe exitError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "fahras %s: %s\n", args[0], ue.msg)
		return 2
	case errors.As(err, &xe):
		fmt.Fprintf(stderr, "fahras %s: %v\n", args[0], xe.err)
		return xe.code
	default:
		fmt.Fprintf(stderr, "fahras %s: %v\n", args[0], err)
		return 1
	}
}
