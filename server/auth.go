package server

import (
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/fahras/fahras/apikey"
	"github.com/fahras/fahras/index"
)

// Who may call a route. With an admin key configured (Options.APIKey),
// every route but the public ones needs a key: the admin key, which may do
// everything, or a key of Options.Keys whose scopes include the route's
// and whose indexes include the index of the path. PublicSearch opens the
// search routes (and only those) to callers without a key. A request
// without a valid key gets 401; one whose key may not do what it asks,
// 403.

// access is what a route needs.
type access int

const (
	public         access = iota // always open: page, health, OpenAPI
	scopeSearch                  // search, multi-search, analyze, the index list; open with PublicSearch
	scopeDocsRead                // stored documents and schemas
	scopeDocsWrite               // document writes, bulk, delete by query
	scopeAdmin                   // creating, changing and dropping indexes
	scopeGlobal                  // admin of every index: keys, metrics

	// read and write are the levels of the routes written before scoped
	// keys, kept so that such routes need no edit: read is what stored
	// documents and schemas need (no longer open under PublicSearch),
	// write what changing an index needs.
	read  = scopeDocsRead
	write = scopeAdmin
)

func (a access) String() string {
	return [...]string{"public", "search", "documents:read", "documents:write", "admin", "admin of every index"}[a]
}

// scope is the key scope that grants a.
func (a access) scope() apikey.Scope {
	switch a {
	case scopeSearch:
		return apikey.Search
	case scopeDocsRead:
		return apikey.DocumentsRead
	case scopeDocsWrite:
		return apikey.DocumentsWrite
	}
	return apikey.Admin
}

// caller is who sent a request, as authorize found: everything when no
// admin key is configured, the key it presented, or an anonymous caller
// of the search routes under PublicSearch.
type caller struct {
	open      bool // no admin key configured: no checks
	anonymous bool
	key       apikey.Key
}

// adminKey is the key of Options.APIKey.
var adminKey = apikey.Key{ID: "admin", Scopes: []apikey.Scope{apikey.Admin}}

// callerOf returns the caller of the request whose context is ctx.
func callerOf(r *http.Request) caller {
	c, _ := r.Context().Value(callerKey).(caller)
	return c
}

// covers reports whether c may use the index name.
func (c caller) covers(name string) bool { return c.open || c.anonymous || c.key.Covers(name) }

// has reports whether c has scope s.
func (c caller) has(s apikey.Scope) bool { return c.open || !c.anonymous && c.key.Has(s) }

// indexAllowed returns the 403 error for an index c may not use.
func (c caller) indexAllowed(name string) error {
	if c.covers(name) {
		return nil
	}
	return errorf(http.StatusForbidden, "forbidden", "the API key %s may not use index %q (it may use %s)", c.key.ID, name, strings.Join(c.key.Indexes, ", "))
}

// presentedKey returns the key of r: X-API-Key, or a bearer token.
func presentedKey(r *http.Request) string {
	key := r.Header.Get("X-API-Key")
	if h := r.Header.Get("Authorization"); key == "" && len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		key = strings.TrimSpace(h[7:])
	}
	return key
}

// isAdminKey compares key with the admin key; comparing digests keeps the
// time independent of the key's length.
func (s *Server) isAdminKey(key string) bool {
	got, want := sha256.Sum256([]byte(key)), sha256.Sum256([]byte(s.opts.APIKey))
	return key != "" && subtle.ConstantTimeCompare(got[:], want[:]) == 1
}

// authorize decides whether r may use a route that needs a.
func (s *Server) authorize(r *http.Request, a access) (caller, error) {
	if s.opts.APIKey == "" {
		return caller{open: true}, nil
	}
	if a == public {
		return caller{anonymous: true}, nil
	}
	key := presentedKey(r)
	if s.isAdminKey(key) {
		return caller{key: adminKey}, nil
	}
	var lookupErr error = apikey.ErrUnknown
	if key != "" && s.opts.Keys != nil {
		k, err := s.opts.Keys.Lookup(key, s.opts.Now())
		if err == nil {
			return caller{key: k}, s.keyAllows(r, k, a)
		}
		lookupErr = err
	}
	if a == scopeSearch && s.opts.PublicSearch {
		return caller{anonymous: true}, nil
	}
	switch {
	case key == "":
		return caller{}, errorf(http.StatusUnauthorized, "unauthorized", "this route needs an API key with the %s scope (Authorization: Bearer KEY or X-API-Key: KEY)", a.scope())
	case errors.Is(lookupErr, apikey.ErrExpired):
		return caller{}, errorf(http.StatusUnauthorized, "unauthorized", "the API key expired: %v", lookupErr)
	}
	return caller{}, errorf(http.StatusUnauthorized, "unauthorized", "unknown API key")
}

// keyAllows returns the 403 error when key k may not use the route of r.
func (s *Server) keyAllows(r *http.Request, k apikey.Key, a access) error {
	if !k.Has(a.scope()) {
		return errorf(http.StatusForbidden, "forbidden", "the API key %s has the scopes %s; %s %s needs %s", k.ID, scopeNames(k.Scopes), r.Method, r.URL.Path, a.scope())
	}
	if a == scopeGlobal && !k.AllIndexes() {
		return errorf(http.StatusForbidden, "forbidden", "the API key %s is limited to some indexes; %s %s needs an admin key for every index", k.ID, r.Method, r.URL.Path)
	}
	if name := r.PathValue("name"); name != "" {
		return caller{key: k}.indexAllowed(name)
	}
	return nil
}

func scopeNames(scopes []apikey.Scope) string {
	out := make([]string, len(scopes))
	for i, s := range scopes {
		out[i] = string(s)
	}
	slices.Sort(out)
	return strings.Join(out, ", ")
}

// view returns what c may see of an index in the index list: everything
// with the documents:read scope; else (search-only keys, PublicSearch) the
// name, the document count and the fields a search request may name in
// filters, facets and sorts, with their type and flags.
func (c caller) view(info IndexInfo) IndexInfo {
	if c.has(apikey.DocumentsRead) {
		return info
	}
	out := IndexInfo{Name: info.Name, Documents: info.Documents, Shards: info.Shards}
	for _, f := range info.Schema.Fields {
		if f.Facet || f.Filter || f.Sort {
			out.Schema.Fields = append(out.Schema.Fields, index.Field{Name: f.Name, Type: f.Type, Facet: f.Facet, Filter: f.Filter, Sort: f.Sort})
		}
	}
	return out
}
