package server

import (
	"fmt"
	"net/http"

	"github.com/fahras/fahras/index"
)

// synonymIndex is an index whose synonym sets can be read and replaced at
// query time (*index.Index is one).
type synonymIndex interface {
	Synonyms() [][]string
	SetSynonyms(sets [][]string) error
}

// Synonyms is the body of the synonyms routes.
type Synonyms struct {
	Synonyms [][]string `json:"synonyms"`
}

// synonymsOf returns the named index as a synonymIndex.
func (s *Server) synonymsOf(r *http.Request) (synonymIndex, error) {
	ix, err := s.cat.Get(r.PathValue("name"))
	if err != nil {
		return nil, err
	}
	si, ok := ix.(synonymIndex)
	if !ok {
		return nil, fmt.Errorf("index %s: %w: it has no synonyms", ix.Name(), index.ErrInvalid)
	}
	return si, nil
}

func (s *Server) handleGetSynonyms(w http.ResponseWriter, r *http.Request) {
	si, err := s.synonymsOf(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, Synonyms{Synonyms: nonNil(si.Synonyms())})
}

// handlePutSynonyms replaces the synonym sets: {"synonyms": [["سيارة", "موتر"], ...]}.
func (s *Server) handlePutSynonyms(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Synonyms *[][]string `json:"synonyms"`
	}
	if err := decodeJSON(r, &body); err != nil {
		s.writeError(w, r, err)
		return
	}
	if body.Synonyms == nil {
		s.writeError(w, r, fmt.Errorf("%w: the body needs \"synonyms\": a list of sets of words", index.ErrInvalid))
		return
	}
	si, err := s.synonymsOf(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := si.SetSynonyms(*body.Synonyms); err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, Synonyms{Synonyms: nonNil(si.Synonyms())})
}

func (s *Server) handleDeleteSynonyms(w http.ResponseWriter, r *http.Request) {
	si, err := s.synonymsOf(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := si.SetSynonyms(nil); err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, Synonyms{Synonyms: [][]string{}})
}

func nonNil(sets [][]string) [][]string {
	if sets == nil {
		return [][]string{}
	}
	return sets
}
