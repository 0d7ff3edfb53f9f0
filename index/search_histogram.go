package index

import (
	"fmt"
	"math"
	"strconv"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/numeric"
)

// Number facets without hand-written ranges. FacetRequest.Interval makes a
// histogram: buckets [k·interval, (k+1)·interval) from the bucket of the
// field's smallest value in the index to that of its largest. Auto makes
// about that many buckets of a round width: 1, 2, 2.5 or 5 times a power of
// ten, and for a field of integers 1, 2 or 5 times a power of ten, at
// least 1. Only buckets with documents
// among the matches are returned, in increasing order, each with its From
// (inclusive) and To (exclusive). The bounds come from the field's term
// dictionary, so buckets do not move from one query to the next.

// defaultHistogramBuckets bounds the buckets of a histogram without a Size.
const defaultHistogramBuckets = 100

// histogram reports whether fr asks for a histogram or automatic ranges.
func histogram(fr FacetRequest) bool { return fr.Interval != 0 || fr.Auto != 0 }

// addHistogram adds the buckets of fr, a histogram or automatic facet on
// the number field f, to bf.
func (ix *Index) addHistogram(bf *bleve.FacetRequest, f Field, fr FacetRequest) error {
	switch {
	case f.Type != Number:
		return fmt.Errorf("field %q is a %s: interval and auto need a number field", f.Name, f.Type)
	case len(fr.Ranges) > 0:
		return fmt.Errorf("give ranges, interval or auto, not several")
	case fr.Interval != 0 && fr.Auto != 0:
		return fmt.Errorf("give interval or auto, not both")
	case fr.Interval < 0 || math.IsNaN(fr.Interval) || math.IsInf(fr.Interval, 0):
		return fmt.Errorf("interval %v: want a positive number", fr.Interval)
	case fr.Auto < 0 || fr.Auto > maxFacetSize:
		return fmt.Errorf("auto %d: want 1 to %d buckets", fr.Auto, maxFacetSize)
	}
	lo, hi, integers, ok, err := ix.numberBounds(f.Name)
	if err != nil || !ok {
		return err // no value in the index: no bucket
	}
	width := fr.Interval
	if fr.Auto > 0 {
		width = roundWidth((hi-lo)/float64(fr.Auto), integers)
	}
	first, last := math.Floor(lo/width), math.Floor(hi/width)
	limit := fr.Size
	if limit == 0 {
		limit = max(defaultHistogramBuckets, fr.Auto+1)
	}
	if n := last - first + 1; n > float64(limit) {
		return fmt.Errorf("interval %v makes %.0f buckets from %v to %v, at most %d: use a larger interval", width, n, lo, hi, limit)
	}
	bf.Size = int(last - first + 1) // bleve keeps the Size ranges with most documents
	for k := first; k <= last; k++ {
		from, to := k*width, (k+1)*width
		bf.AddNumericRange(bucketName(from, to), &from, &to)
	}
	return nil
}

// roundWidth returns the smallest round width at least raw.
func roundWidth(raw float64, integers bool) float64 {
	if raw <= 0 || integers && raw < 1 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	steps := []float64{1, 2, 2.5, 5, 10}
	if integers {
		steps = []float64{1, 2, 5, 10} // 2.5 would cut years in halves
	}
	for _, m := range steps {
		if w := m * p; w >= raw*(1-1e-12) {
			return w
		}
	}
	return 10 * p
}

func bucketName(from, to float64) string {
	return strconv.FormatFloat(from, 'g', -1, 64) + ".." + strconv.FormatFloat(to, 'g', -1, 64)
}

// numberBounds returns the smallest and largest value of the number field
// in the index, and whether all its values are integers; ok is false when
// the field holds no value. It reads the full-precision terms (shift 0) of
// the field's dictionary, every shard's for a sharded index.
func (ix *Index) numberBounds(field string) (lo, hi float64, integers, ok bool, err error) {
	d, err := ix.dicts().FieldDictPrefix(field, []byte{numeric.ShiftStartInt64})
	if err != nil {
		return 0, 0, false, false, fmt.Errorf("bounds of %q: %w", field, err)
	}
	defer d.Close()
	integers = true
	for {
		e, err := d.Next()
		if err != nil {
			return 0, 0, false, false, fmt.Errorf("bounds of %q: %w", field, err)
		}
		if e == nil {
			return lo, hi, integers, ok, nil
		}
		i, err := numeric.PrefixCoded(e.Term).Int64()
		if err != nil || e.Count == 0 {
			continue
		}
		v := numeric.Int64ToFloat64(i)
		if !ok {
			lo, ok = v, true
		}
		hi = v // terms come in increasing order of value
		integers = integers && v == math.Trunc(v)
	}
}
