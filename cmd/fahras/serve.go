package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/fahras/fahras/analysis"
	"github.com/fahras/fahras/apikey"
	"github.com/fahras/fahras/index"
	"github.com/fahras/fahras/server"
)

const serveUsage = `Usage: fahras serve [-index DIR | -data DIR] [-addr 127.0.0.1:8080] [flags]
       fahras serve -data DIR -node NAME -cluster-listen HOST:PORT -cluster-join HOST:PORT,... [flags]

Serves indexes over HTTP: the JSON API under /v1, the Arabic search page
at /, /healthz, /readyz and /metrics.

  -index DIR   serve the one index in DIR (named after the folder)
  -data DIR    serve every index in DIR; the API may create and drop
               indexes there
  neither      serve the demo collection (the Qur'an), built on first use
               in the user cache folder
  -node NAME   run as a node of a cluster (docs/cluster.md): an embedded
               NATS JetStream server listens on -cluster-listen and joins
               the -cluster-join list (every node's cluster port, this
               one's included), or -nats-url reaches NATS run apart; the
               indexes of the cluster are served from -data

With an admin key (-api-key or $FAHRAS_API_KEY), every API route needs a
key: the admin key, or a scoped key created with POST /v1/keys (search,
documents:read, documents:write or admin, optionally for some indexes and
until a date), whose hash is kept in the -keys file. -public-search opens
the search routes to callers without a key; stored documents, schemas and
/metrics still need one. POST /v1/indexes/NAME/snapshot writes a snapshot
into the -snapshots folder while writes go on; POST
/v1/snapshots/FILE/restore brings one back as a new index (with -data).
At most -max-searches searches run at once (default: one per CPU); up to
-search-queue more wait in arrival order, and the next is refused with 503
and Retry-After. On SIGINT or SIGTERM the server stops
accepting connections, finishes the requests in flight (up to
-shutdown-timeout) and closes the indexes.

Flags:
`

// serveConfig holds the flags of "fahras serve".
type serveConfig struct {
	index, data     string
	addr            string
	apiKey          string
	keys            string
	snapshots       string
	publicSearch    bool
	cors            string
	timeout         time.Duration
	shutdownTimeout time.Duration
	maxBody         int64
	maxSearches     int
	searchQueue     int
	logFormat       string
	gc              gcFlags
	minFree         int64
	cluster         clusterFlags
}

func (c *serveConfig) flags(fs *flag.FlagSet) {
	fs.StringVar(&c.index, "index", "", "serve the index in `folder`")
	fs.StringVar(&c.data, "data", "", "serve every index in the data `folder`")
	fs.StringVar(&c.addr, "addr", "127.0.0.1:8080", "listen `address`")
	fs.StringVar(&c.apiKey, "api-key", "", "API `key` for write routes (default $FAHRAS_API_KEY)")
	fs.StringVar(&c.keys, "keys", "", "key `file` of the scoped API keys created with POST /v1/keys (default: DIR/keys.json with -data DIR)")
	fs.StringVar(&c.snapshots, "snapshots", "", "`folder` of the snapshots of POST /v1/indexes/NAME/snapshot (default: DIR/.snapshots with -data DIR)")
	fs.BoolVar(&c.publicSearch, "public-search", false, "let the search routes (search, multi-search, analyze, the index list) answer without a key")
	fs.StringVar(&c.cors, "cors", "", "comma-separated `origins` allowed to call the API from a browser (* for any)")
	fs.DurationVar(&c.timeout, "timeout", 10*time.Second, "time limit of one index call")
	fs.DurationVar(&c.shutdownTimeout, "shutdown-timeout", 30*time.Second, "how long to wait for requests in flight when stopping")
	fs.Int64Var(&c.maxBody, "max-body", 1<<20, "largest JSON request body in `bytes` (bulk bodies are streamed)")
	fs.IntVar(&c.maxSearches, "max-searches", runtime.GOMAXPROCS(0), "searches run at once; more wait in arrival order (-1: no limit)")
	fs.IntVar(&c.searchQueue, "search-queue", 64, "searches that may wait for one of -max-searches; more are refused with 503 and Retry-After (-1: none wait)")
	fs.StringVar(&c.logFormat, "log", "text", "request log `format`: text, json or off")
	c.gc.flags(fs)
	c.cluster.flags(fs)
	fs.Int64Var(&c.minFree, "min-free", index.DefaultMinFreeBytes, "refuse writes (507) when an index's disk has fewer free `bytes` (a full disk can crash the server); -1 never refuses")
}

