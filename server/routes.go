package server

// This is the only file that imports gorilla/mux.

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/gorilla/mux"
)

// route is one entry of the routing table.
type route struct {
	method, path string
	name         string // metrics label and log field
	access       access
	handler      http.HandlerFunc
}

// routes is the routing table of the API and the page.
func (s *Server) routes() []route {
	return []route{
		{"GET", "/", "page", public, s.handlePage},
		{"GET", "/assets/{file}", "asset", public, s.handleAsset},
		{"GET", "/doc/{name}/{id}", "doc_page", public, s.handleDocPage},
		{"GET", "/healthz", "healthz", public, s.handleHealth},
		{"GET", "/readyz", "readyz", public, s.handleReady},
		{"GET", "/metrics", "metrics", scopeGlobal, s.handleMetrics},
		{"GET", "/v1/openapi.json", "openapi", public, s.handleOpenAPI},
		{"POST", "/v1/analyze", "analyze", scopeSearch, s.handleAnalyze},
		{"GET", "/v1/indexes", "list_indexes", scopeSearch, s.handleListIndexes},
		{"PUT", "/v1/indexes/{name}", "create_index", scopeAdmin, s.handleCreateIndex},
		{"GET", "/v1/indexes/{name}", "get_index", scopeDocsRead, s.handleGetIndex},
		{"DELETE", "/v1/indexes/{name}", "drop_index", scopeAdmin, s.handleDropIndex},
		{"POST", "/v1/indexes/{name}/compact", "compact_index", scopeAdmin, s.handleCompactIndex},
		{"GET", "/v1/indexes/{name}/search", "search", scopeSearch, s.handleSearchGet},
		{"POST", "/v1/indexes/{name}/search", "search", scopeSearch, s.handleSearchPost},
		{"POST", "/v1/indexes/{name}/documents", "bulk", scopeDocsWrite, s.handleBulk},
		{"GET", "/v1/indexes/{name}/documents/{id}", "get_document", scopeDocsRead, s.handleGetDocument},
		{"PUT", "/v1/indexes/{name}/documents/{id}", "put_document", scopeDocsWrite, s.handlePutDocument},
		{"DELETE", "/v1/indexes/{name}/documents/{id}", "delete_document", scopeDocsWrite, s.handleDeleteDocument},
		{"GET", "/v1/indexes/{name}/synonyms", "get_synonyms", scopeDocsRead, s.handleGetSynonyms},
		{"PUT", "/v1/indexes/{name}/synonyms", "put_synonyms", scopeAdmin, s.handlePutSynonyms},
		{"DELETE", "/v1/indexes/{name}/synonyms", "delete_synonyms", scopeAdmin, s.handleDeleteSynonyms},
		// Partial updates, delete by query (documents_edit.go).
		{"PATCH", "/v1/indexes/{name}/documents/{id}", "patch_document", scopeDocsWrite, s.handlePatchDocument},
		{"POST", "/v1/indexes/{name}/delete_by_query", "delete_by_query", scopeDocsWrite, s.handleDeleteByQuery},
		// Several searches in one request (multisearch.go).
		{"POST", "/v1/multi_search", "multi_search", scopeSearch, s.handleMultiSearch},
		// Scoped API keys (keys.go).
		{"POST", "/v1/keys", "create_key", scopeGlobal, s.handleCreateKey},
		{"GET", "/v1/keys", "list_keys", scopeGlobal, s.handleListKeys},
		{"DELETE", "/v1/keys/{key}", "delete_key", scopeGlobal, s.handleDeleteKey},
		// Aliases, schema changes and reindex tasks, snapshots (aliases.go,
		// schema_change.go, tasks.go, snapshot.go).
		{"PATCH", "/v1/indexes/{name}", "change_schema", scopeAdmin, s.handleChangeSchema},
		{"GET", "/v1/tasks", "list_tasks", scopeAdmin, s.handleListTasks},
		{"GET", "/v1/tasks/{task}", "get_task", scopeAdmin, s.handleGetTask},
		{"GET", "/v1/aliases", "list_aliases", scopeGlobal, s.handleListAliases},
		{"PUT", "/v1/aliases/{alias}", "put_alias", scopeGlobal, s.handlePutAlias},
		{"DELETE", "/v1/aliases/{alias}", "delete_alias", scopeGlobal, s.handleDeleteAlias},
		{"POST", "/v1/indexes/{name}/snapshot", "snapshot_index", scopeAdmin, s.handleSnapshot},
		{"GET", "/v1/snapshots", "list_snapshots", scopeGlobal, s.handleListSnapshots},
		{"POST", "/v1/snapshots/{snapshot}/restore", "restore_snapshot", scopeGlobal, s.handleRestore},
		// A cluster's state and replicas (cluster.go; 404 not_a_cluster on one machine).
		{"GET", "/v1/cluster", "cluster", scopeGlobal, s.handleCluster},
		{"PUT", "/v1/cluster/indexes/{name}/shards/{shard}/replicas/{node}", "add_replica", scopeAdmin, s.handleAddReplica},
	}
}

