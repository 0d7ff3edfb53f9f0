package index

// This file is the contract between index and its callers (cmd, server).
// Extend it freely; change existing names only together with the callers.

import (
	"errors"

	"github.com/fahras/fahras/highlight"
	"github.com/fahras/fahras/syntax"
)

// Sentinel errors callers branch on. Wrap them with %w and detail.
var (
	ErrNotFound     = errors.New("not found")
	ErrExists       = errors.New("already exists")
	ErrInvalidQuery = syntax.ErrInvalid
	ErrInvalid      = errors.New("invalid input") // bad document, schema or request
	ErrLocked       = errors.New("index is locked by another process")
	ErrDiskFull     = errors.New("disk almost full") // writes refused below Options.MinFreeBytes (space.go)
	// ErrUnavailable: a cluster cannot serve the call now (its write log has
	// lost its quorum, or no replica of a shard answers); retry later.
	ErrUnavailable = errors.New("unavailable")
	// ErrConflict: the state of the catalog forbids the call (dropping an
	// index an alias points at).
	ErrConflict = errors.New("conflict")
	// ErrBusy: the index is being rebuilt (a schema change that needs a
	// reindex, reindex.go); writes are refused until it is swapped in.
	// Retry later: nothing of the refused write was stored.
	ErrBusy = errors.New("index busy")
)

// Document is one JSON object: an "id" plus any fields.
type Document map[string]any

// FieldType is the declared type of a field.
type FieldType string

const (
	Text    FieldType = "text"    // Arabic text: exact + stem (+ vocal) representations
	Keyword FieldType = "keyword" // a single unanalyzed term (filters, facets)
	Number  FieldType = "number"
	Bool    FieldType = "bool"
	Date    FieldType = "date" // RFC 3339 and the common forms, or the field's Format (dates.go)
)

// Field declares one field of the schema.
type Field struct {
	Name   string    `json:"name"`
	Type   FieldType `json:"type"`
	Search bool      `json:"search,omitempty"` // searched by queries without field:
	Boost  float64   `json:"boost,omitempty"`
	Filter bool      `json:"filter,omitempty"`
	Facet  bool      `json:"facet,omitempty"`
	Sort   bool      `json:"sort,omitempty"`
	// Format is the form of a date field's values (dates.go): a Go
	// reference layout such as "02/01/2006 15:04", "unix" or "unix_ms";
	// empty: RFC 3339 and the common forms.
	Format string `json:"format,omitempty"`
	// Discovered marks a field added by the dynamic schema when a document
	// first used it, rather than declared in a schema file.
	Discovered bool `json:"discovered,omitempty"`
}

// Schema describes an index. It is saved with the index and reused on open.
type Schema struct {
	// IDField, when set, derives a missing "id" from this field's value.
	IDField string  `json:"id_field,omitempty"`
	Fields  []Field `json:"fields,omitempty"`
	// Shards splits the index into this many bleve indexes, documents
	// routed by a hash of their id and searched in parallel (shards.go).
	// 0 or 1: one bleve index. Fixed when the index is created.
	Shards int `json:"shards,omitempty"`
	// Replicas is the number of machines of a cluster that hold each shard
	// (package cluster). An index of one machine has one copy: 0 or 1.
	Replicas int `json:"replicas,omitempty"`
	// StopWords changes the built-in stop list for this index
	// (stopwords.go); fixed when the index is created.
	StopWords *StopWords `json:"stop_words,omitempty"`
}

// Request is a search request. The zero value of every option means its default.
type Request struct {
	Query      string `json:"query"`
	All        bool   `json:"all,omitempty"`         // every term required (default: ranked OR)
	Diacritics bool   `json:"diacritics,omitempty"`  // diacritic-sensitive matching
	Feedback   bool   `json:"feedback,omitempty"`    // pseudo-relevance feedback (prf.go): more recall, slower
	Related    *bool  `json:"related,omitempty"`     // related hits after the matches (related.go); default true
	PrefixLast bool   `json:"prefix_last,omitempty"` // the last word also matches as a prefix: search as you type (query_prefix.go)
	// Lenient reads unfinished or bad syntax (an unclosed quote, a lone *,
	// a bad ~N, an unknown field:) as plain text instead of an error: for
	// queries being typed (package syntax).
	Lenient     bool                    `json:"lenient,omitempty"`
	Filters     []Filter                `json:"filters,omitempty"`
	Facets      map[string]FacetRequest `json:"facets,omitempty"`
	Sort        []string                `json:"sort,omitempty"` // "field", "-field", "_score"
	From        int                     `json:"from,omitempty"`
	Size        int                     `json:"size,omitempty"`
	SearchAfter []string                `json:"search_after,omitempty"`
	Highlight   *HighlightOptions       `json:"highlight,omitempty"`
	// Fields names the stored fields every hit carries: nil means all of
	// them, an empty list none (the id and score alone).
	Fields *[]string `json:"fields,omitempty"`
}

// Filter restricts hits without affecting scores.
type Filter struct {
	Field string   `json:"field"`
	Terms []string `json:"terms,omitempty"` // any of
	Min   *string  `json:"min,omitempty"`   // number or RFC 3339 date, inclusive
	Max   *string  `json:"max,omitempty"`   // exclusive
}