// runServe is "fahras serve".
func runServe(ctx context.Context, e env, args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	var cfg serveConfig
	cfg.flags(fs)
	fs.Usage = func() { fmt.Fprint(e.stderr, serveUsage); fs.PrintDefaults() }
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	if err := cfg.check(fs.Args()); err != nil {
		return err
	}
	defer cfg.gc.apply()()
	if cfg.apiKey == "" {
		cfg.apiKey = os.Getenv("FAHRAS_API_KEY")
	}
	logger, err := newLogger(e.stderr, cfg.logFormat)
	if err != nil {
		return usageError{err.Error()}
	}
	if cfg.cluster.on() {
		return serveCluster(ctx, e, cfg, logger)
	}
	cat, err := openServeCatalog(ctx, e, cfg)
	if err != nil {
		return err
	}
	defer cat.Close()
	for _, name := range cat.Skipped() {
		logger.Warn("skipped a folder whose name is not a valid index name", "folder", name)
	}
	opts := cfg.options(logger)
	if opts.Keys, err = cfg.keyStore(); err != nil {
		return err
	}
	srv, err := server.New(server.FromCatalog(cat), opts)
	if err != nil {
		return err
	}
	return serveHTTP(ctx, e, cfg, srv, logger)
}

func (c *serveConfig) check(rest []string) error {
	switch {
	case len(rest) > 0:
		return usageError{fmt.Sprintf("unexpected argument %q", rest[0])}
	case c.index != "" && c.data != "":
		return usageError{"-index and -data exclude each other"}
	case c.timeout <= 0 || c.shutdownTimeout <= 0:
		return usageError{"-timeout and -shutdown-timeout must be positive"}
	case c.maxBody <= 0:
		return usageError{"-max-body must be positive"}
	case c.maxSearches == 0 || c.maxSearches < -1:
		return usageError{fmt.Sprintf("-max-searches %d: want a positive number, or -1 for no limit", c.maxSearches)}
	case c.searchQueue == 0 || c.searchQueue < -1:
		return usageError{fmt.Sprintf("-search-queue %d: want a positive number, or -1 to refuse every search beyond -max-searches", c.searchQueue)}
	case c.gc.check() != nil:
		return c.gc.check()
	case c.minFree == 0:
		return usageError{"-min-free 0: give the free bytes to keep, or -1 to never refuse writes"}
	case c.cluster.on():
		return c.cluster.check(*c)
	}
	return nil
}

func (c *serveConfig) options(logger *slog.Logger) server.Options {
	o := server.Options{
		APIKey:       c.apiKey,
		PublicSearch: c.publicSearch,
		Timeout:      c.timeout,
		MaxBodyBytes: c.maxBody,
		MaxSearches:  c.maxSearches,
		SearchQueue:  c.searchQueue,
		Analyze:      analyzeStages,
		Logger:       logger,
		SnapshotDir:  c.snapshots,
	}
	if o.SnapshotDir == "" && c.data != "" {
		o.SnapshotDir = filepath.Join(c.data, ".snapshots") // hidden: never taken for an index
	}
	for _, origin := range strings.Split(c.cors, ",") {
		if origin = strings.TrimSpace(origin); origin != "" {
			o.CORSOrigins = append(o.CORSOrigins, origin)
		}
	}
	return o
}

