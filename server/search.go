package server

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/fahras/fahras/index"
)

// defaultSize is the page size when a request does not say.
const defaultSize = 10

func (s *Server) handleSearchGet(w http.ResponseWriter, r *http.Request) {
	req, err := parseSearchQuery(r.URL.Query())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.search(w, r, req)
}

func (s *Server) handleSearchPost(w http.ResponseWriter, r *http.Request) {
	var req index.Request
	if err := decodeJSON(r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	s.search(w, r, req)
}

func (s *Server) search(w http.ResponseWriter, r *http.Request, req index.Request) {
	ctx, cancel := s.withTimeout(r)
	defer cancel()
	res, err := s.runSearch(ctx, r, r.PathValue("name"), req)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// runSearch validates req and runs it on the index name, for a search
// request r (whose key decides which indexes it may search).
func (s *Server) runSearch(ctx context.Context, r *http.Request, name string, req index.Request) (*index.Result, error) {
	if err := s.validateRequest(&req); err != nil {
		return nil, err
	}
	if err := callerOf(r).indexAllowed(name); err != nil {
		return nil, err
	}
	ix, err := s.cat.Get(name)
	if err != nil {
		return nil, err
	}
	release, err := s.admission.admit(ctx) // admission.go
	if err != nil {
		return nil, err
	}
	defer release()
	res, err := ix.Search(ctx, req)
	if err != nil {
		return nil, err
	}
	if res.Hits == nil {
		res.Hits = []index.Hit{}
	}
	s.metrics.observeSearch(name, res)
	return res, nil
}

// searchParams are the URL parameters of GET search.
var searchParams = []string{"q", "size", "from", "all", "diacritics", "feedback", "related", "prefix_last", "lenient", "sort", "facet", "filter",
	"fields", "highlight", "fragments", "fragment_size"}

// parseSearchQuery reads a search request from URL parameters: q, size,
// from, all, diacritics, feedback, related, prefix_last, lenient, sort
// (comma-separated), facet (repeated field names), filter (repeated
// field:term), and what hits show (search_display.go): fields, highlight,
// fragments, fragment_size.
func parseSearchQuery(v url.Values) (index.Request, error) {
	for k := range v {
		if !slices.Contains(searchParams, k) {
			return index.Request{}, errorf(http.StatusBadRequest, "unknown_parameter", "unknown parameter %q (want %s)", k, strings.Join(searchParams, ", "))
		}
	}
	req := index.Request{Query: v.Get("q")}
	var err error
	if req.Size, err = intParam(v, "size"); err != nil {
		return req, err
	}
	if req.From, err = intParam(v, "from"); err != nil {
		return req, err
	}
	if req.All, err = boolParam(v, "all"); err != nil {
		return req, err
	}
	if req.Diacritics, err = boolParam(v, "diacritics"); err != nil {
		return req, err
	}
	if req.Feedback, err = boolParam(v, "feedback"); err != nil {
		return req, err
	}
	if req.PrefixLast, err = boolParam(v, "prefix_last"); err != nil {
		return req, err
	}
	if req.Lenient, err = boolParam(v, "lenient"); err != nil {
		return req, err
	}
	if v.Has("related") {
		related, err := boolParam(v, "related")
		if err != nil {
			return req, err
		}
		req.Related = &related
	}
	if s := v.Get("sort"); s != "" {
		req.Sort = strings.Split(s, ",")
	}
	for _, f := range v["facet"] {
		if req.Facets == nil {
			req.Facets = map[string]index.FacetRequest{}
		}
		req.Facets[f] = index.FacetRequest{Field: f}
	}
	for _, f := range v["filter"] {
		field, term, ok := strings.Cut(f, ":")
		if !ok || field == "" {
			return req, badRequest("parameter filter=%q: want field:term", f)
		}
		req.Filters = append(req.Filters, index.Filter{Field: field, Terms: []string{term}})
	}
	return req, parseDisplayParams(v, &req)
}

func intParam(v url.Values, name string) (int, error) {
	s := v.Get(name)
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, badRequest("parameter %s=%q: want an integer", name, s)
	}
	return n, nil
}

func boolParam(v url.Values, name string) (bool, error) {
	s := v.Get(name)
	if s == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(s)
	if err != nil {
		return false, badRequest("parameter %s=%q: want true or false", name, s)
	}
	return b, nil
}

// validateRequest enforces the server's limits and fills the page size.
func (s *Server) validateRequest(req *index.Request) error {
	o := &s.opts
	if n := utf8.RuneCountInString(req.Query); n > o.MaxQueryRunes {
		return badRequest("query: %d characters, at most %d allowed", n, o.MaxQueryRunes)
	}
	if err := checkExpansions(req.Query, o.MaxExpansions, req.Lenient); err != nil {
		return err
	}
	if req.Size == 0 {
		req.Size = defaultSize
	}
	switch {
	case req.Size < 0 || req.Size > o.MaxSize:
		return badRequest("size %d: want 1 to %d", req.Size, o.MaxSize)
	case req.From < 0:
		return badRequest("from %d: must not be negative", req.From)
	case req.From+req.Size > o.MaxWindow:
		return badRequest("from+size %d: at most %d; page deeper with search_after", req.From+req.Size, o.MaxWindow)
	case len(req.Filters) > o.MaxFilters:
		return badRequest("%d filters: at most %d", len(req.Filters), o.MaxFilters)
	case len(req.Facets) > o.MaxFacets:
		return badRequest("%d facets: at most %d", len(req.Facets), o.MaxFacets)
	}
	for name, f := range req.Facets {
		if f.Size < 0 || f.Size > o.MaxFacetSize {
			return badRequest("facet %q: size %d, want 0 to %d", name, f.Size, o.MaxFacetSize)
		}
		if f.Auto < 0 || f.Auto > o.MaxFacetSize {
			return badRequest("facet %q: auto %d, want 1 to %d", name, f.Auto, o.MaxFacetSize)
		}
		if f.Interval != 0 && f.Size == 0 { // a histogram has at most MaxFacetSize buckets
			f.Size = o.MaxFacetSize
			req.Facets[name] = f
		}
	}
	if h := req.Highlight; h != nil {
		if h.Fragments < 0 || h.Fragments > o.MaxFragments {
			return badRequest("highlight.fragments %d: want 0 to %d", h.Fragments, o.MaxFragments)
		}
		if h.FragmentSize < 0 || h.FragmentSize > o.MaxFragmentSize {
			return badRequest("highlight.fragment_size %d: want 0 to %d", h.FragmentSize, o.MaxFragmentSize)
		}
	}
	return nil
}

// checkExpansions limits prefix (word*) and fuzzy (word~N) terms, which
// walk the term dictionary: at most max of them, and a prefix needs two
// characters unless lenient (then the index reads it as text). (The index
// also caps how many words one prefix may expand to.)
func checkExpansions(q string, max int, lenient bool) error {
	n := 0
	for _, t := range strings.Fields(q) {
		t = strings.TrimLeft(t, "+-")
		if _, v, ok := strings.Cut(t, ":"); ok {
			t = v
		}
		prefix := strings.HasSuffix(t, "*")
		if !prefix && !strings.Contains(t, "~") {
			continue
		}
		n++
		if prefix && !lenient && utf8.RuneCountInString(strings.Trim(t, `"()*`)) < 2 {
			return errorf(http.StatusBadRequest, "invalid_query", "prefix %q: needs at least two characters before *", t)
		}
	}
	if n > max {
		return errorf(http.StatusBadRequest, "invalid_query", "%d prefix or fuzzy terms: at most %d", n, max)
	}
	return nil
}
