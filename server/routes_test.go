package server

import (
	"encoding/json"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/fahras/fahras/apikey"
	"github.com/fahras/fahras/index"
)

func newTextLogger(w io.Writer) *slog.Logger { return slog.New(slog.NewTextHandler(w, nil)) }

// routeAccess is the expected access level of every route. A route added
// to the router but not here fails TestAPIKeyOnEveryRoute, so that no
// write route can slip through without the key.
var routeAccess = map[string]access{
	"GET /":                                    public,
	"GET /assets/{file}":                       public,
	"GET /doc/{name}/{id}":                     public,
	"GET /healthz":                             public,
	"GET /readyz":                              public,
	"GET /v1/openapi.json":                     public,
	"POST /v1/analyze":                         scopeSearch,
	"GET /v1/indexes":                          scopeSearch,
	"GET /v1/indexes/{name}/search":            scopeSearch,
	"POST /v1/indexes/{name}/search":           scopeSearch,
	"POST /v1/multi_search":                    scopeSearch,
	"GET /v1/indexes/{name}":                   scopeDocsRead,
	"GET /v1/indexes/{name}/documents/{id}":    scopeDocsRead,
	"POST /v1/indexes/{name}/documents":        scopeDocsWrite,
	"PUT /v1/indexes/{name}/documents/{id}":    scopeDocsWrite,
	"PATCH /v1/indexes/{name}/documents/{id}":  scopeDocsWrite,
	"DELETE /v1/indexes/{name}/documents/{id}": scopeDocsWrite,
	"POST /v1/indexes/{name}/delete_by_query":  scopeDocsWrite,
	"GET /v1/indexes/{name}/synonyms":          scopeDocsRead,
	"PUT /v1/indexes/{name}/synonyms":          scopeAdmin,
	"DELETE /v1/indexes/{name}/synonyms":       scopeAdmin,
	"PUT /v1/indexes/{name}":                   scopeAdmin,
	"DELETE /v1/indexes/{name}":                scopeAdmin,
	"POST /v1/indexes/{name}/compact":          scopeAdmin,
	"GET /metrics":                             scopeGlobal,
	"POST /v1/keys":                            scopeGlobal,
	"GET /v1/keys":                             scopeGlobal,
	"DELETE /v1/keys/{key}":                    scopeGlobal,
	"GET /v1/cluster":                          scopeGlobal,
	"PUT /v1/cluster/indexes/{name}/shards/{shard}/replicas/{node}": scopeAdmin,
	"GET /v1/aliases":                       scopeGlobal,
	"PUT /v1/aliases/{alias}":               scopeGlobal,
	"DELETE /v1/aliases/{alias}":            scopeGlobal,
	"POST /v1/indexes/{name}/snapshot":      scopeAdmin,
	"GET /v1/snapshots":                     scopeGlobal,
	"POST /v1/snapshots/{snapshot}/restore": scopeGlobal,
	"PATCH /v1/indexes/{name}":              scopeAdmin,
	"GET /v1/tasks":                         scopeAdmin,
	"GET /v1/tasks/{task}":                  scopeAdmin,
}

// concrete turns a path template into a request path.
func concrete(path string) string {
	r := strings.NewReplacer("{name}", "books", "{id}", "b1", "{file}", "app.js", "{key}", "k_1", "{shard}", "0", "{node}", "n1", "{alias}", "live", "{task}", "t1", "{snapshot}", "s1.tar.gz")
	return r.Replace(path)
}

