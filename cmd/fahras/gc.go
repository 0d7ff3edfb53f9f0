package main

import (
	"flag"
	"math"
	"os"
	"runtime/debug"
)

// Collector settings of the long-running commands (serve, index). A
// search allocates about 1 MB that dies with it and a bulk load about
// 100 bytes per byte of text, so at Go's default target (GOGC=100) the
// collector took about a third of the CPU of a search and a tenth of a
// load. At 400 a search took 15-20 % less CPU (BenchmarkSearchNews with
// GOGC=400) and a load of the news corpus 10 % less (2,144 against 1,949
// documents/s, same binary and session). A soft memory limit keeps the
// heap from growing four-fold: GOGC=400 alone took a load to 2.1 GB of
// RSS, with a 1 GiB limit it peaked at 1.08 GB.
//
// A load keeps alive about 25 bytes per record byte of the batches being
// written (token frequencies and zap's segment building): with batches of
// at most 2 MiB (index.BulkOptions.BatchBytes) instead of 1,000 news
// articles (4.2 MB), the live heap of a load of the first 3,000 news
// articles peaked at 284 MB instead of 443 MB, so the load and compaction
// commands take a limit of 512 MiB: their peak RSS went from 904-961 MB
// to 551 MB (docs/performance.md, "Memory of a load").
const (
	defaultGCPercent   = 400
	defaultMemoryLimit = 1 << 30
	loadMemoryLimit    = 512 << 20
)

// gcFlags are the collector flags.
type gcFlags struct {
	percent int
	limit   int64
}

func (g *gcFlags) flags(fs *flag.FlagSet) { g.bind(fs, defaultMemoryLimit) }

// loadFlags binds the collector flags of the commands that write an
// index (index, compact), with the lower memory limit of a load.
func (g *gcFlags) loadFlags(fs *flag.FlagSet) { g.bind(fs, loadMemoryLimit) }

func (g *gcFlags) bind(fs *flag.FlagSet, limit int64) {
	fs.IntVar(&g.percent, "gc-percent", defaultGCPercent, "Go garbage collector target, in `percent` of the live heap (as GOGC); 0 keeps Go's; $GOGC, when set, wins")
	fs.Int64Var(&g.limit, "memory-limit", limit, "soft limit of the Go heap in `bytes` (as GOMEMLIMIT), above which the collector works harder; 0 for none; $GOMEMLIMIT, when set, wins")
}

func (g *gcFlags) check() error {
	switch {
	case g.percent < -1:
		return usageError{"-gc-percent must be -1 (collector off), 0 (Go's default) or positive"}
	case g.limit < 0:
		return usageError{"-memory-limit must be 0 (none) or positive"}
	}
	return nil
}

// apply sets the collector target and the memory limit, each unless its
// environment variable is set or the process has already changed it from
// Go's default (a test measuring the heap, a program embedding the
// command), and returns a function that restores them.
func (g *gcFlags) apply() (restore func()) {
	var undo []func()
	if g.percent != 0 && os.Getenv("GOGC") == "" {
		old := debug.SetGCPercent(g.percent)
		if old != 100 {
			debug.SetGCPercent(old)
		} else {
			undo = append(undo, func() { debug.SetGCPercent(old) })
		}
	}
	if g.limit > 0 && os.Getenv("GOMEMLIMIT") == "" {
		if old := debug.SetMemoryLimit(-1); old == math.MaxInt64 {
			debug.SetMemoryLimit(g.limit)
			undo = append(undo, func() { debug.SetMemoryLimit(old) })
		}
	}
	return func() {
		for _, u := range undo {
			u()
		}
	}
}