// newRouter builds the mux router from the routing table.
func (s *Server) newRouter() http.Handler {
	r := mux.NewRouter()
	r.UseEncodedPath() // document ids may contain an escaped '/'
	// No path cleaning: mux would answer "PUT .../documents/.." with a 301
	// to the index, which clients follow as a GET that succeeds, so the
	// write would be lost without an error. Unclean paths reach the
	// handlers, which refuse bad index names; ids are keys, not paths.
	r.SkipClean(true)
	for _, rt := range s.routes() {
		methods := []string{rt.method}
		if rt.method == http.MethodGet {
			methods = append(methods, http.MethodHead)
		}
		r.Handle(rt.path, withPathValues(s.instrument(rt.name, rt.access, rt.handler))).Methods(methods...)
	}
	r.NotFoundHandler = s.instrument("unmatched", public, func(w http.ResponseWriter, r *http.Request) {
		s.writeError(w, r, errorf(http.StatusNotFound, "no_route", "no route for %s %s", r.Method, r.URL.Path))
	})
	r.MethodNotAllowedHandler = s.instrument("unmatched", public, func(w http.ResponseWriter, req *http.Request) {
		allow := allowedMethods(r, req)
		w.Header().Set("Allow", strings.Join(allow, ", "))
		s.writeError(w, req, errorf(http.StatusMethodNotAllowed, "method_not_allowed", "%s is not allowed on %s: use %s", req.Method, req.URL.Path, strings.Join(allow, ", ")))
	})
	return r
}

// readMethods returns the methods that read, among those served on the
// path of req: the Allow header of a 405 read_only (a write to an index
// opened read-only).
func (s *Server) readMethods(req *http.Request) []string {
	var read []string
	for _, m := range allowedMethods(s.router.(*mux.Router), req) {
		if m == http.MethodGet || m == http.MethodHead {
			read = append(read, m)
		}
	}
	return read
}

// allowedMethods returns the methods the routes of r serve on the path of
// req, sorted (the Allow header of a 405).
func allowedMethods(r *mux.Router, req *http.Request) []string {
	var allow []string
	r.Walk(func(rt *mux.Route, _ *mux.Router, _ []*mux.Route) error {
		methods, err := rt.GetMethods()
		if err != nil {
			return nil
		}
		for _, m := range methods {
			probe := req.Clone(req.Context())
			probe.Method = m
			var match mux.RouteMatch
			if rt.Match(probe, &match) && match.MatchErr == nil && !slices.Contains(allow, m) {
				allow = append(allow, m)
			}
		}
		return nil
	})
	slices.Sort(allow)
	return allow
}

// withPathValues copies mux's path variables into the request's standard
// path values, so that handlers read them with r.PathValue and never see
// mux. Variables are unescaped (the router matches the encoded path).
func withPathValues(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for k, v := range mux.Vars(r) {
			r.SetPathValue(k, unescapePath(v))
		}
		next.ServeHTTP(w, r)
	})
}

func unescapePath(v string) string {
	if u, err := url.PathUnescape(v); err == nil {
		return u
	}
	return v
}

// walkRoutes calls fn for every method and path template the router
// serves, as the router itself reports them.
func (s *Server) walkRoutes(fn func(method, path string)) error {
	return s.router.(*mux.Router).Walk(func(rt *mux.Route, _ *mux.Router, _ []*mux.Route) error {
		path, err := rt.GetPathTemplate()
		if err != nil {
			return err
		}
		methods, err := rt.GetMethods()
		if err != nil {
			return err
		}
		for _, m := range methods {
			fn(m, path)
		}
		return nil
	})
}
