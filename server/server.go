package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/fahras/fahras/apikey"
)

// Options configures a Server. The zero value of every field means its
// default (see SetDefaults).
type Options struct {
	// APIKey, when not empty, is the admin key, and every route but the
	// page, health and OpenAPI ones needs a key (auth.go), as
	// "Authorization: Bearer KEY" or "X-API-Key: KEY": this one, which may
	// do everything, or one of Keys.
	APIKey string
	// Keys holds the scoped keys created over the API (POST /v1/keys);
	// nil: the admin key only, and the key routes answer 501.
	Keys *apikey.Store
	// PublicSearch lets the search routes (search, multi-search, analyze,
	// the index list) answer without a key; stored documents, schemas and
	// metrics still need one.
	PublicSearch bool
	// Now tells the time, for key expiry (default time.Now).
	Now func() time.Time
	// CORSOrigins lists the origins allowed to call the API from a browser;
	// "*" allows any origin. Empty means no cross-origin access.
	CORSOrigins []string
	// Timeout bounds every index call except bulk loading (default 10s).
	Timeout time.Duration
	// BulkTimeout bounds a bulk request; 0 means only the client's
	// connection bounds it.
	BulkTimeout time.Duration

	// MaxBodyBytes limits JSON request bodies (default 1 MiB).
	MaxBodyBytes int64
	// MaxBulkBytes limits a bulk NDJSON body (default 1 GiB); memory stays
	// bounded by MaxLineBytes whatever this is.
	MaxBulkBytes int64
	// MaxLineBytes limits one NDJSON line of a bulk body (default 1 MiB).
	MaxLineBytes int
	// BulkBatchSize is the number of documents per batch of a bulk load
	// (default: the index's). Results of a batch are sent once it is on disk.
	BulkBatchSize int
	// MaxURIBytes limits the request URI, path and query string (default
	// 64 KiB: 414 uri_too_long); MaxHeaderBytes the request headers
	// (default 64 KiB: 431 headers_too_large). Both must stay below the
	// http.Server's own limit (ListenerHeaderBytes), past which Go answers
	// in plain text before the Server sees the request.
	MaxURIBytes, MaxHeaderBytes int
	// MaxQueryRunes limits the length of a query string (default 1024).
	MaxQueryRunes int
	// MaxSize limits hits per page (default 100); MaxWindow limits
	// from+size (default 10000).
	MaxSize, MaxWindow int
	// MaxFragments limits highlight fragments per field (default 10) and
	// MaxFragmentSize their size in characters (default 1000).
	MaxFragments, MaxFragmentSize int
	// MaxFacets limits facets per request (default 20) and their size
	// (default 100 buckets); MaxFilters limits filters (default 32).
	MaxFacets, MaxFacetSize, MaxFilters int
	// MaxExpansions limits prefix (word*) and fuzzy (word~) terms per query
	// (default 4); a prefix also needs two characters before its '*'.
	MaxExpansions int
	// MaxAnalyzeBytes limits the text of an analyze request (default 64 KiB).
	MaxAnalyzeBytes int
	// MaxMultiSearch limits the searches of one multi-search (default 10).
	MaxMultiSearch int
	// MaxSearches limits the searches that run at once (default: the
	// number of CPUs, GOMAXPROCS; negative: no limit). Those beyond it wait
	// in arrival order (admission.go).
	MaxSearches int
	// SearchQueue limits the searches that wait for one of MaxSearches
	// (default 64; negative: none wait). A search beyond it is refused with
	// 503 overloaded and a Retry-After of SearchRetryAfter (default 1s).
	SearchQueue      int
	SearchRetryAfter time.Duration

	// Analyze runs the analyzer for POST /v1/analyze; nil disables the route
	// (it answers 501).
	Analyze AnalyzeFunc
	// Logger receives one structured line per request (default: discard).
	Logger *slog.Logger
	// SnapshotDir is the folder of the snapshots written by POST
	// /v1/indexes/{name}/snapshot and restored by POST
	// /v1/snapshots/{snapshot}/restore; "" disables those routes (501).
	SnapshotDir string
	// Cluster, when set, answers GET /v1/cluster (a node of a cluster).
	Cluster ClusterInfo
}

