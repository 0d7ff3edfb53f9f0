package server

import (
	"fmt"
	"net/http"

	"github.com/fahras/fahras/index"
)

// DocumentResult is the answer of the single-document write routes.
type DocumentResult struct {
	Index   string `json:"index"`
	ID      string `json:"id"`
	Deleted bool   `json:"deleted,omitempty"`
	// Document is the stored document after a PATCH.
	Document index.Document `json:"document,omitempty"`
}

// docTarget returns the index and the document id of a document route.
func (s *Server) docTarget(r *http.Request) (Index, string, error) {
	ix, err := s.cat.Get(r.PathValue("name"))
	if err != nil {
		return nil, "", err
	}
	id := r.PathValue("id")
	if id == "" || len(id) > 512 {
		return nil, "", badRequest("document id: want 1 to 512 bytes")
	}
	return ix, id, nil
}

func (s *Server) handleGetDocument(w http.ResponseWriter, r *http.Request) {
	ix, id, err := s.docTarget(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	ctx, cancel := s.withTimeout(r)
	defer cancel()
	doc, err := ix.Get(ctx, id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, doc)
}

// handlePutDocument stores the JSON object of the body under the id of the
// path; an "id" in the body, if any, must be the same.
func (s *Server) handlePutDocument(w http.ResponseWriter, r *http.Request) {
	ix, id, err := s.docTarget(r)
	if err == nil {
		r, err = withWaitOr(r)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var doc index.Document
	if err := decodeJSON(r, &doc); err != nil {
		s.writeError(w, r, err)
		return
	}
	if doc == nil {
		s.writeError(w, r, badRequest("request body: want a JSON object, got null"))
		return
	}
	if v, ok := doc["id"]; ok && fmt.Sprint(v) != id {
		s.writeError(w, r, badRequest("document id %q in the body differs from %q in the path", fmt.Sprint(v), id))
		return
	}
	doc["id"] = id
	ctx, cancel := s.withTimeout(r)
	defer cancel()
	got, err := ix.Put(ctx, doc)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.metrics.addIndexed(ix.Name(), 1)
	writeJSON(w, http.StatusOK, DocumentResult{Index: ix.Name(), ID: got})
}

func (s *Server) handleDeleteDocument(w http.ResponseWriter, r *http.Request) {
	ix, id, err := s.docTarget(r)
	if err == nil {
		r, err = withWaitOr(r)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	ctx, cancel := s.withTimeout(r)
	defer cancel()
	if err := ix.Delete(ctx, id); err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, DocumentResult{Index: ix.Name(), ID: id, Deleted: true})
}
