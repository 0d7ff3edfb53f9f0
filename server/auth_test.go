package server

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fahras/fahras/apikey"
	"github.com/fahras/fahras/index"
)

// keysServer serves the news index and the quran index of the fixtures with
// the admin key testKey, a key file and a clock the test moves.
func keysServer(t *testing.T, publicSearch bool) (base string, clock *atomic.Pointer[time.Time], keyFile string) {
	t.Helper()
	cat := mustNewsCatalog(t)
	raw := `{"id": "2:255", "title": "البقرة", "text": "ٱللَّهُ لَآ إِلَٰهَ إِلَّا هُوَ ٱلۡحَيُّ ٱلۡقَيُّومُ"}`
	quran, err := cat.Create("quran", index.Schema{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := quran.BulkNDJSON(t.Context(), strings.NewReader(raw), "verse", index.BulkOptions{}, nil); err != nil {
		t.Fatal(err)
	}
	keyFile = filepath.Join(t.TempDir(), "keys.json")
	store, err := apikey.Open(keyFile, index.ValidateName)
	if err != nil {
		t.Fatal(err)
	}
	clock = &atomic.Pointer[time.Time]{}
	start := time.Date(2026, 12, 3, 8, 0, 0, 0, time.UTC)
	clock.Store(&start)
	ts, _ := mustServe(t, cat, Options{APIKey: testKey, Keys: store, PublicSearch: publicSearch, Now: func() time.Time { return *clock.Load() }})
	return ts.URL, clock, keyFile
}

// newKey creates a key over the API with the admin key.
func newKey(t *testing.T, base, body string) CreatedKey {
	t.Helper()
	var k CreatedKey
	if status, raw := secDo(t, "POST", base+"/v1/keys", body, "Authorization", "Bearer "+testKey); status != http.StatusCreated || json.Unmarshal(raw, &k) != nil {
		t.Fatalf("POST /v1/keys %s: %d %s", body, status, raw)
	}
	return k
}

// authCase is one request with a key and the answer it must get.
type authCase struct {
	key, method, path, body string
	status                  int
	code                    string // of the JSON error; "" for a success
}

func checkAuth(t *testing.T, base string, tests []authCase) {
	t.Helper()
	for _, tt := range tests {
		var header []string
		if tt.key != "" {
			header = []string{"X-API-Key", tt.key}
		}
		status, raw := secDo(t, tt.method, base+tt.path, tt.body, header...)
		var e ErrorBody
		json.Unmarshal(raw, &e)
		if status != tt.status || e.Error.Code != tt.code {
			t.Errorf("%s %s with key %.12s: %d %s, want %d %q", tt.method, tt.path, tt.key, status, raw, tt.status, tt.code)
		}
	}
}

func TestKeyScopes(t *testing.T) {
	base, _, _ := keysServer(t, false)
	search := newKey(t, base, `{"name": "the page", "scopes": ["search"], "indexes": ["news"]}`).Secret
	reader := newKey(t, base, `{"scopes": ["documents:read"]}`).Secret
	writer := newKey(t, base, `{"scopes": ["documents:write"], "indexes": ["news"]}`).Secret
	newsAdmin := newKey(t, base, `{"scopes": ["admin"], "indexes": ["news"]}`).Secret
	q := "/v1/indexes/news/search?q=" + "%D8%A7%D9%84%D8%AE%D8%A7%D8%B1%D8%AC%D9%8A%D8%A9" // الخارجية
	checkAuth(t, base, []authCase{
		{"", "GET", q, "", 401, "unauthorized"},
		{"fhr_nope", "GET", q, "", 401, "unauthorized"},
		{search, "GET", q, "", 200, ""},
		{search, "POST", "/v1/analyze", `{"text": "الكتاب"}`, 200, ""},
		{search, "GET", "/v1/indexes/quran/search?q=x", "", 403, "forbidden"},
		{search, "GET", "/v1/indexes/news/documents/d01", "", 403, "forbidden"},
		{search, "GET", "/v1/indexes/news", "", 403, "forbidden"},
		{search, "PUT", "/v1/indexes/news/documents/d99", `{"title": "x"}`, 403, "forbidden"},
		{search, "GET", "/metrics", "", 403, "forbidden"},
		{reader, "GET", "/v1/indexes/quran/documents/2:255", "", 200, ""},
		{reader, "GET", "/v1/indexes/news", "", 200, ""},
		{reader, "GET", q, "", 403, "forbidden"},
		{reader, "DELETE", "/v1/indexes/news/documents/d01", "", 403, "forbidden"},
		{writer, "PATCH", "/v1/indexes/news/documents/d01", `{"year": 2030}`, 200, ""},
		{writer, "POST", "/v1/indexes/news/delete_by_query", `{"query": "year:2030"}`, 200, ""},
		{writer, "PUT", "/v1/indexes/quran/documents/1:1", `{"text": "x"}`, 403, "forbidden"},
		{writer, "GET", "/v1/indexes/news/documents/d02", "", 403, "forbidden"},
		{writer, "PUT", "/v1/indexes/other", `{}`, 403, "forbidden"},
		{newsAdmin, "POST", "/v1/indexes/news/compact", "", 200, ""},
		{newsAdmin, "GET", "/v1/indexes/news/documents/d02", "", 200, ""},
		{newsAdmin, "DELETE", "/v1/indexes/quran", "", 403, "forbidden"},
		{newsAdmin, "POST", "/v1/keys", `{"scopes": ["admin"]}`, 403, "forbidden"},
		{newsAdmin, "GET", "/metrics", "", 403, "forbidden"},
		{testKey, "GET", "/metrics", "", 200, ""},
	})
	// The index list of a search key: its indexes, and of their schemas
	// only the fields a search may filter, facet or sort on.
	status, raw := secDo(t, "GET", base+"/v1/indexes", "", "X-API-Key", search)
	var list IndexList
	if status != 200 || json.Unmarshal(raw, &list) != nil || len(list.Indexes) != 1 || list.Indexes[0].Name != "news" {
		t.Fatalf("index list of the search key: %d %s", status, raw)
	}
	var fields []string
	for _, f := range list.Indexes[0].Schema.Fields {
		fields = append(fields, f.Name)
	}
	if !slices.Equal(fields, []string{"id", "category", "year", "date"}) || list.Indexes[0].SizeBytes != 0 {
		t.Errorf("index list of the search key shows %s", raw)
	}
	// Multi-search: the index the key may not use fails alone (d01 was
	// deleted by the writer's delete by query above, d02 is left).
	status, raw = secDo(t, "POST", base+"/v1/multi_search", `{"searches": [{"index": "news", "query": "الخارجية"}, {"index": "quran", "query": "الله"}]}`, "X-API-Key", search)
	var ms MultiSearchResult
	if status != 200 || json.Unmarshal(raw, &ms) != nil || len(ms.Results) != 2 ||
		ms.Results[0].Status != 200 || ms.Results[0].Total != 1 || ms.Results[1].Status != 403 || ms.Results[1].Error.Code != "forbidden" {
		t.Errorf("multi-search with the search key: %d %s", status, raw)
	}
}

func TestKeyExpiryAndRevocation(t *testing.T) {
	base, clock, keyFile := keysServer(t, false)
	k := newKey(t, base, `{"scopes": ["search"], "expires_in": "1h"}`)
	q := "/v1/indexes/news/search?q=x"
	checkAuth(t, base, []authCase{{k.Secret, "GET", q, "", 200, ""}})
	later := clock.Load().Add(time.Hour)
	clock.Store(&later)
	checkAuth(t, base, []authCase{{k.Secret, "GET", q, "", 401, "unauthorized"}})
	// Listing shows no secret and no hash; the key file holds no secret.
	status, raw := secDo(t, "GET", base+"/v1/keys", "", "X-API-Key", testKey)
	if status != 200 || strings.Contains(string(raw), k.Secret) || strings.Contains(string(raw), "hash") || !strings.Contains(string(raw), k.ID) {
		t.Errorf("GET /v1/keys: %d %s", status, raw)
	}
	if data := readFile(t, keyFile); strings.Contains(data, k.Secret) {
		t.Errorf("the key file holds a secret")
	}
	other := newKey(t, base, `{"scopes": ["search"]}`)
	checkAuth(t, base, []authCase{
		{other.Secret, "GET", q, "", 200, ""},
		{testKey, "DELETE", "/v1/keys/" + other.ID, "", 200, ""},
		{other.Secret, "GET", q, "", 401, "unauthorized"},
		{testKey, "DELETE", "/v1/keys/" + other.ID, "", 404, "not_found"},
		{testKey, "POST", "/v1/keys", `{"scopes": ["write"]}`, 400, "invalid"},
		{testKey, "POST", "/v1/keys", `{"scopes": ["search"], "indexes": ["../x"]}`, 400, "invalid"},
		{testKey, "POST", "/v1/keys", `{"scopes": ["search"], "expires_in": "soon"}`, 400, "invalid_request"},
		{testKey, "POST", "/v1/keys", `{"scopes": ["search"], "expires_at": "2020-01-01T00:00:00Z"}`, 400, "invalid"},
	})
}

// TestPublicSearchOpensSearchOnly: -public-search opens the search routes,
// not stored documents, schemas or metrics.
func TestPublicSearchOpensSearchOnly(t *testing.T) {
	base, _, _ := keysServer(t, true)
	checkAuth(t, base, []authCase{
		{"", "GET", "/v1/indexes/news/search?q=x", "", 200, ""},
		{"", "POST", "/v1/multi_search", `{"searches": [{"index": "quran", "query": "الله"}]}`, 200, ""},
		{"", "GET", "/v1/indexes", "", 200, ""},
		{"", "GET", "/v1/indexes/news/documents/d01", "", 401, "unauthorized"},
		{"", "GET", "/v1/indexes/news", "", 401, "unauthorized"},
		{"", "GET", "/metrics", "", 401, "unauthorized"},
		{"", "PUT", "/v1/indexes/news/documents/d01", `{}`, 401, "unauthorized"},
		{testKey, "GET", "/v1/indexes/news/documents/d01", "", 200, ""},
	})
	status, raw := secDo(t, "GET", base+"/v1/indexes", "")
	if status != 200 || strings.Contains(string(raw), `"text"`) || strings.Contains(string(raw), "size_bytes\":7") {
		t.Errorf("public index list shows more than the search fields: %s", raw)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestKeyRoutesNeedConfiguration(t *testing.T) {
	store, err := apikey.Open(filepath.Join(t.TempDir(), "keys.json"), index.ValidateName)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		opts   Options
		status int
		code   string
	}{
		{"no key file", Options{APIKey: "adm"}, 501, "not_configured"},
		{"no admin key", Options{Keys: store}, 409, "no_admin_key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := newFakeServer(t, tt.opts)
			for _, m := range []string{"GET", "POST"} {
				resp := call(t, s, m, "/v1/keys", `{"scopes": ["search"]}`, "X-API-Key", "adm")
				if resp.StatusCode != tt.status || errorCode(t, resp) != tt.code {
					t.Errorf("%s /v1/keys: %d, want %d %s", m, resp.StatusCode, tt.status, tt.code)
				}
			}
		})
	}
	if len(store.List()) != 0 {
		t.Errorf("a key was created without an admin key: %+v", store.List())
	}
}