// SetDefaults fills the zero fields of o with their defaults.
func (o *Options) SetDefaults() {
	setDefault(&o.Timeout, 10*time.Second)
	setDefault(&o.MaxBodyBytes, 1<<20)
	setDefault(&o.MaxBulkBytes, 1<<30)
	setDefault(&o.MaxLineBytes, 1<<20)
	setDefault(&o.MaxURIBytes, 64<<10)
	setDefault(&o.MaxHeaderBytes, 64<<10)
	setDefault(&o.MaxQueryRunes, 1024)
	setDefault(&o.MaxSize, 100)
	setDefault(&o.MaxWindow, 10000)
	setDefault(&o.MaxFragments, 10)
	setDefault(&o.MaxFragmentSize, 1000)
	setDefault(&o.MaxFacets, 20)
	setDefault(&o.MaxFacetSize, 100)
	setDefault(&o.MaxFilters, 32)
	setDefault(&o.MaxExpansions, 4)
	setDefault(&o.MaxAnalyzeBytes, 64<<10)
	setDefault(&o.MaxMultiSearch, 10)
	setDefault(&o.MaxSearches, runtime.GOMAXPROCS(0))
	setDefault(&o.SearchQueue, 64)
	setDefault(&o.SearchRetryAfter, time.Second)
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
}

func setDefault[T comparable](p *T, v T) {
	var zero T
	if *p == zero {
		*p = v
	}
}

// Validate reports options that cannot work.
func (o *Options) Validate() error {
	if o.Timeout < 0 || o.BulkTimeout < 0 {
		return errors.New("server: timeouts must not be negative")
	}
	if o.MaxSize < 1 || o.MaxWindow < o.MaxSize {
		return fmt.Errorf("server: max size %d and window %d are inconsistent", o.MaxSize, o.MaxWindow)
	}
	if o.MaxBodyBytes < 1 || o.MaxBulkBytes < 1 || o.MaxLineBytes < 1 {
		return errors.New("server: body limits must be positive")
	}
	if o.SearchRetryAfter < 0 {
		return errors.New("server: the search retry time must not be negative")
	}
	return nil
}

// Server is the HTTP handler of fahras. Create it with New.
type Server struct {
	cat     Catalog
	opts    Options
	log     *slog.Logger
	metrics *metrics
	// admission limits the searches running at once (admission.go).
	admission *admission
	assets    map[string]asset
	router    http.Handler // the mux router, unwrapped
	handler   http.Handler

	draining atomic.Bool
}

// New returns a Server over the indexes of cat.
func New(cat Catalog, opts Options) (*Server, error) {
	if cat == nil {
		return nil, errors.New("server: nil catalog")
	}
	opts.SetDefaults()
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	s := &Server{cat: cat, opts: opts, log: opts.Logger}
	var err error
	if s.assets, err = loadAssets(); err != nil {
		return nil, fmt.Errorf("server: page assets: %w", err)
	}
	s.metrics = newMetrics(cat)
	s.admission = newAdmission(opts.MaxSearches, opts.SearchQueue, opts.SearchRetryAfter, s.metrics)
	s.router = s.newRouter()
	s.handler = s.withRequestID(s.withRecover(s.withCORS(s.withLimits(s.router))))
	return s, nil
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.handler.ServeHTTP(w, r)
}

// Registry returns the Prometheus registry of this server, for callers that
// want to add their own collectors.
func (s *Server) Registry() *prometheus.Registry { return s.metrics.reg }

// withTimeout derives the context of one index call from the request.
func (s *Server) withTimeout(r *http.Request) (context.Context, context.CancelFunc) {
	return context.WithTimeout(r.Context(), s.opts.Timeout)
}
