package index

// Clauses and filters on keyword, number, date and bool fields. They restrict
// the hits without scoring.

import (
	"fmt"
	"strconv"
	"time"

	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/fahras/fahras/syntax"
)

// typedClause returns the query for a field:value clause on a non-text field.
func (b *builder) typedClause(c syntax.Clause) (query.Query, error) {
	f := b.view.fields[c.Field]
	bad := func(msg string) error { return &QueryError{Column: c.Col, Msg: msg} }
	switch f.Type {
	case Keyword:
		return keywordClause(f.Name, c), nil
	case Number, Date:
		lo, hi, loIncl, hiIncl := c.Lo, c.Hi, c.LoIncl, c.HiIncl
		if c.Kind != syntax.KindRange {
			if c.Kind != syntax.KindWord {
				return nil, bad(fmt.Sprintf("field %q is a %s: expected a value, a comparison or a range", f.Name, f.Type))
			}
			lo, hi, loIncl, hiIncl = c.Text, c.Text, true, true
		}
		q, err := rangeQuery(f, lo, hi, loIncl, hiIncl)
		if err != nil {
			return nil, bad(err.Error())
		}
		return q, nil
	case Bool:
		v, err := strconv.ParseBool(c.Text)
		if c.Kind != syntax.KindWord || err != nil {
			return nil, bad(fmt.Sprintf("field %q is a bool: expected true or false", f.Name))
		}
		q := query.NewBoolFieldQuery(v)
		q.SetField(f.Name)
		return q, nil
	}
	return nil, bad(fmt.Sprintf("field %q cannot be searched", f.Name))
}

// keywordClause matches a keyword field: the value as is, a prefix, a fuzzy
// value or a lexicographic range.
func keywordClause(field string, c syntax.Clause) query.Query {
	var q interface{ SetField(string) }
	switch c.Kind {
	case syntax.KindPrefix:
		q = query.NewPrefixQuery(c.Text)
	case syntax.KindFuzzy:
		fq := query.NewFuzzyQuery(c.Text)
		fq.SetFuzziness(c.Fuzzy)
		q = fq
	case syntax.KindRange:
		var lo, hi *bool = &c.LoIncl, &c.HiIncl
		q = query.NewTermRangeInclusiveQuery(c.Lo, c.Hi, lo, hi)
	default:
		q = query.NewTermQuery(c.Text)
	}
	q.SetField(field)
	return q.(query.Query)
}

// rangeQuery matches values of a number or date field between lo and hi
// ("" = open).
func rangeQuery(f Field, lo, hi string, loIncl, hiIncl bool) (query.Query, error) {
	if f.Type == Date {
		var start, end time.Time
		var err error
		if lo != "" {
			if start, err = queryDate(f, lo); err != nil {
				return nil, err
			}
		}
		if hi != "" {
			if end, err = queryDate(f, hi); err != nil {
				return nil, err
			}
			if hiIncl && isDay(f, hi) { // a whole day: up to the next midnight
				end, hiIncl = end.AddDate(0, 0, 1), false
			}
		}
		q := query.NewDateRangeInclusiveQuery(start, end, &loIncl, &hiIncl)
		q.SetField(f.Name)
		return q, nil
	}
	var min, max *float64
	for _, b := range []struct {
		s string
		p **float64
	}{{lo, &min}, {hi, &max}} {
		if b.s == "" {
			continue
		}
		v, err := strconv.ParseFloat(b.s, 64)
		if err != nil {
			return nil, fmt.Errorf("field %q is a number: %q is not a number", f.Name, b.s)
		}
		*b.p = &v
	}
	q := query.NewNumericRangeInclusiveQuery(min, max, &loIncl, &hiIncl)
	q.SetField(f.Name)
	return q, nil
}

const dayLayout = "2006-01-02"

// isDay reports whether the date bound s of field f names a whole day:
// YYYY-MM-DD, or a value in the field's format when that format has no
// time of day.
func isDay(f Field, s string) bool {
	if _, err := time.Parse(dayLayout, s); err == nil {
		return true
	}
	if f.Format == "" || f.Format == FormatUnix || f.Format == FormatUnixMS {
		return false
	}
	_, err := time.Parse(f.Format, s)
	midnight := time.Date(2006, 1, 2, 0, 0, 0, 0, time.UTC)
	return err == nil && midnight.Format(f.Format) == midnight.Add(5*time.Hour+7*time.Minute+11*time.Second).Format(f.Format)
}

// parseDate accepts the common date forms (dates.go) within the years
// bleve can search.
func parseDate(s string) (time.Time, error) { return parseFieldDate("", s) }

// addFilters adds Request.Filters to p.
func (b *builder) addFilters(p *built) error {
	for i, flt := range b.req.Filters {
		q, err := b.filterQuery(flt)
		if err != nil {
			return fmt.Errorf("filter %d: %w: %w", i, ErrInvalid, err)
		}
		p.filter = append(p.filter, q)
	}
	return nil
}

// filterQuery returns the query for one filter: any of Terms, or
// Min <= value < Max.
func (b *builder) filterQuery(flt Filter) (query.Query, error) {
	f, ok := b.view.fields[flt.Field]
	if !ok {
		return nil, fmt.Errorf("unknown field %q", flt.Field)
	}
	if f.Type == Text {
		return nil, fmt.Errorf("field %q is text: filter on keyword, number, date or bool fields", f.Name)
	}
	if len(flt.Terms) > 0 {
		if flt.Min != nil || flt.Max != nil {
			return nil, fmt.Errorf("field %q: give terms or a range, not both", f.Name)
		}
		qs := make([]query.Query, len(flt.Terms))
		for i, t := range flt.Terms {
			q, err := b.typedClause(syntax.Clause{Kind: syntax.KindWord, Field: f.Name, Text: t})
			if err != nil {
				return nil, err
			}
			qs[i] = q
		}
		return disjunction(qs), nil
	}
	if f.Type != Number && f.Type != Date {
		return nil, fmt.Errorf("field %q is a %s: a range needs a number or date field", f.Name, f.Type)
	}
	lo, hi := deref(flt.Min), deref(flt.Max)
	if lo == "" && hi == "" {
		return nil, fmt.Errorf("field %q: a filter needs terms, min or max", f.Name)
	}
	return rangeQuery(f, lo, hi, true, false)
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
