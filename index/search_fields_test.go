package index

import (
	"context"
	"errors"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func fp(v float64) *float64 { return &v }

func TestSearchFieldsSelection(t *testing.T) {
	ix := mustSearchIndex(t)
	none, title := []string{}, []string{"title", "year"}
	tests := []struct {
		name       string
		fields     *[]string
		wantFields []string // sorted field names of the first hit
		highlights bool     // the text field is still highlighted
	}{
		{"all by default", nil, []string{"category", "date", "id", "text", "title", "year"}, true},
		{"none", &none, nil, true},
		{"title and year, text highlighted all the same", &title, []string{"title", "year"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ix.Search(context.Background(), Request{Query: "الخارجية", Fields: tt.fields})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Hits) == 0 {
				t.Fatal("no hit")
			}
			h := res.Hits[0]
			got := slices.Sorted(maps.Keys(h.Fields))
			if diff := cmp.Diff(tt.wantFields, got); diff != "" {
				t.Errorf("fields of %s (-want +got):\n%s", h.ID, diff)
			}
			if hl := len(h.Highlights["text"]) > 0; hl != tt.highlights {
				t.Errorf("text highlighted %v, want %v (%v)", hl, tt.highlights, h.Highlights)
			}
		})
	}
	_, err := ix.Search(context.Background(), Request{Query: "الخارجية", Fields: &[]string{"author"}})
	if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), `unknown field "author"`) {
		t.Errorf("unknown field: %v", err)
	}
}

func TestSearchHistogramFacets(t *testing.T) {
	ix := mustSearchIndex(t)
	// The fixture's years: 2017, 2018, 2019, 2020 ×2, 2021 ×2, 2022 ×2, 2023 ×2, 2024.
	byTwo := []FacetBucket{
		{Name: "2016..2018", Count: 1, From: fp(2016), To: fp(2018)},
		{Name: "2018..2020", Count: 2, From: fp(2018), To: fp(2020)},
		{Name: "2020..2022", Count: 4, From: fp(2020), To: fp(2022)},
		{Name: "2022..2024", Count: 4, From: fp(2022), To: fp(2024)},
		{Name: "2024..2026", Count: 1, From: fp(2024), To: fp(2026)},
	}
	tests := []struct {
		name  string
		query string
		facet FacetRequest
		want  []FacetBucket
	}{
		{"interval 2", "", FacetRequest{Field: "year", Interval: 2}, byTwo},
		{"auto 4: (2024-2017)/4 rounds up to 2", "", FacetRequest{Field: "year", Auto: 4}, byTwo},
		{"interval 5", "", FacetRequest{Field: "year", Interval: 5}, []FacetBucket{
			{Name: "2015..2020", Count: 3, From: fp(2015), To: fp(2020)},
			{Name: "2020..2025", Count: 9, From: fp(2020), To: fp(2025)},
		}},
		{"auto 100 on integers: width 1", "", FacetRequest{Field: "year", Auto: 100}, []FacetBucket{
			{Name: "2017..2018", Count: 1, From: fp(2017), To: fp(2018)},
			{Name: "2018..2019", Count: 1, From: fp(2018), To: fp(2019)},
			{Name: "2019..2020", Count: 1, From: fp(2019), To: fp(2020)},
			{Name: "2020..2021", Count: 2, From: fp(2020), To: fp(2021)},
			{Name: "2021..2022", Count: 2, From: fp(2021), To: fp(2022)},
			{Name: "2022..2023", Count: 2, From: fp(2022), To: fp(2023)},
			{Name: "2023..2024", Count: 2, From: fp(2023), To: fp(2024)},
			{Name: "2024..2025", Count: 1, From: fp(2024), To: fp(2025)},
		}},
		{"only the buckets of the matches", "+الخارجية", FacetRequest{Field: "year", Interval: 2}, []FacetBucket{
			{Name: "2020..2022", Count: 2, From: fp(2020), To: fp(2022)},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ix.Search(context.Background(), Request{Query: tt.query, Facets: map[string]FacetRequest{"y": tt.facet}})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, res.Facets["y"].Buckets); diff != "" {
				t.Errorf("buckets (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSearchHistogramErrors(t *testing.T) {
	ix := mustSearchIndex(t)
	tests := []struct {
		name  string
		facet FacetRequest
		msg   string
	}{
		{"keyword field", FacetRequest{Field: "category", Interval: 1}, "need a number field"},
		{"date field", FacetRequest{Field: "date", Auto: 3}, "need a number field"},
		{"both", FacetRequest{Field: "year", Interval: 1, Auto: 3}, "not both"},
		{"ranges and interval", FacetRequest{Field: "year", Interval: 1, Ranges: []FacetRange{{Name: "a", Min: strp("1")}}}, "not several"},
		{"negative interval", FacetRequest{Field: "year", Interval: -1}, "want a positive number"},
		{"too many buckets", FacetRequest{Field: "year", Interval: 0.01}, "at most 100: use a larger interval"},
		{"too many for its size", FacetRequest{Field: "year", Interval: 1, Size: 3}, "makes 8 buckets from 2017 to 2024, at most 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ix.Search(context.Background(), Request{Facets: map[string]FacetRequest{"y": tt.facet}})
			if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("err = %v, want ErrInvalid containing %q", err, tt.msg)
			}
		})
	}
}

// A histogram of a number field that no document holds has no bucket.
func TestSearchHistogramEmptyField(t *testing.T) {
	ix, err := Create(filepath.Join(t.TempDir(), "ix"), Schema{Fields: []Field{{Name: "text", Type: Text}, {Name: "year", Type: Number, Facet: true}}})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if _, err := ix.Put(context.Background(), Document{"id": "a", "text": "كتاب بلا سنة"}); err != nil {
		t.Fatal(err)
	}
	res, err := ix.Search(context.Background(), Request{Facets: map[string]FacetRequest{"y": {Field: "year", Interval: 10}}})
	if err != nil {
		t.Fatal(err)
	}
	if f := res.Facets["y"]; len(f.Buckets) != 0 || f.Missing != 1 {
		t.Errorf("facet %+v, want no bucket and one document missing the field", f)
	}
}
