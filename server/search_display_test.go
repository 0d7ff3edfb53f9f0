package server

import (
	"maps"
	"net/url"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/fahras/fahras/index"
)

// TestE2ESearchDisplay chooses the fields and the highlighting of hits
// through GET parameters, on Arabic news articles.
func TestE2ESearchDisplay(t *testing.T) {
	ts, _ := mustServe(t, mustNewsCatalog(t), Options{APIKey: testKey})
	tests := []struct {
		name       string
		params     string
		fields     []string // of every hit
		highlights bool
		maxRunes   int // of a text fragment without its tags (0: no check)
		fragments  int // at most, per field (0: no check)
	}{
		{"default", "", []string{"category", "date", "id", "text", "title", "year"}, true, 0, 0},
		{"fields=title,year", "&fields=title,year", []string{"title", "year"}, true, 0, 0},
		{"fields= none", "&fields=", nil, true, 0, 0},
		{"highlight=false", "&highlight=false", []string{"category", "date", "id", "text", "title", "year"}, false, 0, 0},
		{"fragments and size", "&fields=&fragments=1&fragment_size=30", nil, true, 40, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var res index.Result
			if status := httpJSON(t, "GET", ts.URL+"/v1/indexes/news/search?related=false&q="+url.QueryEscape("الخارجية")+tt.params, "", &res); status != 200 {
				t.Fatalf("status %d", status)
			}
			if res.Total != 2 {
				t.Fatalf("total %d, want 2", res.Total)
			}
			for _, h := range res.Hits {
				if got := slices.Sorted(maps.Keys(h.Fields)); !slices.Equal(got, tt.fields) {
					t.Errorf("%s: fields %q, want %q", h.ID, got, tt.fields)
				}
				if got := len(h.Highlights) > 0 && len(h.Matches) > 0; got != tt.highlights {
					t.Errorf("%s: highlights %v, want %v", h.ID, h.Highlights, tt.highlights)
				}
				for _, frags := range h.Highlights {
					if tt.fragments > 0 && len(frags) > tt.fragments {
						t.Errorf("%s: %d fragments, want at most %d", h.ID, len(frags), tt.fragments)
					}
					for _, f := range frags {
						plain := strings.NewReplacer("<mark>", "", "</mark>", "").Replace(f)
						if n := utf8.RuneCountInString(plain); tt.maxRunes > 0 && n > tt.maxRunes {
							t.Errorf("%s: fragment of %d characters: %q", h.ID, n, f)
						}
						if !strings.Contains(f, "<mark>الخارجية</mark>") {
							t.Errorf("%s: fragment without the mark: %q", h.ID, f)
						}
					}
				}
			}
		})
	}
	for name, params := range map[string]string{
		"fragments not a number":   "&fragments=x",
		"fragments over the limit": "&fragments=99",
		"highlight not a bool":     "&highlight=maybe",
		"unknown field":            "&fields=author",
	} {
		t.Run(name, func(t *testing.T) {
			var e ErrorBody
			status := httpJSON(t, "GET", ts.URL+"/v1/indexes/news/search?q=x"+params, "", &e)
			if status != 400 || e.Error.Message == "" {
				t.Errorf("status %d %+v, want 400", status, e)
			}
		})
	}
}

func TestE2ENumberFacets(t *testing.T) {
	ts, _ := mustServe(t, mustNewsCatalog(t), Options{APIKey: testKey})
	b := func(name string, n int, from, to float64) index.FacetBucket {
		return index.FacetBucket{Name: name, Count: n, From: &from, To: &to}
	}
	tests := []struct {
		name, body string
		want       []index.FacetBucket
	}{
		{"histogram", `{"query": "", "facets": {"y": {"field": "year", "interval": 5}}}`,
			[]index.FacetBucket{b("2015..2020", 3, 2015, 2020), b("2020..2025", 9, 2020, 2025)}},
		{"auto ranges", `{"query": "", "facets": {"y": {"field": "year", "auto": 3}}}`,
			[]index.FacetBucket{b("2015..2020", 3, 2015, 2020), b("2020..2025", 9, 2020, 2025)}},
		{"histogram of the matches", `{"query": "+الخارجية", "facets": {"y": {"field": "year", "interval": 1}}}`,
			[]index.FacetBucket{b("2020..2021", 1, 2020, 2021), b("2021..2022", 1, 2021, 2022)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var res index.Result
			if status := httpJSON(t, "POST", ts.URL+"/v1/indexes/news/search", tt.body, &res); status != 200 {
				t.Fatalf("status %d", status)
			}
			if diff := cmp.Diff(tt.want, res.Facets["y"].Buckets); diff != "" {
				t.Errorf("buckets (-want +got):\n%s", diff)
			}
		})
	}
	for name, body := range map[string]string{
		"interval too small":  `{"query": "", "facets": {"y": {"field": "year", "interval": 0.01}}}`,
		"auto over the limit": `{"query": "", "facets": {"y": {"field": "year", "auto": 1000}}}`,
		"interval on keyword": `{"query": "", "facets": {"y": {"field": "category", "interval": 2}}}`,
	} {
		t.Run(name, func(t *testing.T) {
			var e ErrorBody
			if status := httpJSON(t, "POST", ts.URL+"/v1/indexes/news/search", body, &e); status != 400 || e.Error.Message == "" {
				t.Errorf("status %d %+v, want 400", status, e)
			}
		})
	}
}
