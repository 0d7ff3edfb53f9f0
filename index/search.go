package index

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"

	"github.com/fahras/fahras/analysis"
)

// Paging limits.
const (
	defaultSize = 10
	maxSize     = 1000
	maxWindow   = 10000 // from + size
	// maxTermSearchers bounds the terms one query reads, prefix and fuzzy
	// expansions included.
	maxTermSearchers = 8192
)

// Search runs req and returns a page of hits with highlights and facets.
// Query syntax errors wrap ErrInvalidQuery (as *QueryError, with the
// position); other bad requests wrap ErrInvalid.
func (ix *Index) Search(ctx context.Context, req Request) (*Result, error) {
	ctx, leave, err := ix.gate.enter(ctx, ix.name)
	if err != nil {
		return nil, err
	}
	defer leave()
	return ix.search(ctx, req, defaultRank())
}

// search runs req with ranking r.
func (ix *Index) search(ctx context.Context, req Request, r rankParams) (*Result, error) {
	start := time.Now()
	if err := normalizePaging(&req); err != nil {
		return nil, err
	}
	if req.Feedback && r.feedback.docs == 0 {
		r.feedback = requestFeedback()
	}
	view := ix.view()
	if err := checkFields(view, req); err != nil {
		return nil, err
	}
	b := newBuilder(ix.dictsFor(ctx), view, req, r)
	q, err := b.build()
	if err != nil {
		return nil, err
	}
	sctx, err := ix.searchContext(ctx, r, req.Diacritics)
	if err != nil {
		return nil, err
	}
	defer releaseShards(sctx)
	feedback := r.feedback.docs > 0 && b.plain && len(req.Sort) == 0 && !req.Diacritics
	if feedback {
		if q, err = ix.withFeedback(sctx, q, b, view); err != nil {
			return nil, err
		}
	}
	sr := bleve.NewSearchRequestOptions(q, req.Size, req.From, false)
	hl := highlightOptions(req.Highlight)
	sr.Fields = storedFields(view, req, hl)
	sr.IncludeLocations = !hl.Disabled
	if err := setSort(sr, view, req); err != nil {
		return nil, err
	}
	if err := ix.addFacets(sr, view, req.Facets); err != nil {
		return nil, err
	}
	var res *bleve.SearchResult
	if rescoring(req, b, feedback) {
		res, err = ix.searchRescored(sctx, sr, b)
	} else {
		res, err = ix.searchRanked(sctx, sr, len(req.Sort) == 0 && len(req.SearchAfter) == 0 && req.From == 0)
	}
	switch {
	case err == nil:
	case ctx.Err() != nil:
		return nil, fmt.Errorf("search %s: %w", ix.name, ctx.Err())
	case strings.Contains(err.Error(), "TooManyTermSearchers"):
		return nil, fmt.Errorf("search %s: %w: the query expands to more than %d terms; use longer prefixes or fewer fuzzy words", ix.name, ErrInvalidQuery, maxTermSearchers)
	default:
		return nil, fmt.Errorf("search %s: %w", ix.name, err)
	}
	out := &Result{Total: res.Total, Hits: make([]Hit, 0, len(res.Hits)), Rewrites: b.rewrites}
	for _, d := range res.Hits {
		out.Hits = append(out.Hits, toHit(d, view, hl, sr.Sort))
	}
	if wantsRelated(req, b, r, res.Total) {
		rel, n, err := ix.relatedHits(sctx, q, b, view, req, res.Total, res.Hits)
		if err != nil {
			return nil, err
		}
		for _, d := range rel {
			h := toHit(d, view, hl, sr.Sort)
			h.Related = true
			out.Hits = append(out.Hits, h)
		}
		out.Related = n
	}
	selectFields(out.Hits, req)
	out.Facets = facetResults(res.Facets, req.Facets)
	if ss := shardSearchOf(sctx); ss != nil {
		out.Shards = ss.status()
	}
	out.TookMS = float64(time.Since(start).Microseconds()) / 1000
	return out, nil
}

// searchContext returns the context bleve searches with: the bound on term
// searchers and, with r.trueLength, the BM25 statistics. For a sharded
// index it also holds the shards' snapshots and the global statistics,
// always with the true length (shard_search.go); releaseShards releases
// them.
func (ix *Index) searchContext(ctx context.Context, r rankParams, vocal bool) (context.Context, error) {
	sctx := context.WithValue(ctx, search.MaxTermSearchersKey, maxTermSearchers)
	levels := []analysis.Level{analysis.Stem, analysis.Exact}
	if vocal { // words without harakat are matched in f and f.exact (rank.go)
		levels = analysis.Levels
	}
	if ix.shards.sharded() {
		return ix.shardContext(sctx, levels)
	}
	if !r.trueLength {
		return sctx, nil
	}
	st, err := ix.bm25Stats(ctx, levels...)
	if err != nil {
		return nil, fmt.Errorf("search %s: %w", ix.name, err)
	}
	return context.WithValue(sctx, search.BM25StatsKey, st), nil
}

