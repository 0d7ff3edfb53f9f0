package server

import (
	"net/http"

	"github.com/fahras/fahras/index"
)

// AliasCatalog is a catalog with aliases: second names of its indexes,
// resolved by Get (FromCatalog's catalog is one). A Server over a catalog
// without them answers the alias routes with 501.
type AliasCatalog interface {
	Aliases() []index.Alias
	// SetAlias creates the alias or points it at another index, in one
	// step.
	SetAlias(name, target string) error
	DeleteAlias(name string) error
}

// AliasList is the answer of GET /v1/aliases.
type AliasList struct {
	Aliases []index.Alias `json:"aliases"`
}

// aliasBody is the body of PUT /v1/aliases/{alias}.
type aliasBody struct {
	Index string `json:"index"`
}

func (s *Server) aliasCatalog() (AliasCatalog, error) {
	ac, ok := s.cat.(AliasCatalog)
	if !ok {
		return nil, errorf(http.StatusNotImplemented, "not_implemented", "this server has no aliases")
	}
	return ac, nil
}

func (s *Server) handleListAliases(w http.ResponseWriter, r *http.Request) {
	ac, err := s.aliasCatalog()
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, AliasList{Aliases: ac.Aliases()})
}

// handlePutAlias creates the alias or moves it: {"index": "NAME"}.
func (s *Server) handlePutAlias(w http.ResponseWriter, r *http.Request) {
	var body aliasBody
	if err := decodeJSON(r, &body); err != nil {
		s.writeError(w, r, err)
		return
	}
	if body.Index == "" {
		s.writeError(w, r, badRequest("the body needs \"index\": the index the alias names"))
		return
	}
	ac, err := s.aliasCatalog()
	if err == nil {
		err = ac.SetAlias(r.PathValue("alias"), body.Index)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, index.Alias{Name: r.PathValue("alias"), Index: body.Index})
}

func (s *Server) handleDeleteAlias(w http.ResponseWriter, r *http.Request) {
	ac, err := s.aliasCatalog()
	if err == nil {
		err = ac.DeleteAlias(r.PathValue("alias"))
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, Deleted{Name: r.PathValue("alias"), Deleted: true})
}