// FacetRequest asks for term counts or range counts on a field.
type FacetRequest struct {
	Field  string       `json:"field"`
	Size   int          `json:"size,omitempty"` // terms; for Interval and Auto, the most buckets (default 100)
	Ranges []FacetRange `json:"ranges,omitempty"`
	// Interval makes a histogram of a number field: buckets of this width
	// (search_histogram.go).
	Interval float64 `json:"interval,omitempty"`
	// Auto makes about this many ranges of a round width on a number field.
	Auto int `json:"auto,omitempty"`
}

// FacetRange is one bucket of a numeric or date range facet.
type FacetRange struct {
	Name string  `json:"name"`
	Min  *string `json:"min,omitempty"`
	Max  *string `json:"max,omitempty"`
}

// HighlightOptions controls fragments. Zero values mean defaults.
type HighlightOptions struct {
	Disabled     bool     `json:"disabled,omitempty"`
	PreTag       string   `json:"pre_tag,omitempty"`       // default <mark>
	PostTag      string   `json:"post_tag,omitempty"`      // default </mark>
	FragmentSize int      `json:"fragment_size,omitempty"` // characters
	Fragments    int      `json:"fragments,omitempty"`
	Fields       []string `json:"fields,omitempty"`
}

// Result is a page of hits.
type Result struct {
	Total uint64 `json:"total"`
	// Related counts the documents that do not match the query but share
	// the vocabulary of its best matches (related.go); they follow the
	// matches, from position Total on (Hit.Related). It is counted on the
	// pages that reach past the matches, and 0 on the others.
	Related uint64                 `json:"related,omitempty"`
	TookMS  float64                `json:"took_ms"`
	Hits    []Hit                  `json:"hits"`
	Facets  map[string]FacetResult `json:"facets,omitempty"`
	// Rewrites tells how words of the query that the index does not hold
	// were searched: a run-on word as its two words, a mistyped word
	// through the words one edit away; and the words left out of a query
	// of more than 64 terms.
	Rewrites []Rewrite `json:"rewrites,omitempty"`
	// Shards tells, for a sharded index, how many shards answered; the
	// hits come from the successful ones. Nil for an unsharded index.
	Shards *ShardsStatus `json:"shards,omitempty"`
}

// ShardsStatus is how the shards of a sharded index answered a search.
type ShardsStatus struct {
	Total      int            `json:"total"`
	Successful int            `json:"successful"`
	Failed     int            `json:"failed"`
	Failures   []ShardFailure `json:"failures,omitempty"`
}

// ShardFailure is one shard that did not answer, and why.
type ShardFailure struct {
	Shard int    `json:"shard"`
	Error string `json:"error"`
}

// Hit is one matching document.
type Hit struct {
	ID         string              `json:"id"`
	Score      float64             `json:"score"`
	Sort       []string            `json:"sort,omitempty"` // pass as SearchAfter for the next page
	Fields     map[string]any      `json:"fields"`
	Highlights map[string][]string `json:"highlights,omitempty"`
	Matches    map[string][]Match  `json:"matches,omitempty"`
	// Related marks a hit that does not match the query (Result.Related).
	Related bool `json:"related,omitempty"`
}

// Rewrite is a word of a query that the index does not hold, and how it
// was searched instead, or a word left out of a query too long.
type Rewrite struct {
	Word  string   `json:"word"`            // as written in the query
	Split []string `json:"split,omitempty"` // a run-on word: the two words searched
	Typo  bool     `json:"typo,omitempty"`  // searched through the index's words one edit away
	// Synonyms are the stems of the index's synonyms of the word, also
	// searched (synonyms.go).
	Synonyms []string `json:"synonyms,omitempty"`
	// Dropped says the word was not searched: the query had more terms
	// than a search takes (64), and the ones kept are rarer in the index
	// (query_limit.go).
	Dropped bool `json:"dropped,omitempty"`
}

// Match is one matched word of a highlighted field (package highlight).
type Match = highlight.Match

// FacetResult holds the buckets of one facet.
type FacetResult struct {
	Field   string        `json:"field"`
	Total   int           `json:"total"`
	Missing int           `json:"missing"`
	Other   int           `json:"other"`
	Buckets []FacetBucket `json:"buckets"`
}

// FacetBucket is one term or range with its count.
type FacetBucket struct {
	Term  string `json:"term,omitempty"`
	Name  string `json:"name,omitempty"`
	Count int    `json:"count"`
	// From (inclusive) and To (exclusive) bound a histogram bucket.
	From *float64 `json:"from,omitempty"`
	To   *float64 `json:"to,omitempty"`
}

// Stats describes an index.
type Stats struct {
	Name      string `json:"name"`
	Documents uint64 `json:"documents"`
	SizeBytes int64  `json:"size_bytes"`
	Shards    int    `json:"shards,omitempty"` // bleve indexes of a sharded index
}

// QueryError is a syntax or semantic error in a query string, with its
// position (package query); it wraps ErrInvalidQuery.
type QueryError = syntax.Error
