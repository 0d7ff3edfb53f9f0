package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"
	"unicode/utf8"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/fahras/fahras/analysis"
	"github.com/fahras/fahras/index"
)

const indexUsage = `Usage: fahras index -index DIR [flags] FILE...

Adds the documents of every FILE to the index in folder DIR, creating the
index if needed. A FILE is JSON Lines (.jsonl, .ndjson, .json: one object
with an "id" per line), CSV with a header row (.csv), plain text (.txt: one
document per file, id = path relative to the argument, field "text"), any
of these gzipped (.gz), a directory (read recursively; other files are
skipped), or - for JSON Lines on standard input (gzipped or not). Documents
whose id is already indexed are replaced. Without -schema, fields are
discovered: strings are Arabic text, numbers and booleans are typed, and a
field keeps the type it was first seen with. A schema file declares them:

  {"id_field": "url", "fields": [
    {"name": "title", "type": "text", "search": true, "boost": 2},
    {"name": "year", "type": "number", "filter": true, "sort": true},
    {"name": "section", "type": "keyword", "facet": true}]}

with types text, keyword, number, bool and date, and optionally
"stop_words": {"add": [...], "remove": [...]} or {"replace": [...]} to
change the built-in stop list (-stop-words FILE replaces it with the words
of FILE); the stop list is fixed when the index is created.
A date is RFC 3339,
2015-07-21 02:51:32, 2015-07-21T02:51:32, 2015-07-21 or a number of Unix
seconds (no zone: UTC); "format" on a date field fixes one form instead:
a Go layout ("02/01/2006 15:04"), "unix" or "unix_ms". Nested objects
are rejected: flatten them with dotted names ("author.name").

-shards N creates the index as N shards (bleve indexes, documents routed by
a hash of their id) written and searched in parallel, with the rankings of
one index. The count is fixed at creation; a schema file may also set it
("shards": N).

A JSON file whose first character is [ is read as one array of
documents. CSV follows RFC 4180; a quote that is never closed costs only
the record it opens (reading resumes on the next line), and LF, CRLF and
CR line ends are all read. Files in UTF-16 or Windows-1256 are refused
with how to convert them. Files of a directory that are not read (other
extensions, empty or blank .txt files, unreadable folders, broken links)
are listed as skipped, with the reason.

Bad records are reported as file:line: reason and skipped. Ctrl-C stops
cleanly: the documents counted so far are on disk.

Exit status: 0 every record indexed; 1 some records rejected (the others
are indexed); 2 a failure (bad flags, an unreadable input or schema, an
index that cannot be opened or written, a full disk); 130 interrupted
(SIGINT or SIGTERM).

Flags:
`

// indexFlags are the flags of fahras index.
type indexFlags struct {
	dir, schema, reject, idField, stops string
	memprofile                          string
	batch, workers, maxDocBytes, shards int
	batchBytes                          int
	compact                             bool
	minFree                             int64
	gc                                  gcFlags
}

func (f *indexFlags) bind(fs *flag.FlagSet) {
	fs.StringVar(&f.dir, "index", "", "index `folder` (created if missing)")
	fs.StringVar(&f.schema, "schema", "", "schema `file` (JSON) declaring field types; default: discover fields")
	fs.StringVar(&f.reject, "reject", "", "write rejected records, as read, to `file` (not over-long lines or whole .txt files)")
	fs.StringVar(&f.idField, "id-field", "", "derive a missing id from this `field`")
	fs.StringVar(&f.stops, "stop-words", "", "a new index's stop list: the words of `file` (white-space separated, # comments) instead of the built-in list")
	fs.IntVar(&f.batch, "batch", 1000, "documents per batch, at most")
	fs.IntVar(&f.batchBytes, "batch-bytes", 2<<20, "record `bytes` per batch, at most (a batch being written holds about 25 times its bytes in memory)")
	fs.IntVar(&f.workers, "workers", 0, "batches written at once (default: CPUs, at most 4)")
	fs.IntVar(&f.maxDocBytes, "max-doc-bytes", index.DefaultMaxDocBytes, "largest accepted document in `bytes`")
	fs.IntVar(&f.shards, "shards", 0, fmt.Sprintf("create the index as `N` shards (1 to %d; default: the schema's, or 1)", index.MaxShards))
	fs.BoolVar(&f.compact, "compact", true, "after the load, merge the index into one segment (per shard): smaller on disk, faster to search; -compact=false skips it")
	fs.Int64Var(&f.minFree, "min-free", index.DefaultMinFreeBytes, "stop writing when the index's disk has fewer free `bytes` (a full disk can crash the writer); -1 never stops")
	f.gc.loadFlags(fs)
	fs.StringVar(&f.memprofile, "memprofile", "", "write the heap profile of the live heap's peak to `file` (go tool pprof)")
}

