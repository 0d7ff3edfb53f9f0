package server

import (
	"encoding/json"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// FuzzSearchRequest sends arbitrary URL parameters and JSON bodies to the
// search routes: the server must always answer JSON, never 5xx, and every
// error must have a code and a message.
func FuzzSearchRequest(f *testing.F) {
	f.Add("q=الكتاب&size=5", `{"query": "الكتاب", "size": 5}`)
	f.Add("q=a*&from=-1", `{"query": "ab~ cd~", "highlight": {"fragments": 99}}`)
	f.Add("filter=title:x&facet=title&sort=-year", `{"filters": [{"field": "title", "terms": ["x"]}]}`)
	f.Add("q=%3Cscript%3E", `{"query": "<script>", "unknown": 1}`)
	f.Add("size=1e9&all=maybe", `[1, 2]`)
	f.Add("q=الله&fields=title&highlight=false&fragments=2&fragment_size=40", `{"query": "الله", "fields": [], "facets": {"t": {"field": "title", "interval": 5}}}`)
	f.Add("fields=&fragments=-1&highlight=", `{"query": "الله", "facets": {"t": {"field": "text", "auto": 3}}, "fields": ["nope"]}`)
	cat, _ := mustCatalog(f)
	s, err := New(FromCatalog(cat), Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, query, body string) {
		vals, err := url.ParseQuery(query)
		if err != nil {
			return
		}
		multi := serve(s, "POST", "/v1/multi_search", `{"searches": [{"index": "quran", "query": "x"}, `+body+`]}`)
		if multi.Code == 200 {
			var res MultiSearchResult
			if err := json.Unmarshal(multi.Body.Bytes(), &res); err != nil {
				t.Fatalf("multi-search answer %q: %v", multi.Body, err)
			}
			for _, a := range res.Results {
				if a.Status >= 500 || a.Status != 200 && (a.Error == nil || a.Error.Code == "") {
					t.Fatalf("multi-search answer %+v for %q", a, body)
				}
			}
		}
		for _, req := range []*httptest.ResponseRecorder{
			serve(s, "GET", "/v1/indexes/quran/search?"+vals.Encode(), ""),
			serve(s, "POST", "/v1/indexes/quran/search", body),
			multi,
		} {
			if req.Code >= 500 {
				t.Fatalf("status %d for %q / %q: %s", req.Code, query, body, req.Body)
			}
			if req.Code != 200 {
				var e ErrorBody
				if err := json.Unmarshal(req.Body.Bytes(), &e); err != nil || e.Error.Code == "" || e.Error.Message == "" {
					t.Fatalf("error answer %q for %q / %q", req.Body, query, body)
				}
			}
		}
	})
}

func serve(s *Server, method, target, body string) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	s.ServeHTTP(w, httptest.NewRequest(method, target, strings.NewReader(body)))
	return w
}
