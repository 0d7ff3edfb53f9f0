package server

import (
	"context"
	"net/http"
	"runtime"
	"sync"

	"github.com/fahras/fahras/index"
)

// MultiSearchRequest is the body of POST /v1/multi_search: several search
// requests, each on the index it names, answered in one response.
type MultiSearchRequest struct {
	Searches []MultiSearchQuery `json:"searches"`
}

// MultiSearchQuery is one search of a multi-search: the index and the
// fields of a search request.
type MultiSearchQuery struct {
	Index string `json:"index"`
	index.Request
}

// MultiSearchResult holds one answer per search, in the order of the
// request.
type MultiSearchResult struct {
	Results []SearchAnswer `json:"results"`
}

// SearchAnswer is the answer to one search of a multi-search: its index
// and status, then the fields of a search result (status 200) or the
// error. One failing search does not fail the others.
type SearchAnswer struct {
	Index  string       `json:"index"`
	Status int          `json:"status"`
	Error  *ErrorDetail `json:"error,omitempty"`
	*index.Result
}

// handleMultiSearch runs the searches of the body, at most as many at once
// as there are CPUs, each bounded by the request's timeout.
func (s *Server) handleMultiSearch(w http.ResponseWriter, r *http.Request) {
	var body MultiSearchRequest
	if err := decodeJSON(r, &body); err != nil {
		s.writeError(w, r, err)
		return
	}
	switch n := len(body.Searches); {
	case n == 0:
		s.writeError(w, r, badRequest("searches: want 1 to %d searches, got none", s.opts.MaxMultiSearch))
		return
	case n > s.opts.MaxMultiSearch:
		s.writeError(w, r, badRequest("searches: %d searches, at most %d", n, s.opts.MaxMultiSearch))
		return
	}
	ctx, cancel := s.withTimeout(r)
	defer cancel()
	out := MultiSearchResult{Results: make([]SearchAnswer, len(body.Searches))}
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i, q := range body.Searches {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			out.Results[i] = s.searchOne(ctx, r, q)
		})
	}
	wg.Wait()
	writeJSON(w, http.StatusOK, out)
}

// searchOne runs one search of a multi-search.
func (s *Server) searchOne(ctx context.Context, r *http.Request, q MultiSearchQuery) SearchAnswer {
	res, err := s.runSearch(ctx, r, q.Index, q.Request)
	if err != nil {
		status, code, msg := errorStatus(err)
		if status >= 500 {
			s.log.ErrorContext(ctx, "multi-search failed", "request_id", requestID(ctx), "index", q.Index, "error", err)
		}
		return SearchAnswer{Index: q.Index, Status: status, Error: &ErrorDetail{Code: code, Message: msg}}
	}
	return SearchAnswer{Index: q.Index, Status: http.StatusOK, Result: res}
}
