package server

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/fahras/fahras/index"
)

func TestE2EMultiSearch(t *testing.T) {
	cat := mustNewsCatalog(t)
	quran, err := cat.Create("quran", index.Schema{})
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(docsFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := quran.BulkNDJSON(context.Background(), f, docsFile, index.BulkOptions{}, nil); err != nil {
		t.Fatal(err)
	}
	ts, _ := mustServe(t, cat, Options{APIKey: testKey})
	body := `{"searches": [
		{"index": "news", "query": "الخارجية", "related": false, "fields": ["title"]},
		{"index": "quran", "query": "الصلاة", "size": 2, "highlight": {"fragments": 1}},
		{"index": "news", "query": "", "facets": {"y": {"field": "year", "interval": 5}}, "size": 1},
		{"index": "news", "query": "\"الخارجية"},
		{"index": "nope", "query": "x"},
		{"index": "news", "query": "x", "size": 1000}
	]}`
	var res MultiSearchResult
	if status := httpJSON(t, "POST", ts.URL+"/v1/multi_search", body, &res); status != 200 {
		t.Fatalf("status %d", status)
	}
	if len(res.Results) != 6 {
		t.Fatalf("%d results, want 6", len(res.Results))
	}
	r := res.Results
	// Each answer is the one the search route gives alone.
	for i, q := range []string{
		`{"query": "الخارجية", "related": false, "fields": ["title"]}`,
		`{"query": "الصلاة", "size": 2, "highlight": {"fragments": 1}}`,
	} {
		var alone index.Result
		httpJSON(t, "POST", ts.URL+"/v1/indexes/"+r[i].Index+"/search", q, &alone)
		if r[i].Status != 200 || r[i].Result == nil || r[i].Total != alone.Total || hitList(r[i].Hits) != hitList(alone.Hits) {
			t.Errorf("search %d on %s: %+v, alone %d hits %s", i, r[i].Index, r[i], alone.Total, hitList(alone.Hits))
		}
	}
	if len(r[0].Hits) != 2 || len(r[0].Hits[0].Fields) != 1 || !strings.Contains(r[1].Hits[0].Highlights["text"][0], "<mark>") {
		t.Errorf("fields or highlights not applied: %+v / %+v", r[0].Hits, r[1].Hits)
	}
	if b := r[2].Facets["y"].Buckets; len(b) != 2 || b[1].Count != 9 {
		t.Errorf("histogram in a multi-search: %+v", r[2].Facets)
	}
	for i, want := range map[int]string{3: "invalid_query", 4: "not_found", 5: "invalid_request"} {
		if r[i].Error == nil || r[i].Error.Code != want || r[i].Result != nil || r[i].Status < 400 {
			t.Errorf("search %d: %+v, want the error %s alone", i, r[i], want)
		}
	}
	raw, _ := json.Marshal(r[4])
	if strings.Contains(string(raw), `"hits"`) {
		t.Errorf("a failed search carries hits: %s", raw)
	}
	many := `{"searches": [` + strings.Repeat(`{"index": "news", "query": "x"},`, 10) + `{"index": "news", "query": "x"}]}`
	for name, tt := range map[string]struct {
		body, code string
	}{
		"none":          {`{"searches": []}`, "invalid_request"},
		"too many":      {many, "invalid_request"},
		"unknown field": {`{"searches": [{"index": "news", "q": "x"}]}`, "unknown_field"},
		"not an object": {`[]`, "invalid_request"},
	} {
		t.Run(name, func(t *testing.T) {
			var e ErrorBody
			if status := httpJSON(t, "POST", ts.URL+"/v1/multi_search", tt.body, &e); status != 400 || e.Error.Code != tt.code {
				t.Errorf("status %d %+v, want 400 %s", status, e.Error, tt.code)
			}
		})
	}
}

func hitList(hits []index.Hit) string {
	var ids []string
	for _, h := range hits {
		ids = append(ids, h.ID)
	}
	return strings.Join(ids, " ")
}