// keyStore opens the key file: -keys, or keys.json in the -data folder;
// nil without either (the admin key alone).
func (c *serveConfig) keyStore() (*apikey.Store, error) {
	path := c.keys
	if path == "" && c.data != "" {
		path = filepath.Join(c.data, "keys.json")
	}
	if path == "" {
		return nil, nil
	}
	return apikey.Open(path, index.ValidateName)
}

func newLogger(w io.Writer, format string) (*slog.Logger, error) {
	switch format {
	case "text":
		return slog.New(slog.NewTextHandler(w, nil)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, nil)), nil
	case "off":
		return slog.New(slog.DiscardHandler), nil
	}
	return nil, fmt.Errorf("-log %q: want text, json or off", format)
}

// openServeCatalog opens what cfg says to serve.
func openServeCatalog(ctx context.Context, e env, cfg serveConfig) (*index.Catalog, error) {
	if cfg.data != "" {
		cat, err := index.OpenCatalogWith(cfg.data, cfg.indexOptions())
		if err != nil {
			return nil, err
		}
		for _, n := range cat.Names() {
			if ix, err := cat.Get(n); err == nil {
				warnAnalysis(e.stderr, ix)
			}
		}
		return cat, nil
	}
	var ix *index.Index
	var err error
	name := demoName
	if cfg.index != "" {
		ix, err = index.OpenWith(cfg.index, cfg.indexOptions())
	} else {
		ix, err = openDemo(ctx, e, cfg.indexOptions())
	}
	if err != nil {
		return nil, err
	}
	if cfg.index != "" {
		name = ix.Name()
		warnAnalysis(e.stderr, ix)
	}
	cat, err := index.FixedCatalog(name, ix)
	if err != nil {
		ix.Close()
		return nil, err
	}
	return cat, nil
}

// demoName is the name the demo index is served under.
const demoName = "quran"

// indexOptions are the options of the indexes the server opens.
func (c *serveConfig) indexOptions() index.Options {
	return index.Options{Mode: "serve", MinFreeBytes: c.minFree}
}

// serveHTTP listens on cfg.addr and serves until ctx is done, then shuts
// down gracefully: readiness turns 503, listeners close, requests in
// flight finish (up to the shutdown timeout).
func serveHTTP(ctx context.Context, e env, cfg serveConfig, srv *server.Server, logger *slog.Logger) error {
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	hs := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    server.ListenerHeaderBytes, // the server answers 414/431 in JSON below it
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
		// Requests do not inherit ctx: a signal must not cancel the
		// requests in flight, which Shutdown lets finish.
	}
	fmt.Fprintf(e.stderr, "fahras: serving on http://%s\n", ln.Addr())
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	select {
	case err := <-done:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	fmt.Fprintln(e.stderr, "fahras: stopping; finishing the requests in flight")
	srv.Drain()
	sctx, cancel := context.WithTimeout(context.Background(), cfg.shutdownTimeout)
	defer cancel()
	err = hs.Shutdown(sctx)
	if errors.Is(err, context.DeadlineExceeded) {
		hs.Close()
		err = fmt.Errorf("shutdown: requests still running after %s were cut", cfg.shutdownTimeout)
	}
	if serr := <-done; err == nil && !errors.Is(serr, http.ErrServerClosed) {
		err = serr
	}
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stderr, "fahras: stopped")
	return nil
}

// analyzeStages runs the analyzer for POST /v1/analyze: every level, or
// the one named.
func analyzeStages(text, level string, stops *index.StopWords) ([]server.Stage, error) {
	levels := analysis.Levels
	if level != "" {
		l, err := analysis.ParseLevel(level)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", index.ErrInvalid, err)
		}
		levels = []analysis.Level{l}
	}
	stages := make([]server.Stage, 0, len(levels))
	for _, l := range levels {
		toks := index.AnalyzeWith(text, l, stops)
		st := server.Stage{Name: l.String(), Tokens: make([]server.Token, len(toks))}
		for i, t := range toks {
			st.Tokens[i] = server.Token{Term: t.Term, Start: t.Start, End: t.End, Position: t.Position, Alternate: t.Alternate}
		}
		stages = append(stages, st)
	}
	return stages, nil
}
