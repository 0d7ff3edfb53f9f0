package client

// These types mirror the JSON of the fahras API. They are declared here,
// rather than imported from the server's packages, so that a program using
// the client does not link the search engine. TestTypesMatchAPI keeps their
// JSON names in step with the server.

// Document is one JSON object; "id" names it.
type Document map[string]any

// Field declares one field of a schema.
type Field struct {
	Name       string  `json:"name"`
	Type       string  `json:"type"` // text, keyword, number, bool, date
	Search     bool    `json:"search,omitempty"`
	Boost      float64 `json:"boost,omitempty"`
	Filter     bool    `json:"filter,omitempty"`
	Facet      bool    `json:"facet,omitempty"`
	Sort       bool    `json:"sort,omitempty"`
	Discovered bool    `json:"discovered,omitempty"`
	// Format is a date field's form: a Go layout, "unix" or "unix_ms".
	Format string `json:"format,omitempty"`
}

// Schema describes an index.
type Schema struct {
	IDField string  `json:"id_field,omitempty"`
	Fields  []Field `json:"fields,omitempty"`
	// Shards, when above 1, splits a new index into this many shards
	// searched in parallel (rankings equal those of one index).
	Shards int `json:"shards,omitempty"`
	// Replicas, on a cluster, is the number of nodes holding each shard.
	Replicas int `json:"replicas,omitempty"`
	// StopWords changes the built-in stop list; fixed at creation.
	StopWords *StopWords `json:"stop_words,omitempty"`
}

// StopWords changes an index's stop list: Replace (when not nil) instead
// of the built-in list, without Remove, with Add.
type StopWords struct {
	Add     []string  `json:"add,omitempty"`
	Remove  []string  `json:"remove,omitempty"`
	Replace *[]string `json:"replace,omitempty"`
}

// IndexInfo describes an index.
type IndexInfo struct {
	Name      string `json:"name"`
	Documents uint64 `json:"documents"`
	SizeBytes int64  `json:"size_bytes"`
	Schema    Schema `json:"schema"`
	Shards    int    `json:"shards"` // 1 for an unsharded index
}

// Request is a search request; zero values mean defaults.
type Request struct {
	Query       string                  `json:"query"`
	All         bool                    `json:"all,omitempty"`
	Diacritics  bool                    `json:"diacritics,omitempty"`
	Feedback    bool                    `json:"feedback,omitempty"`
	Related     *bool                   `json:"related,omitempty"`     // related hits after the matches; nil: on
	PrefixLast  bool                    `json:"prefix_last,omitempty"` // the last word also matches as a prefix (search as you type)
	Lenient     bool                    `json:"lenient,omitempty"`     // bad or unfinished syntax is read as plain text, not an error
	Filters     []Filter                `json:"filters,omitempty"`
	Facets      map[string]FacetRequest `json:"facets,omitempty"`
	Sort        []string                `json:"sort,omitempty"`
	From        int                     `json:"from,omitempty"`
	Size        int                     `json:"size,omitempty"`
	SearchAfter []string                `json:"search_after,omitempty"`
	Highlight   *HighlightOptions       `json:"highlight,omitempty"`
	// Fields names the stored fields hits carry: nil all, an empty list none.
	Fields *[]string `json:"fields,omitempty"`
}

// Filter restricts hits without affecting scores.
type Filter struct {
	Field string   `json:"field"`
	Terms []string `json:"terms,omitempty"`
	Min   *string  `json:"min,omitempty"`
	Max   *string  `json:"max,omitempty"`
}

// FacetRequest asks for term or range counts of a field.
type FacetRequest struct {
	Field  string       `json:"field"`
	Size   int          `json:"size,omitempty"`
	Ranges []FacetRange `json:"ranges,omitempty"`
	// Interval makes a histogram of a number field; Auto about that many
	// ranges of a round width.
	Interval float64 `json:"interval,omitempty"`
	Auto     int     `json:"auto,omitempty"`
}

// FacetRange is one bucket of a range facet.
type FacetRange struct {
	Name string  `json:"name"`
	Min  *string `json:"min,omitempty"`
	Max  *string `json:"max,omitempty"`
}

// HighlightOptions controls fragments.
type HighlightOptions struct {
	Disabled     bool     `json:"disabled,omitempty"`
	PreTag       string   `json:"pre_tag,omitempty"`
	PostTag      string   `json:"post_tag,omitempty"`
	FragmentSize int      `json:"fragment_size,omitempty"`
	Fragments    int      `json:"fragments,omitempty"`
	Fields       []string `json:"fields,omitempty"`
}

// Result is a page of hits.
type Result struct {
	Total uint64 `json:"total"` // documents matching the query
	// Related counts the documents that follow the matches without
	// matching the query, on pages that reach past the matches.
	Related uint64                 `json:"related,omitempty"`
	TookMS  float64                `json:"took_ms"`
	Hits    []Hit                  `json:"hits"`
	Facets  map[string]FacetResult `json:"facets,omitempty"`
	// Rewrites tells how words the index does not hold were searched.
	Rewrites []Rewrite `json:"rewrites,omitempty"`
	// Shards tells, for a sharded index, how many shards answered; when
	// Failed > 0 the hits come from the others only.
	Shards *ShardsStatus `json:"shards,omitempty"`
}