// maxShownRejects bounds the reasons printed on stderr.
const maxShownRejects = 1000

// Exit statuses of fahras index besides 0 (all indexed) and 2 (usage).
const (
	exitRejected    = 1
	exitFailure     = 2
	exitInterrupted = 130
)

// errInterrupted marks a load stopped by a signal (exit status 130).
var errInterrupted = errors.New("interrupted")

// rejectedError marks a load that indexed every good record but
// rejected some (exit status 1).
type rejectedError struct{ n int64 }

func (e rejectedError) Error() string {
	return fmt.Sprintf("%d %s rejected", e.n, plural(e.n, "record", "records"))
}

// runIndex is "fahras index"; its errors carry the documented exit
// status.
func runIndex(ctx context.Context, e env, args []string) error {
	err := indexCommand(ctx, e, args)
	var ue usageError
	var re rejectedError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp), errors.As(err, &ue):
		return err
	case errors.Is(err, errInterrupted):
		return exitError{exitInterrupted, err}
	case errors.As(err, &re):
		return exitError{exitRejected, err}
	default:
		return exitError{exitFailure, err}
	}
}

func indexCommand(ctx context.Context, e env, args []string) error {
	var f indexFlags
	fs := flag.NewFlagSet("index", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() { fmt.Fprint(fs.Output(), indexUsage); fs.PrintDefaults() }
	f.bind(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	switch {
	case f.dir == "":
		return usageError{"-index DIR is required"}
	case fs.NArg() == 0:
		return usageError{"no input FILE given (use - for standard input)"}
	case f.batch <= 0 || f.batchBytes <= 0 || f.maxDocBytes <= 0 || f.workers < 0:
		return usageError{"-batch, -batch-bytes and -max-doc-bytes must be positive, -workers not negative"}
	case f.shards < 0 || f.shards > index.MaxShards:
		return usageError{fmt.Sprintf("-shards %d: want 1 to %d", f.shards, index.MaxShards)}
	case f.gc.check() != nil:
		return f.gc.check()
	case f.minFree == 0:
		return usageError{"-min-free 0: give the free bytes to keep, or -1 to never stop"}
	}
	defer f.gc.apply()()
	defer peakProfile(e, f.memprofile)()
	srcs, skipped, err := index.Sources(fs.Args(), e.stdin)
	if err != nil {
		return usageError{err.Error()}
	}
	for _, sk := range skipped {
		fmt.Fprintf(e.stderr, "%s: skipped: %s\n", sk.Path, sk.Reason)
	}
	ix, err := openOrCreate(e, f)
	if err != nil {
		return err
	}
	err = bulkLoad(ctx, e, ix, srcs, f)
	if cerr := ix.Close(); err == nil {
		err = cerr
	}
	return err
}

// openOrCreate opens the index of f.dir, or creates it with the schema of
// f.schema (default: discover fields) and f.shards shards. A schema given
// for an existing index may only add fields, and -shards must match its
// count.
func openOrCreate(e env, f indexFlags) (*index.Index, error) {
	var s index.Schema
	if f.schema != "" {
		data, err := os.ReadFile(f.schema)
		if err != nil {
			return nil, usageError{err.Error()}
		}
		if s, err = index.ParseSchema(data); err != nil {
			return nil, fmt.Errorf("%s: %w", f.schema, err)
		}
	}
	if err := readStopWords(f.stops, &s); err != nil {
		return nil, err
	}
	if f.shards > 0 && s.Shards > 0 && max(s.Shards, 1) != f.shards {
		return nil, usageError{fmt.Sprintf("-shards %d, but %s says %d", f.shards, f.schema, s.Shards)}
	}
	o := index.Options{Mode: "index", MaxDocBytes: f.maxDocBytes, MinFreeBytes: f.minFree}
	ix, err := index.OpenWith(f.dir, o)
	if errors.Is(err, index.ErrNotFound) {
		if s.IDField == "" {
			s.IDField = f.idField
		}
		if f.shards > 0 {
			s.Shards = f.shards
		}
		return index.CreateWith(f.dir, s, o)
	}
	if err != nil {
		return nil, err
	}
	if f.shards > 0 && ix.Shards() != f.shards {
		n := ix.Shards()
		ix.Close()
		return nil, fmt.Errorf("%s: %w: the index has %d %s, not %d: the shard count is fixed when the index is created", f.dir, index.ErrInvalid, n, plural(int64(n), "shard", "shards"), f.shards)
	}
	warnAnalysis(e.stderr, ix)
	if f.schema != "" || f.stops != "" {
		if err := ix.Declare(s); err != nil {
			ix.Close()
			return nil, fmt.Errorf("%s: %w", cmp.Or(f.schema, f.stops), err)
		}
	}
	return ix, nil
}

// readStopWords sets the stop list of s to the words of file (none: s is
// left as it is). A schema's stop_words.replace and -stop-words are one
// or the other; its add and remove apply to the file's list.
func readStopWords(file string, s *index.Schema) error {
	if file == "" {
		return nil
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return usageError{err.Error()}
	}
	if !utf8.Valid(data) {
		return usageError{fmt.Sprintf("-stop-words %s: not UTF-8 text", file)}
	}
	words := analysis.ReadWordList(string(data))
	sw := index.StopWords{Replace: &words}
	if s.StopWords != nil {
		if s.StopWords.Replace != nil {
			return usageError{"-stop-words and the schema's stop_words.replace: give one list"}
		}
		sw.Add, sw.Remove = s.StopWords.Add, s.StopWords.Remove
	}
	s.StopWords = &sw
	return s.Validate()
}

// bulkLoad runs the load with progress and reject reporting.
func bulkLoad(ctx context.Context, e env, ix *index.Index, srcs []index.Source, f indexFlags) (err error) {
	rep := newReporter(e.stderr, totalSize(srcs))
	if f.reject != "" {
		rf, err := os.Create(f.reject)
		if err != nil {
			return err
		}
		defer func() {
			if cerr := rf.Close(); err == nil && cerr != nil {
				err = cerr
			}
		}()
		rep.rejects = rf
	}
	opts := index.BulkOptions{
		BatchSize: f.batch, BatchBytes: f.batchBytes, Workers: f.workers, MaxDocBytes: f.maxDocBytes, IDField: f.idField,
		OnReject: rep.reject, OnProgress: rep.progress,
	}
	st, err := ix.Bulk(ctx, srcs, opts)
	rep.finish(st)
	switch {
	case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("%w: the %d documents counted above are on disk; run again to finish (documents already indexed are replaced, not repeated)", errInterrupted, st.Documents)
	case err != nil:
		return err
	}
	if f.compact && st.Documents > 0 {
		if err := compactIndex(ctx, e, ix); err != nil {
			return err
		}
	}
	switch {
	case rep.writeErr != nil:
		return fmt.Errorf("write reject file: %w", rep.writeErr)
	case rep.unread > 0:
		return fmt.Errorf("%d %s could not be read to the end (see above); what was read is indexed", rep.unread, plural(rep.unread, "input", "inputs"))
	case st.Rejected > 0:
		return rejectedError{st.Rejected}
	}
	return nil
}

// compactIndex merges the index into one segment per shard after a load,
// saying so on stderr.
func compactIndex(ctx context.Context, e env, ix *index.Index) error {
	start := time.Now()
	err := ix.Compact(ctx)
	switch {
	case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("%w while compacting: every document is on disk; the index is only not compacted (the next load compacts it)", errInterrupted)
	case err != nil:
		return err
	}
	fmt.Fprintf(e.stderr, "compacted in %.1f s (one segment per shard; -compact=false skips this)\n", time.Since(start).Seconds())
	return nil
}

func totalSize(srcs []index.Source) int64 {
	var n int64
	for _, s := range srcs {
		if s.Size < 0 {
			return -1
		}
		n += s.Size
	}
	return n
}

// reporter prints rejects, the progress bar and the summary on stderr.
type reporter struct {
	w        io.Writer
	bar      *progressbar.ProgressBar // nil unless stderr is a terminal
	rejects  io.Writer                // the reject file, if any
	writeErr error
	shown    int64
	hidden   int64
	// unread counts the sources that failed to open or to be read to
	// their end (a reject that is not bad data): a failure, exit 2.
	unread int64
}

func newReporter(w io.Writer, total int64) *reporter {
	r := &reporter{w: w}
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		r.bar = progressbar.NewOptions64(total,
			progressbar.OptionSetWriter(w),
			progressbar.OptionShowBytes(true),
			progressbar.OptionShowCount(),
			progressbar.OptionSetPredictTime(total > 0),
			progressbar.OptionSetElapsedTime(true),
			progressbar.OptionSetWidth(30),
			progressbar.OptionSetDescription("indexing"),
			progressbar.OptionClearOnFinish(),
			progressbar.OptionSetRenderBlankState(true),
		)
	}
	return r
}

func (r *reporter) reject(rj *index.Reject) {
	if !errors.Is(rj.Err, index.ErrInvalid) {
		r.unread++
	}
	if r.rejects != nil && rj.Raw != nil && r.writeErr == nil {
		if _, err := r.rejects.Write(append(rj.Raw, '\n')); err != nil {
			r.writeErr = err
		}
	}
	if r.shown >= maxShownRejects {
		r.hidden++
		return
	}
	r.shown++
	if r.bar != nil {
		r.bar.Clear()
	}
	fmt.Fprintln(r.w, rj.Error())
}

func (r *reporter) progress(st index.BulkStats) {
	if r.bar == nil {
		return
	}
	r.bar.Set64(st.InputBytes)
	r.bar.Describe(fmt.Sprintf("%d docs, %.0f docs/s", st.Documents, rate(st.Documents, st.Elapsed)))
}

func (r *reporter) finish(st index.BulkStats) {
	if r.bar != nil {
		r.bar.Finish()
		r.bar.Clear()
	}
	if r.hidden > 0 {
		fmt.Fprintf(r.w, "... and %d more rejected records not shown\n", r.hidden)
	}
	deleted := ""
	if st.Deleted > 0 { // delete action lines (index/bulk_actions.go)
		deleted = fmt.Sprintf(", %d deleted", st.Deleted)
	}
	fmt.Fprintf(r.w, "%d documents indexed%s, %d rejected, %.1f MB in %.1f s (%.0f docs/s)\n",
		st.Documents, deleted, st.Rejected, float64(st.Bytes)/1e6, st.Elapsed.Seconds(), rate(st.Documents, st.Elapsed))
}

func rate(n int64, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return float64(n) / d.Seconds()
}

func plural(n int64, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
