package server

import (
	"errors"
	"net/http"
	"time"

	"github.com/fahras/fahras/apikey"
)

// KeyRequest is the body of POST /v1/keys.
type KeyRequest struct {
	Name    string         `json:"name,omitempty"`
	Scopes  []apikey.Scope `json:"scopes"`
	Indexes []string       `json:"indexes,omitempty"`
	// ExpiresAt (RFC 3339) or ExpiresIn (a Go duration such as "720h")
	// ends the key's life; neither: it does not expire.
	ExpiresAt *time.Time `json:"expires_at,omitempty"`
	ExpiresIn string     `json:"expires_in,omitempty"`
}

// CreatedKey is the answer of POST /v1/keys: the secret, shown this once,
// and the key.
type CreatedKey struct {
	Secret string `json:"key"`
	apikey.Key
}

// KeyList is the answer of GET /v1/keys (without secrets).
type KeyList struct {
	Keys []apikey.Key `json:"keys"`
}

// DeletedKey is the answer of DELETE /v1/keys/{key}.
type DeletedKey struct {
	ID      string `json:"id"`
	Deleted bool   `json:"deleted"`
}

// keyStore returns the store of scoped keys, or the error saying why there
// is none to use.
func (s *Server) keyStore() (*apikey.Store, error) {
	switch {
	case s.opts.Keys == nil:
		return nil, errorf(http.StatusNotImplemented, "not_configured", "this server has no key file: start it with -keys FILE (with -data DIR it is DIR/keys.json)")
	case s.opts.APIKey == "":
		return nil, errorf(http.StatusConflict, "no_admin_key", "keys are checked only when the server has an admin key: start it with -api-key KEY")
	}
	return s.opts.Keys, nil
}

func (s *Server) handleCreateKey(w http.ResponseWriter, r *http.Request) {
	var req KeyRequest
	if err := decodeJSON(r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	store, err := s.keyStore()
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	now := s.opts.Now()
	spec := apikey.Spec{Name: req.Name, Scopes: req.Scopes, Indexes: req.Indexes, ExpiresAt: req.ExpiresAt}
	if req.ExpiresIn != "" {
		d, err := time.ParseDuration(req.ExpiresIn)
		switch {
		case err != nil:
			s.writeError(w, r, badRequest("expires_in %q: want a duration such as 720h or 30m", req.ExpiresIn))
			return
		case req.ExpiresAt != nil:
			s.writeError(w, r, badRequest("give expires_at or expires_in, not both"))
			return
		}
		at := now.Add(d).UTC().Truncate(time.Second)
		spec.ExpiresAt = &at
	}
	secret, k, err := store.Create(spec, now)
	if err != nil {
		s.writeError(w, r, keyError(err))
		return
	}
	writeJSON(w, http.StatusCreated, CreatedKey{Secret: secret, Key: k})
}

func (s *Server) handleListKeys(w http.ResponseWriter, r *http.Request) {
	store, err := s.keyStore()
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, KeyList{Keys: store.List()})
}

func (s *Server) handleDeleteKey(w http.ResponseWriter, r *http.Request) {
	store, err := s.keyStore()
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	id := r.PathValue("key")
	if err := store.Delete(id); err != nil {
		s.writeError(w, r, keyError(err))
		return
	}
	writeJSON(w, http.StatusOK, DeletedKey{ID: id, Deleted: true})
}

// keyError maps the errors of package apikey to the index sentinels that
// decide statuses.
func keyError(err error) error {
	switch {
	case errors.Is(err, apikey.ErrInvalid):
		return errorf(http.StatusBadRequest, "invalid", "%v", err)
	case errors.Is(err, apikey.ErrNotFound):
		return errorf(http.StatusNotFound, "not_found", "%v", err)
	}
	return err
}
