package index

import (
	"fmt"
	"sort"
	"strconv"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
)

const (
	defaultFacetSize = 10
	maxFacetSize     = 1000
)

// addFacets adds the requested facets: term counts on keyword and bool
// fields, range counts (Ranges) on number and date fields, histograms and
// automatic ranges on number fields (search_histogram.go).
func (ix *Index) addFacets(sr *bleve.SearchRequest, v schemaView, facets map[string]FacetRequest) error {
	for name, fr := range facets {
		f, ok := v.fields[fr.Field]
		if !ok {
			return fmt.Errorf("facet %q: %w: unknown field %q", name, ErrInvalid, fr.Field)
		}
		size := fr.Size
		if size == 0 {
			size = defaultFacetSize
		}
		if size < 0 || size > maxFacetSize {
			return fmt.Errorf("facet %q: %w: size %d, want 1 to %d", name, ErrInvalid, size, maxFacetSize)
		}
		bf := bleve.NewFacetRequest(f.Name, size)
		var err error
		if histogram(fr) {
			err = ix.addHistogram(bf, f, fr)
		} else {
			err = addRanges(bf, f, fr.Ranges)
		}
		if err != nil {
			return fmt.Errorf("facet %q: %w: %w", name, ErrInvalid, err)
		}
		sr.AddFacet(name, bf)
	}
	return nil
}

// addRanges adds range buckets (min inclusive, max exclusive) to bf.
func addRanges(bf *bleve.FacetRequest, f Field, ranges []FacetRange) error {
	switch {
	case len(ranges) == 0 && (f.Type == Keyword || f.Type == Bool):
		return nil
	case len(ranges) == 0:
		return fmt.Errorf("field %q is a %s: give ranges, or for a number field an interval or auto", f.Name, f.Type)
	case f.Type != Number && f.Type != Date:
		return fmt.Errorf("field %q is a %s: ranges need a number or date field", f.Name, f.Type)
	}
	for _, r := range ranges {
		if r.Name == "" || (r.Min == nil && r.Max == nil) {
			return fmt.Errorf("range %q: want a name and a min or max", r.Name)
		}
		if f.Type == Date {
			start, err := optDate(r.Min)
			if err != nil {
				return err
			}
			end, err := optDate(r.Max)
			if err != nil {
				return err
			}
			bf.AddDateTimeRangeString(r.Name, start, end)
			continue
		}
		min, err := optFloat(r.Min)
		if err != nil {
			return err
		}
		max, err := optFloat(r.Max)
		if err != nil {
			return err
		}
		bf.AddNumericRange(r.Name, min, max)
	}
	return nil
}

func optFloat(s *string) (*float64, error) {
	if s == nil {
		return nil, nil
	}
	v, err := strconv.ParseFloat(*s, 64)
	if err != nil {
		return nil, fmt.Errorf("%q is not a number", *s)
	}
	return &v, nil
}

// optDate checks a date bound and returns it in RFC 3339.
func optDate(s *string) (*string, error) {
	if s == nil {
		return nil, nil
	}
	t, err := parseDate(*s)
	if err != nil {
		return nil, err
	}
	out := t.Format("2006-01-02T15:04:05Z07:00")
	return &out, nil
}

// facetResults converts bleve's facet results. The histogram facets of
// req keep only their buckets with documents, in increasing order, with
// their bounds.
func facetResults(in search.FacetResults, req map[string]FacetRequest) map[string]FacetResult {
	if len(in) == 0 {
		return nil
	}
	out := make(map[string]FacetResult, len(in))
	for name, fr := range in {
		r := FacetResult{Field: fr.Field, Total: fr.Total, Missing: fr.Missing, Other: fr.Other, Buckets: []FacetBucket{}}
		if fr.Terms != nil {
			for _, t := range fr.Terms.Terms() {
				r.Buckets = append(r.Buckets, FacetBucket{Term: t.Term, Count: t.Count})
			}
		}
		if histogram(req[name]) {
			r.Buckets = histogramBuckets(fr.NumericRanges)
			out[name] = r
			continue
		}
		for _, nr := range fr.NumericRanges {
			r.Buckets = append(r.Buckets, FacetBucket{Name: nr.Name, Count: nr.Count})
		}
		for _, dr := range fr.DateRanges {
			r.Buckets = append(r.Buckets, FacetBucket{Name: dr.Name, Count: dr.Count})
		}
		if fr.Terms == nil {
			sort.SliceStable(r.Buckets, func(i, j int) bool { return r.Buckets[i].Name < r.Buckets[j].Name })
		}
		out[name] = r
	}
	return out
}

// histogramBuckets returns the buckets of a histogram with documents, in
// increasing order.
func histogramBuckets(in search.NumericRangeFacets) []FacetBucket {
	out := []FacetBucket{}
	for _, nr := range in {
		if nr.Count > 0 && nr.Min != nil && nr.Max != nil {
			out = append(out, FacetBucket{Name: nr.Name, Count: nr.Count, From: nr.Min, To: nr.Max})
		}
	}
	sort.Slice(out, func(i, j int) bool { return *out[i].From < *out[j].From })
	return out
}