// Rewrite is a word of a query that the index does not hold, and how it
// was searched instead: a run-on word as its two words (Split), a
// mistyped word through the words one edit away (Typo); or a word left
// out of a query of more than 64 terms (Dropped).
type Rewrite struct {
	Word     string   `json:"word"`
	Split    []string `json:"split,omitempty"`
	Typo     bool     `json:"typo,omitempty"`
	Synonyms []string `json:"synonyms,omitempty"` // stems of the index's synonyms of the word, also searched
	Dropped  bool     `json:"dropped,omitempty"`  // not searched: the query had more than 64 terms, the ones kept are rarer
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

// Hit is one matching document. Highlights are HTML-escaped fragments
// with the matched words wrapped in the highlight tags.
type Hit struct {
	ID         string              `json:"id"`
	Score      float64             `json:"score"`
	Sort       []string            `json:"sort,omitempty"`
	Fields     map[string]any      `json:"fields"`
	Highlights map[string][]string `json:"highlights,omitempty"`
	Matches    map[string][]Match  `json:"matches,omitempty"`
	Related    bool                `json:"related,omitempty"` // after the matches, not matching the query
}

// Match locates one matched word in a stored field value.
type Match struct {
	Start      int  `json:"start"`
	End        int  `json:"end"`
	RuneStart  int  `json:"rune_start"`
	RuneEnd    int  `json:"rune_end"`
	UTF16Start int  `json:"utf16_start"`
	UTF16End   int  `json:"utf16_end"`
	Element    *int `json:"element,omitempty"` // array element, for a field holding an array
}

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

// DocumentResult is the answer to a single-document write.
type DocumentResult struct {
	Index    string   `json:"index"`
	ID       string   `json:"id"`
	Deleted  bool     `json:"deleted,omitempty"`
	Document Document `json:"document,omitempty"` // after a Patch
}

// BulkResult is the outcome of one input line of a bulk load.
type BulkResult struct {
	Line   int          `json:"line,omitempty"`
	ID     string       `json:"id,omitempty"`
	Status int          `json:"status"`
	Error  *ErrorDetail `json:"error,omitempty"`
	// Summary is set on the last line of the answer only (Bulk does not
	// pass that line to its callback: it returns it as BulkSummary.Totals).
	Summary *BulkTotals `json:"summary,omitempty"`
}

// BulkTotals is the server's summary of a bulk request.
type BulkTotals struct {
	Indexed  int64 `json:"indexed"` // documents written, new or replacing one
	Updated  int64 `json:"updated"` // of Indexed, those that replaced a document of the same id
	Deleted  int64 `json:"deleted"`
	Rejected int64 `json:"rejected"`
	Errors   bool  `json:"errors"`            // a line was rejected or the load stopped early
	Created  bool  `json:"created,omitempty"` // the request created the index
}

// ErrorDetail is the code and message of an API error.
type ErrorDetail struct {
	Code      string `json:"code"`
	Message   string `json:"message"`
	RequestID string `json:"request_id,omitempty"`
}

// AnalyzeResult is the analysis of a text: one stage per representation.
type AnalyzeResult struct {
	Text   string  `json:"text"`
	Stages []Stage `json:"stages"`
}

// Stage is one representation of an analyzed text.
type Stage struct {
	Name   string  `json:"name"`
	Tokens []Token `json:"tokens"`
}

// Token is one term with the word it comes from.
type Token struct {
	Term      string `json:"term"`
	Start     int    `json:"start"`
	End       int    `json:"end"`
	RuneStart int    `json:"rune_start"`
	RuneEnd   int    `json:"rune_end"`
	Position  int    `json:"position"`
	Alternate bool   `json:"alternate,omitempty"`
	Surface   string `json:"surface"`
}

// ClusterStatus is the answer of GET /v1/cluster on a cluster node.
type ClusterStatus struct {
	Node    string         `json:"node"`
	Nodes   []ClusterNode  `json:"nodes"`
	Indexes []ClusterIndex `json:"indexes"`
}

// ClusterNode is one node of a cluster's registry.
type ClusterNode struct {
	Name       string `json:"name"`
	HTTP       string `json:"http"`
	Alive      bool   `json:"alive"`
	LastSeenMS int64  `json:"last_seen_ms"`
}

// ClusterIndex is one index of a cluster with its shards.
type ClusterIndex struct {
	Name     string         `json:"name"`
	Replicas int            `json:"replicas"`
	Shards   []ClusterShard `json:"shards"`
}

// ClusterShard is a shard's write log and replicas.
type ClusterShard struct {
	Shard    int              `json:"shard"`
	LastSeq  uint64           `json:"last_seq"`
	FirstSeq uint64           `json:"first_seq"`
	Snapshot *ClusterSnapshot `json:"snapshot,omitempty"`
	Leader   string           `json:"leader,omitempty"`
	Replicas []ClusterReplica `json:"replicas"`
}

// ClusterSnapshot is the latest snapshot of a shard.
type ClusterSnapshot struct {
	Seq   uint64 `json:"seq"`
	Node  string `json:"node"`
	Bytes uint64 `json:"bytes"`
	Taken string `json:"taken"`
}

// ClusterReplica is one copy of a shard and how far behind its log it is.
type ClusterReplica struct {
	Node    string `json:"node"`
	Alive   bool   `json:"alive"`
	Applied uint64 `json:"applied"`
	Lag     uint64 `json:"lag"`
}
