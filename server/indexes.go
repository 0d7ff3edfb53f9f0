package server

import (
	"context"
	"net/http"

	"github.com/fahras/fahras/index"
)

// IndexInfo describes one index in answers of the index routes.
type IndexInfo struct {
	Name      string       `json:"name"`
	Documents uint64       `json:"documents"`
	SizeBytes int64        `json:"size_bytes"`
	Schema    index.Schema `json:"schema"`
	Shards    int          `json:"shards"` // 1 for an unsharded index
}

// Deleted is the answer of DELETE /v1/indexes/{name}.
type Deleted struct {
	Name    string `json:"name"`
	Deleted bool   `json:"deleted"`
}

// IndexList is the answer of GET /v1/indexes.
type IndexList struct {
	Indexes []IndexInfo `json:"indexes"`
}

func indexInfo(ctx context.Context, ix Index) (IndexInfo, error) {
	st, err := ix.Stats(ctx)
	if err != nil {
		return IndexInfo{}, err
	}
	return IndexInfo{Name: ix.Name(), Documents: st.Documents, SizeBytes: st.SizeBytes, Schema: ix.Schema(), Shards: max(st.Shards, 1)}, nil
}

func (s *Server) handleListIndexes(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := s.withTimeout(r)
	defer cancel()
	out := IndexList{Indexes: []IndexInfo{}}
	c := callerOf(r)
	for _, ix := range s.cat.List() {
		if !c.covers(ix.Name()) {
			continue
		}
		info, err := indexInfo(ctx, ix)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		out.Indexes = append(out.Indexes, c.view(info))
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) handleGetIndex(w http.ResponseWriter, r *http.Request) {
	ix, err := s.cat.Get(r.PathValue("name"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeIndexInfo(w, r, ix, http.StatusOK)
}

// writeIndexInfo answers with the schema, count and size of ix.
func (s *Server) writeIndexInfo(w http.ResponseWriter, r *http.Request, ix Index, status int) {
	ctx, cancel := s.withTimeout(r)
	defer cancel()
	info, err := indexInfo(ctx, ix)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, status, info)
}

// handleCreateIndex creates an index; the body, optional, is its schema.
func (s *Server) handleCreateIndex(w http.ResponseWriter, r *http.Request) {
	var schema index.Schema
	if r.ContentLength != 0 {
		if err := decodeJSON(r, &schema); err != nil && !isEmptyBody(err) {
			s.writeError(w, r, err)
			return
		}
	}
	ix, err := s.cat.Create(r.PathValue("name"), schema)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeIndexInfo(w, r, ix, http.StatusCreated)
}

// handleCompactIndex merges the index into one segment per shard (after a
// bulk load: smaller on disk, faster to search) and answers with its
// schema, count and size. It is bound by the request, not by the server's
// time limit of one index call: a large index takes longer, and a client
// that goes away loses nothing (the index is only left less compact).
func (s *Server) handleCompactIndex(w http.ResponseWriter, r *http.Request) {
	if r.ContentLength != 0 { // no options yet: at most an empty object
		var none struct{}
		if err := decodeJSON(r, &none); err != nil && !isEmptyBody(err) {
			s.writeError(w, r, err)
			return
		}
	}
	ix, err := s.cat.Get(r.PathValue("name"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := ix.Compact(r.Context()); err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeIndexInfo(w, r, ix, http.StatusOK)
}

func (s *Server) handleDropIndex(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	if err := s.cat.Drop(name); err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, Deleted{Name: name, Deleted: true})
}
