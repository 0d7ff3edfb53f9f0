package index

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestDateValue(t *testing.T) {
	utc := func(s string) time.Time {
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			panic(err)
		}
		return t
	}
	tests := []struct {
		name, format string
		value        any
		want         time.Time // zero: an error containing err
		err          string
	}{
		{"RFC 3339", "", "2015-07-21T02:51:32+03:00", utc("2015-07-20T23:51:32Z"), ""},
		{"RFC 3339 UTC with fraction", "", "2015-07-21T02:51:32.25Z", utc("2015-07-21T02:51:32.25Z"), ""},
		{"no zone", "", "2015-07-21T02:51:32", utc("2015-07-21T02:51:32Z"), ""},
		{"news corpus form", "", "2015-07-21 02:51:32", utc("2015-07-21T02:51:32Z"), ""},
		{"space and zone", "", "2015-07-21 02:51:32+03:00", utc("2015-07-20T23:51:32Z"), ""},
		{"minutes", "", "2015-07-21 02:51", utc("2015-07-21T02:51:00Z"), ""},
		{"day", "", "2015-07-21", utc("2015-07-21T00:00:00Z"), ""},
		{"unix seconds", "", json.Number("1437446092"), utc("2015-07-21T02:34:52Z"), ""},
		{"unix seconds as float", "", 1437446092.5, utc("2015-07-21T02:34:52.5Z"), ""},
		{"not a date", "", "أمس", time.Time{}, `field "published": "أمس" is not a date: want RFC 3339`},
		{"day out of month", "", "2015-02-30", time.Time{}, `"2015-02-30" is not a date`},
		{"out of range", "", "3000-01-01", time.Time{}, `date "3000-01-01" is out of range`},
		{"boolean", "", true, time.Time{}, `field "published": want date, got a boolean`},
		{"layout", "02/01/2006 15:04", "21/07/2015 02:51", utc("2015-07-21T02:51:00Z"), ""},
		{"layout mismatch", "02/01/2006 15:04", "2015-07-21 02:51:32", time.Time{}, `field "published": "2015-07-21 02:51:32" does not match the field's format "02/01/2006 15:04"`},
		{"number for a layout", "02/01/2006", json.Number("1437446092"), time.Time{}, `1437446092 is a number, but the field's format is "02/01/2006"`},
		{"unix format string", "unix", "1437446092", utc("2015-07-21T02:34:52Z"), ""},
		{"unix format mismatch", "unix", "2015-07-21", time.Time{}, `"2015-07-21" does not match the field's format "unix"`},
		{"unix_ms", "unix_ms", json.Number("1437446092500"), utc("2015-07-21T02:34:52.5Z"), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := Field{Name: "published", Type: Date, Format: tt.format}
			got, err := dateValue(f, tt.value)
			if tt.err != "" {
				if err == nil || !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.err) {
					t.Errorf("dateValue(%q, %v) = %v, %v; want ErrInvalid containing %q", tt.format, tt.value, got, err, tt.err)
				}
				return
			}
			if err != nil || !got.Equal(tt.want) {
				t.Errorf("dateValue(%q, %v) = %v, %v; want %v", tt.format, tt.value, got, err, tt.want)
			}
		})
	}
}

func TestDateFormatValidation(t *testing.T) {
	tests := []struct {
		name  string
		field Field
		err   string // "" for valid
	}{
		{"layout", Field{Name: "d", Type: Date, Format: "2006-01-02 15:04:05"}, ""},
		{"unix", Field{Name: "d", Type: Date, Format: "unix"}, ""},
		{"no year", Field{Name: "d", Type: Date, Format: "%Y-%m-%d"}, `field "d": format "%Y-%m-%d" has no year`},
		{"format on a number", Field{Name: "n", Type: Number, Format: "unix"}, `field "n": only a date field has a format, not number`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Schema{Fields: []Field{tt.field}}.Validate()
			if tt.err == "" && err != nil || tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)) {
				t.Errorf("Validate(%+v) = %v, want %q", tt.field, err, tt.err)
			}
		})
	}
}
