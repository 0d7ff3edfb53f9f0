package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/fahras/fahras/index"
)

const versionUsage = `Usage: fahras version

Prints the module version of this binary (from its build information:
"(devel)" when built from a checkout, the tag after go install ...@TAG),
the VCS revision when the build recorded one, the Go version, and the
analyzer fingerprint: two binaries with the same fingerprint analyze text
identically, so an index built by one is searched correctly by the other.
`

// runVersion is "fahras version".
func runVersion(_ context.Context, e env, args []string) error {
	fs := flag.NewFlagSet("version", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() { fmt.Fprint(e.stderr, versionUsage) }
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	module, revision := buildVersion()
	fmt.Fprintf(e.stdout, "fahras %s\n", module)
	if revision != "" {
		fmt.Fprintf(e.stdout, "revision %s\n", revision)
	}
	fmt.Fprintf(e.stdout, "go %s\n", runtime.Version())
	fmt.Fprintf(e.stdout, "analyzer %s\n", index.AnalyzerFingerprint())
	return nil
}

// buildVersion returns the main module's version and the VCS revision
// (with "+dirty" for a modified tree) that the build recorded.
func buildVersion() (module, revision string) {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown (no build information)", ""
	}
	module = info.Main.Version
	if module == "" {
		module = "(devel)"
	}
	var dirty bool
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			revision = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if revision != "" && dirty {
		revision += "+dirty"
	}
	return module, revision
}
