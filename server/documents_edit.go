package server

import (
	"context"
	"errors"
	"net/http"

	"github.com/fahras/fahras/index"
)

// handlePatchDocument merges the JSON object of the body into the stored
// document (a field set to null is removed) and reindexes it: a partial
// update. It answers with the merged document.
func (s *Server) handlePatchDocument(w http.ResponseWriter, r *http.Request) {
	ix, id, err := s.docTarget(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var patch index.Document
	if err := decodeJSON(r, &patch); err != nil {
		s.writeError(w, r, err)
		return
	}
	if patch == nil {
		s.writeError(w, r, badRequest("request body: want a JSON object, got null"))
		return
	}
	ctx, cancel := s.withTimeout(r)
	defer cancel()
	doc, err := ix.Update(ctx, id, patch)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.metrics.addIndexed(ix.Name(), 1)
	writeJSON(w, http.StatusOK, DocumentResult{Index: ix.Name(), ID: id, Document: doc})
}

// DeleteByQueryRequest is the body of delete_by_query: the query and
// filters of a search request, nothing else.
type DeleteByQueryRequest struct {
	Query      string         `json:"query"`
	All        bool           `json:"all,omitempty"`
	Diacritics bool           `json:"diacritics,omitempty"`
	Filters    []index.Filter `json:"filters,omitempty"`
}

// DeleteByQueryResult is the answer of delete_by_query.
type DeleteByQueryResult struct {
	Index   string `json:"index"`
	Deleted int    `json:"deleted"`
}

// handleDeleteByQuery deletes every document that matches the query and
// filters of the body, in the search's query language.
func (s *Server) handleDeleteByQuery(w http.ResponseWriter, r *http.Request) {
	ix, err := s.cat.Get(r.PathValue("name"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var body DeleteByQueryRequest
	if err := decodeJSON(r, &body); err != nil {
		s.writeError(w, r, err)
		return
	}
	req := index.Request{Query: body.Query, All: body.All, Diacritics: body.Diacritics, Filters: body.Filters}
	if err := s.validateRequest(&req); err != nil {
		s.writeError(w, r, err)
		return
	}
	ctx, cancel := s.withTimeout(r)
	defer cancel()
	n, err := ix.DeleteByQuery(ctx, req)
	if err != nil && n > 0 && errors.Is(err, context.DeadlineExceeded) {
		err = errorf(http.StatusGatewayTimeout, "timeout", "the time limit was reached after deleting %d of the matches: run the request again to delete the rest", n)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, DeleteByQueryResult{Index: ix.Name(), Deleted: n})
}
