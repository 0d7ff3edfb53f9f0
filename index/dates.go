package index

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2/search/query"
)

// Date values. A date field takes, without a "format" in its schema, any
// of the common forms below (a time without a zone is UTC), or a JSON
// number of seconds since 1970 (Unix time). With a format, it takes that
// form only: a Go reference layout ("02/01/2006 15:04", written with the
// reference time Mon Jan 2 15:04:05 MST 2006), "unix" (seconds since
// 1970, a number or a string of digits) or "unix_ms" (milliseconds).
// Queries and filters on the field take its format and the common forms.

// Date formats that are not Go layouts.
const (
	FormatUnix   = "unix"
	FormatUnixMS = "unix_ms"
)

// commonDateLayouts are the forms a date field takes without a format.
var commonDateLayouts = []string{
	time.RFC3339Nano,                // 2015-07-21T02:51:32Z, 2015-07-21T02:51:32.5+03:00
	"2006-01-02T15:04:05.999999999", // 2015-07-21T02:51:32 (UTC)
	"2006-01-02 15:04:05.999999999", // 2015-07-21 02:51:32, SaudiNewsNet's form (UTC)
	"2006-01-02 15:04:05Z07:00",     // 2015-07-21 02:51:32+03:00
	"2006-01-02 15:04:05 Z07:00",    // 2015-07-21 02:51:32 +03:00
	"2006-01-02T15:04",              // 2015-07-21T02:51
	"2006-01-02 15:04",              // 2015-07-21 02:51
	dayLayout,                       // 2015-07-21
}

// commonDateForms names the common forms in error messages.
const commonDateForms = "RFC 3339 (2015-07-21T02:51:32+03:00), 2015-07-21 02:51:32, 2015-07-21T02:51:32, 2015-07-21, or a number of Unix seconds"

// validDateFormat checks the format of a date field.
func validDateFormat(format string) error {
	if format == "" || format == FormatUnix || format == FormatUnixMS {
		return nil
	}
	ref := time.Date(2006, 1, 2, 15, 4, 5, 0, time.UTC)
	out := ref.Format(format)
	if !strings.Contains(out, "2006") && !strings.Contains(format, "06") {
		return fmt.Errorf("format %q has no year: write a Go layout with the reference time (2006-01-02 15:04:05), %q or %q", format, FormatUnix, FormatUnixMS)
	}
	if _, err := time.Parse(format, out); err != nil {
		return fmt.Errorf("format %q cannot read the dates it writes: %v", format, err)
	}
	return nil
}

// dateValue parses the value v of the date field f (a string, or a number
// of Unix seconds), naming the field and the value when it is no date.
func dateValue(f Field, v any) (time.Time, error) {
	var t time.Time
	var err error
	switch v := v.(type) {
	case string:
		t, err = parseFieldDate(f.Format, v)
	default:
		n, ok := number(v)
		if !ok {
			return time.Time{}, wrongType(f, v)
		}
		t, err = unixDate(f.Format, n, fmt.Sprint(v))
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("%w: field %q: %w", ErrInvalid, f.Name, err)
	}
	return t, nil
}

// parseFieldDate parses s in format, or in a common form when format is
// empty.
func parseFieldDate(format, s string) (time.Time, error) {
	switch format {
	case "":
		for _, l := range commonDateLayouts {
			if t, err := time.Parse(l, s); err == nil {
				return inRange(t, s)
			}
		}
		return time.Time{}, fmt.Errorf("%q is not a date: want %s, or declare the field's format", s, commonDateForms)
	case FormatUnix, FormatUnixMS:
		n, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return time.Time{}, fmt.Errorf("%q does not match the field's format %q (a number)", s, format)
		}
		return unixDate(format, n, s)
	}
	t, err := time.Parse(format, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q does not match the field's format %q", s, format)
	}
	return inRange(t, s)
}

// unixDate reads n as seconds since 1970, or milliseconds with
// FormatUnixMS; s is the value as written, for errors.
func unixDate(format string, n float64, s string) (time.Time, error) {
	if format != "" && format != FormatUnix && format != FormatUnixMS {
		return time.Time{}, fmt.Errorf("%s is a number, but the field's format is %q", s, format)
	}
	if format == FormatUnixMS {
		n /= 1000
	}
	if math.IsNaN(n) || math.IsInf(n, 0) || math.Abs(n) > 9e9 {
		return time.Time{}, fmt.Errorf("%s is out of range for Unix seconds", s)
	}
	sec, frac := math.Modf(n)
	return inRange(time.Unix(int64(sec), int64(frac*1e9)).UTC(), s)
}

// inRange refuses the dates bleve cannot search (its date ranges hold
// nanoseconds in an int64: 1677 to 2262).
func inRange(t time.Time, s string) (time.Time, error) {
	if t.Before(query.MinRFC3339CompatibleTime) || t.After(query.MaxRFC3339CompatibleTime) {
		return time.Time{}, fmt.Errorf("date %q is out of range (%s to %s)", s,
			query.MinRFC3339CompatibleTime.Format(dayLayout), query.MaxRFC3339CompatibleTime.Format(dayLayout))
	}
	return t, nil
}

// queryDate parses a date bound of a query or filter on field f: in the
// field's format, or in a common form.
func queryDate(f Field, s string) (time.Time, error) {
	if f.Format != "" {
		if t, err := parseFieldDate(f.Format, s); err == nil {
			return t, nil
		}
	}
	t, err := parseFieldDate("", s)
	if err != nil && f.Format != "" {
		return time.Time{}, fmt.Errorf("%q is not a date: want the field's format %q or %s", s, f.Format, commonDateForms)
	}
	return t, err
}