// searchRanked runs sr. On a first page in the default order (best score,
// then id), it first asks bleve for one hit more sorted by score alone:
// the id tie-breaker makes bleve read the external id of every candidate,
// 14 % of a query's CPU on the news index (docs/performance.md). The page
// is then sorted by score and id, which is the default order, unless the
// hit after the page ties with the last one: which of the tied hits belong
// to the page then depends on their ids, and the search runs again with
// the full order. Hits, sort values, totals and facets are those of the
// full-order search (TestSearchRankedOrder).
func (ix *Index) searchRanked(ctx context.Context, sr *bleve.SearchRequest, defaultOrder bool) (*bleve.SearchResult, error) {
	if !defaultOrder || sr.Size == 0 || sr.From != 0 {
		return ix.searchIn(ctx, sr)
	}
	fast := *sr
	fast.Size = sr.Size + 1
	fast.Sort = search.SortOrder{&search.SortScore{Desc: true}}
	res, err := ix.searchIn(ctx, &fast)
	if err != nil {
		return nil, err
	}
	hits := res.Hits
	if len(hits) > sr.Size {
		if hits[sr.Size].Score == hits[sr.Size-1].Score {
			return ix.searchIn(ctx, sr)
		}
		hits = hits[:sr.Size]
	}
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].Score != hits[j].Score {
			return hits[i].Score > hits[j].Score
		}
		return hits[i].ID < hits[j].ID
	})
	for _, h := range hits { // the values of the full order; sortValues writes the score
		h.Sort = []string{"_score", h.ID}
		h.DecodedSort = []string{"_score", h.ID}
	}
	res.Hits = hits
	res.Request = sr
	return res, nil
}

// view snapshots what query building needs from the schema.
func (ix *Index) view() schemaView {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	v := schemaView{fields: make(map[string]Field, len(ix.schema.Fields)), synonyms: ix.synonyms, text: ix.text}
	for _, f := range ix.schema.Fields {
		v.fields[f.Name] = f
		if f.Type == Text && f.Search {
			v.search = append(v.search, f)
		}
	}
	return v
}

// normalizePaging applies the default size and checks the limits.
func normalizePaging(req *Request) error {
	if req.Size == 0 {
		req.Size = defaultSize
	}
	switch {
	case req.Size < 0 || req.Size > maxSize:
		return fmt.Errorf("size %d: %w: want 1 to %d", req.Size, ErrInvalid, maxSize)
	case req.From < 0:
		return fmt.Errorf("from %d: %w: must not be negative", req.From, ErrInvalid)
	case req.From+req.Size > maxWindow:
		return fmt.Errorf("from+size %d: %w: at most %d; use search_after for deep paging", req.From+req.Size, ErrInvalid, maxWindow)
	case len(req.SearchAfter) > 0 && req.From != 0:
		return fmt.Errorf("search_after with from %d: %w: use one or the other", req.From, ErrInvalid)
	}
	return nil
}

// setSort sets the sort order: by default best score first; "_id" always
// breaks ties so that pages and search_after are stable.
func setSort(sr *bleve.SearchRequest, v schemaView, req Request) error {
	order := make(search.SortOrder, 0, len(req.Sort)+1)
	hasID := false
	for _, s := range req.Sort {
		ss, err := sortKey(v, s)
		if err != nil {
			return err
		}
		if _, ok := ss.(*search.SortDocID); ok {
			hasID = true
		}
		order = append(order, ss)
	}
	if len(order) == 0 {
		order = append(order, &search.SortScore{Desc: true})
	}
	if !hasID {
		order = append(order, &search.SortDocID{})
	}
	sr.SortByCustom(order)
	if len(req.SearchAfter) > 0 {
		if len(req.SearchAfter) != len(order) {
			return fmt.Errorf("search_after: %w: want %d values (the sort of the last hit), got %d", ErrInvalid, len(order), len(req.SearchAfter))
		}
		sr.SetSearchAfter(req.SearchAfter)
	}
	return nil
}

// sortKey parses one sort key: "_score" (best first), "_id", "field",
// each but _score with "-" for descending.
func sortKey(v schemaView, s string) (search.SearchSort, error) {
	name := strings.TrimPrefix(s, "-")
	desc := name != s
	switch name {
	case "_score":
		if desc {
			return nil, fmt.Errorf("sort %q: %w: _score sorts best first; remove the -", s, ErrInvalid)
		}
		return &search.SortScore{Desc: true}, nil
	case "_id":
		return &search.SortDocID{Desc: desc}, nil
	}
	f, ok := v.fields[name]
	if !ok {
		return nil, fmt.Errorf("sort %q: %w: unknown field", s, ErrInvalid)
	}
	sf := &search.SortField{Field: name, Desc: desc, Missing: search.SortFieldMissingLast}
	switch f.Type {
	case Number:
		sf.Type = search.SortFieldAsNumber
	case Date:
		sf.Type = search.SortFieldAsDate
	case Keyword, Bool:
		sf.Type = search.SortFieldAsString
	default:
		return nil, fmt.Errorf("sort %q: %w: text fields cannot be sorted; declare a keyword, number or date field", s, ErrInvalid)
	}
	return sf, nil
}

// sortValues returns the readable sort values of a hit, which SearchAfter
// accepts back: the score itself stands for _score.
func sortValues(d *search.DocumentMatch, order search.SortOrder) []string {
	out := append([]string(nil), d.DecodedSort...)
	for i := range out[:min(len(out), len(order))] {
		if _, ok := order[i].(*search.SortScore); ok {
			out[i] = strconv.FormatFloat(d.Score, 'g', -1, 64)
		}
	}
	return out
}

// toHit converts a bleve hit.
func toHit(d *search.DocumentMatch, v schemaView, hl HighlightOptions, order search.SortOrder) Hit {
	h := Hit{ID: d.ID, Score: d.Score, Sort: sortValues(d, order), Fields: d.Fields}
	if h.Fields == nil {
		h.Fields = map[string]any{}
	}
	if !hl.Disabled {
		h.Highlights, h.Matches = highlightHit(d, v, hl)
	}
	return h
}
