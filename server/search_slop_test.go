package server

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/fahras/fahras/index"
)

// slopServer serves an index "slop" of documents where the words وزير
// and الخارجية are adjacent, one word apart, swapped, far apart and in
// two array elements.
func slopServer(t *testing.T) string {
	t.Helper()
	cat, err := index.OpenCatalog(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cat.Close() })
	s, err := index.ParseSchema([]byte(`{"fields": [
		{"name": "text", "type": "text", "search": true},
		{"name": "paras", "type": "text", "search": true}]}`))
	if err != nil {
		t.Fatal(err)
	}
	ix, err := cat.Create("slop", s)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []index.Document{
		{"id": "adjacent", "text": "صرح وزير الخارجية أمس"},
		{"id": "one", "text": "صرح وزير الشؤون الخارجية أمس"},
		{"id": "swapped", "text": "زار الخارجية وزير الدفاع"},
		{"id": "far", "text": "الخارجية أصدرت بيانا طويلا عن زيارة قام بها وزير الدفاع"},
		{"id": "elements", "text": "بيان", "paras": []any{"استقال وزير", "الخارجية تنفي"}},
	} {
		if _, err := ix.Put(context.Background(), d); err != nil {
			t.Fatal(err)
		}
	}
	ts, _ := mustServe(t, cat, Options{})
	return ts.URL
}

// slopSearch gets /v1/indexes/slop/search?q=q (GET) or posts {"query": q}
// and returns the status and the decoded result.
func slopSearch(t *testing.T, base, method, q string) (int, index.Result, string) {
	t.Helper()
	var resp *http.Response
	var err error
	if method == "GET" {
		resp, err = http.Get(base + "/v1/indexes/slop/search?q=" + url.QueryEscape(q))
	} else {
		body, _ := json.Marshal(map[string]any{"query": q})
		resp, err = http.Post(base+"/v1/indexes/slop/search", "application/json", strings.NewReader(string(body)))
	}
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var raw json.RawMessage
	if err := json.NewDecoder(resp.Body).Decode(&raw); err != nil {
		t.Fatal(err)
	}
	var res index.Result
	if resp.StatusCode == 200 {
		if err := json.Unmarshal(raw, &res); err != nil {
			t.Fatal(err)
		}
	}
	return resp.StatusCode, res, string(raw)
}

func TestSearchSloppyPhrase(t *testing.T) {
	base := slopServer(t)
	tests := []struct {
		q    string
		want []string // sorted ids of the matching hits
		mark map[string]string
	}{
		{`"وزير الخارجية"`, []string{"adjacent"}, nil},
		{`"وزير الخارجية"~1`, []string{"adjacent", "one"}, map[string]string{"one": "صرح <mark>وزير</mark> الشؤون <mark>الخارجية</mark> أمس"}},
		{`"وزير الخارجية"~`, []string{"adjacent", "one", "swapped"}, map[string]string{"swapped": "زار <mark>الخارجية</mark> <mark>وزير</mark> الدفاع"}},
		{`text:"الخارجية وزير"~7`, []string{"adjacent", "far", "one", "swapped"}, map[string]string{"far": "<mark>الخارجية</mark> أصدرت بيانا طويلا عن زيارة قام بها <mark>وزير</mark> الدفاع"}},
		{`paras:"وزير الخارجية"~5`, nil, nil},
		{`وزير -"وزير الخارجية"~2`, []string{"elements", "far"}, nil},
	}
	for _, tt := range tests {
		for _, method := range []string{"GET", "POST"} {
			t.Run(method+" "+tt.q, func(t *testing.T) {
				code, res, raw := slopSearch(t, base, method, tt.q)
				if code != 200 {
					t.Fatalf("status %d: %s", code, raw)
				}
				var got []string
				for _, h := range res.Hits {
					if len(h.Matches) == 0 { // a related hit, not a match
						continue
					}
					got = append(got, h.ID)
					if want, ok := tt.mark[h.ID]; ok {
						if frag := strings.Join(h.Highlights["text"], " | "); frag != want {
							t.Errorf("%s highlight %q, want %q", h.ID, frag, want)
						}
					}
				}
				slices.Sort(got)
				if !cmp.Equal(tt.want, got) && len(tt.want)+len(got) > 0 {
					t.Errorf("hits %v, want %v", got, tt.want)
				}
			})
		}
	}
}

func TestSearchSloppyPhraseErrors(t *testing.T) {
	base := slopServer(t)
	for _, tt := range []struct{ q, msg string }{
		{`"وزير الخارجية"~21`, "invalid query at character 17: the slop after ~ is at most 20"},
		{`"وزير الخارجية"~-1`, "invalid query at character 17: the slop after ~ is a number from 0 to 20, not negative"},
		{`"وزير الخارجية"~ab`, "invalid query at character 17: expected a number from 0 to 20 after ~"},
	} {
		code, _, raw := slopSearch(t, base, "GET", tt.q)
		if code != http.StatusBadRequest || !strings.Contains(raw, `"invalid_query"`) || !strings.Contains(raw, tt.msg) {
			t.Errorf("%s: status %d %s, want 400 invalid_query with %q", tt.q, code, raw, tt.msg)
		}
	}
}