// servedRoutes lists "METHOD /path" for every route of the router, as mux
// reports them (HEAD twins of GET routes left out).
func servedRoutes(t *testing.T, s *Server) []string {
	t.Helper()
	var out []string
	err := s.walkRoutes(func(method, path string) {
		if method != http.MethodHead {
			out = append(out, method+" "+path)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) == 0 {
		t.Fatal("the router reports no routes")
	}
	return out
}

func TestAPIKeyOnEveryRoute(t *testing.T) {
	const key = "s3cret-key"
	for _, publicSearch := range []bool{false, true} {
		s, _ := newFakeServer(t, Options{APIKey: key, PublicSearch: publicSearch})
		for _, rt := range servedRoutes(t, s) {
			level, ok := routeAccess[rt]
			if !ok {
				t.Errorf("route %s has no expected access level in routeAccess", rt)
				continue
			}
			method, path, _ := strings.Cut(rt, " ")
			needsKey := level != public && !(level == scopeSearch && publicSearch)
			t.Run(rt, func(t *testing.T) {
				tests := []struct {
					name   string
					header []string
					denied bool
				}{
					{"no key", nil, needsKey},
					{"wrong bearer", []string{"Authorization", "Bearer nope"}, needsKey},
					{"wrong header key", []string{"X-API-Key", key + "x"}, needsKey},
					{"prefix of key", []string{"X-API-Key", key[:4]}, needsKey},
					{"bearer", []string{"Authorization", "Bearer " + key}, false},
					{"lower-case bearer", []string{"Authorization", "bearer " + key}, false},
					{"header key", []string{"X-API-Key", key}, false},
				}
				for _, tc := range tests {
					resp := call(t, s, method, concrete(path), `{}`, tc.header...)
					if denied := resp.StatusCode == http.StatusUnauthorized; denied != tc.denied {
						t.Errorf("public=%v %s: status %d, denied %v, want %v", publicSearch, tc.name, resp.StatusCode, denied, tc.denied)
					}
					if resp.StatusCode == http.StatusUnauthorized && resp.Header.Get("WWW-Authenticate") == "" {
						t.Errorf("401 without WWW-Authenticate")
					}
				}
			})
		}
	}
}

func TestNoKeyConfiguredOpensEverything(t *testing.T) {
	s, _ := newFakeServer(t, Options{})
	for _, rt := range servedRoutes(t, s) {
		method, path, _ := strings.Cut(rt, " ")
		if resp := call(t, s, method, concrete(path), `{}`); resp.StatusCode == http.StatusUnauthorized {
			t.Errorf("%s: 401 without a configured key", rt)
		}
	}
}

// TestOpenAPIRoutes checks that the OpenAPI document describes exactly the
// routes the router serves.
func TestOpenAPIRoutes(t *testing.T) {
	s, _ := newFakeServer(t, Options{})
	var spec struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(openAPI, &spec); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	if !strings.HasPrefix(spec.OpenAPI, "3.") {
		t.Errorf("openapi = %q, want 3.x", spec.OpenAPI)
	}
	var documented []string
	for path, ops := range spec.Paths {
		for method := range ops {
			if method != "parameters" {
				documented = append(documented, strings.ToUpper(method)+" "+path)
			}
		}
	}
	served := servedRoutes(t, s)
	slices.Sort(documented)
	slices.Sort(served)
	for _, rt := range served {
		if !slices.Contains(documented, rt) {
			t.Errorf("route %s is not in openapi.json", rt)
		}
	}
	for _, rt := range documented {
		if !slices.Contains(served, rt) {
			t.Errorf("openapi.json documents %s, which the router does not serve", rt)
		}
	}
}

// TestOpenAPIRefs checks that every $ref of the document resolves.
func TestOpenAPIRefs(t *testing.T) {
	var spec struct {
		Components struct {
			Schemas map[string]json.RawMessage `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(openAPI, &spec); err != nil {
		t.Fatal(err)
	}
	refs := regexp.MustCompile(`"\$ref":\s*"#/components/schemas/([^"]+)"`).FindAllSubmatch(openAPI, -1)
	if len(refs) == 0 {
		t.Fatal("no $ref found")
	}
	for _, m := range refs {
		if _, ok := spec.Components.Schemas[string(m[1])]; !ok {
			t.Errorf("$ref to undefined schema %s", m[1])
		}
	}
}

// TestOpenAPISchemas checks that the component schemas of the OpenAPI
// document have the JSON fields of the Go types the server reads and
// writes.
func TestOpenAPISchemas(t *testing.T) {
	var spec struct {
		Components struct {
			Schemas map[string]struct {
				Properties map[string]json.RawMessage `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(openAPI, &spec); err != nil {
		t.Fatal(err)
	}
	types := map[string]any{
		"SearchRequest": index.Request{}, "Filter": index.Filter{}, "FacetRequest": index.FacetRequest{},
		"FacetRange": index.FacetRange{}, "Highlight": index.HighlightOptions{}, "SearchResult": index.Result{}, "ShardsStatus": index.ShardsStatus{}, "ShardFailure": index.ShardFailure{},
		"Hit": index.Hit{}, "Match": index.Match{}, "FacetResult": index.FacetResult{}, "FacetBucket": index.FacetBucket{},
		"Field": index.Field{}, "Schema": index.Schema{}, "IndexInfo": IndexInfo{}, "IndexList": IndexList{},
		"DocumentResult": DocumentResult{}, "BulkResult": BulkResult{}, "BulkSummary": BulkSummary{}, "AnalyzeRequest": AnalyzeRequest{},
		"AnalyzeResult": AnalyzeResult{}, "Stage": Stage{}, "Token": Token{}, "Health": Health{}, "Error": ErrorBody{}, "Deleted": Deleted{},
		"DeleteByQueryRequest": DeleteByQueryRequest{}, "DeleteByQueryResult": DeleteByQueryResult{},
		"MultiSearchRequest": MultiSearchRequest{}, "MultiSearchResult": MultiSearchResult{}, "ErrorDetail": ErrorDetail{},
		"Snapshot": Snapshot{}, "SnapshotList": SnapshotList{}, "RestoreRequest": RestoreRequest{}, "AliasList": AliasList{}, "SchemaChange": index.SchemaChange{}, "Task": index.TaskInfo{}, "TaskList": TaskList{}, "SchemaChangeResult": SchemaChangeResult{}, "Alias": index.Alias{},
		"KeyRequest": KeyRequest{}, "KeyList": KeyList{}, "DeletedKey": DeletedKey{}, "Key": apikey.Key{},
		"ClusterStatus": ClusterStatus{}, "ClusterNode": ClusterNode{}, "ClusterIndex": ClusterIndex{}, "ClusterShard": ClusterShard{}, "ClusterReplica": ClusterReplica{},
	}
	for name, v := range types {
		t.Run(name, func(t *testing.T) {
			sc, ok := spec.Components.Schemas[name]
			if !ok {
				t.Fatalf("no component schema %s", name)
			}
			var want []string
			for f := range reflect.TypeOf(v).Fields() {
				n, _, _ := strings.Cut(f.Tag.Get("json"), ",")
				want = append(want, n)
			}
			got := slices.Sorted(maps.Keys(sc.Properties))
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("schema %s has properties %q, the Go type has %q", name, got, want)
			}
		})
	}
}

// TestOpenAPISecurity checks that the OpenAPI document says which routes
// answer without a key: the public ones always (no security), the search
// routes under -public-search (an empty requirement among the others).
func TestOpenAPISecurity(t *testing.T) {
	var spec struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(openAPI, &spec); err != nil {
		t.Fatal(err)
	}
	for path, ops := range spec.Paths {
		for method, raw := range ops {
			if method == "parameters" {
				continue
			}
			rt := strings.ToUpper(method) + " " + path
			var op struct {
				Security []map[string]any `json:"security"`
			}
			if err := json.Unmarshal(raw, &op); err != nil {
				t.Fatal(err)
			}
			anonymous := slices.ContainsFunc(op.Security, func(s map[string]any) bool { return len(s) == 0 })
			switch level := routeAccess[rt]; {
			case level == public && op.Security == nil:
				t.Errorf("%s: public, but its security is the document's default (a key)", rt)
			case level == public && len(op.Security) > 0:
				t.Errorf("%s: public, but its security asks for a key", rt)
			case level != public && anonymous != (level == scopeSearch):
				t.Errorf("%s: needs %s; the document says it answers without a key: %v", rt, level, anonymous)
			}
		}
	}
}

// TestScopesOnEveryRoute sends a request to every route with a key of each
// scope: a key may use exactly the routes of its scope (admin: all), on
// the indexes it lists; the others answer 403.
func TestScopesOnEveryRoute(t *testing.T) {
	store, err := apikey.Open(t.TempDir()+"/keys.json", index.ValidateName)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := newFakeServer(t, Options{APIKey: "adm", Keys: store})
	mk := func(spec apikey.Spec) string {
		secret, _, err := store.Create(spec, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		return secret
	}
	keys := []struct {
		name   string
		secret string
		allows func(level access, path string) bool
	}{
		{"search", mk(apikey.Spec{Scopes: []apikey.Scope{apikey.Search}}), func(l access, _ string) bool { return l == scopeSearch }},
		{"documents:read", mk(apikey.Spec{Scopes: []apikey.Scope{apikey.DocumentsRead}}), func(l access, _ string) bool { return l == scopeDocsRead }},
		{"documents:write", mk(apikey.Spec{Scopes: []apikey.Scope{apikey.DocumentsWrite}}), func(l access, _ string) bool { return l == scopeDocsWrite }},
		{"admin", mk(apikey.Spec{Scopes: []apikey.Scope{apikey.Admin}}), func(access, string) bool { return true }},
		{"admin of another index", mk(apikey.Spec{Scopes: []apikey.Scope{apikey.Admin}, Indexes: []string{"other"}}),
			func(l access, path string) bool { return l != scopeGlobal && !strings.Contains(path, "{name}") }},
	}
	for _, rt := range servedRoutes(t, s) {
		level := routeAccess[rt]
		if level == public {
			continue
		}
		method, path, _ := strings.Cut(rt, " ")
		for _, k := range keys {
			resp := call(t, s, method, concrete(path), `{}`, "X-API-Key", k.secret)
			if resp.StatusCode == http.StatusUnauthorized {
				t.Errorf("%s with the %s key: 401, the key is valid", rt, k.name)
				continue
			}
			if denied, want := resp.StatusCode == http.StatusForbidden, !k.allows(level, path); denied != want {
				t.Errorf("%s (%s) with the %s key: status %d, want denied %v", rt, level, k.name, resp.StatusCode, want)
			} else if denied && errorCode(t, resp) != "forbidden" {
				t.Errorf("%s with the %s key: 403 without the forbidden code", rt, k.name)
			}
		}
	}
}
