package index

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func testIsField(name string) bool {
	switch name {
	case "title", "text", "year", "date", "tag", "عنوان":
		return true
	}
	return false
}

func TestParseQuery(t *testing.T) {
	tests := []struct {
		name, q string
		want    []clause
	}{
		{"plain words", "وزير الخارجية", []clause{
			{kind: kindWord, text: "وزير", col: 1},
			{kind: kindWord, text: "الخارجية", col: 6},
		}},
		{"phrase", `"وزير الخارجية" قال`, []clause{
			{kind: kindPhrase, text: "وزير الخارجية", col: 1},
			{kind: kindWord, text: "قال", col: 17},
		}},
		{"required and excluded", `+كتاب -قلم +"دار النشر"`, []clause{
			{occur: must, kind: kindWord, text: "كتاب", col: 1},
			{occur: mustNot, kind: kindWord, text: "قلم", col: 7},
			{occur: must, kind: kindPhrase, text: "دار النشر", col: 12},
		}},
		{"empty phrases are ignored", `اتفاقية ""سيداو"" تقول "" " " +"" title:"" ""~3`, []clause{
			{kind: kindWord, text: "اتفاقية", col: 1},
			{kind: kindWord, text: "سيداو", col: 11},
			{kind: kindWord, text: "تقول", col: 19},
		}},
		{"lone operators are punctuation", "كتاب - قلم +", []clause{
			{kind: kindWord, text: "كتاب", col: 1},
			{kind: kindWord, text: "قلم", col: 8},
		}},
		{"field word and phrase", `title:كتاب text:"في البيت"`, []clause{
			{kind: kindWord, field: "title", text: "كتاب", col: 1},
			{kind: kindPhrase, field: "text", text: "في البيت", col: 12},
		}},
		{"arabic field name", "عنوان:كتاب", []clause{
			{kind: kindWord, field: "عنوان", text: "كتاب", col: 1},
		}},
		{"colon after a word that is no field", "قال:نعم", []clause{
			{kind: kindWord, text: "قال:نعم", col: 1},
		}},
		{"colon before a space", "title: كتاب", []clause{
			{kind: kindWord, text: "title:", col: 1},
			{kind: kindWord, text: "كتاب", col: 8},
		}},
		{"prefix", "أحم* -title:كتا*", []clause{
			{kind: kindPrefix, text: "أحم", col: 1},
			{occur: mustNot, kind: kindPrefix, field: "title", text: "كتا", col: 6},
		}},
		{"fuzzy", "مدرسة~ كتاب~1 مدرسة~2", []clause{
			{kind: kindFuzzy, text: "مدرسة", fuzzy: 1, col: 1},
			{kind: kindFuzzy, text: "كتاب", fuzzy: 1, col: 8},
			{kind: kindFuzzy, text: "مدرسة", fuzzy: 2, col: 15},
		}},
		{"comparisons", "year:>=2020 year:<2024", []clause{
			{kind: kindRange, field: "year", text: ">=2020", lo: "2020", loIncl: true, col: 1},
			{kind: kindRange, field: "year", text: "<2024", hi: "2024", col: 13},
		}},
		{"range", "date:2020-01-01..2021-01-01 year:2000..", []clause{
			{kind: kindRange, field: "date", text: "2020-01-01..2021-01-01", lo: "2020-01-01", hi: "2021-01-01", loIncl: true, hiIncl: true, col: 1},
			{kind: kindRange, field: "year", text: "2000..", lo: "2000", loIncl: true, hiIncl: true, col: 29},
		}},
		{"field value", "year:2020", []clause{{kind: kindWord, field: "year", text: "2020", col: 1}}},
		{"quote ends a word", `كتاب"دار"`, []clause{
			{kind: kindWord, text: "كتاب", col: 1},
			{kind: kindPhrase, text: "دار", col: 5},
		}},
		{"sloppy phrase", `"وزير الخارجية"~3 قال`, []clause{
			{kind: kindPhrase, text: "وزير الخارجية", slop: 3, col: 1},
			{kind: kindWord, text: "قال", col: 19},
		}},
		{"sloppy phrase, default slop", `"وزير الخارجية"~`, []clause{
			{kind: kindPhrase, text: "وزير الخارجية", slop: defaultSlop, col: 1},
		}},
		{"sloppy phrase ~0 is the phrase", `"وزير الخارجية"~0`, []clause{
			{kind: kindPhrase, text: "وزير الخارجية", col: 1},
		}},
		{"sloppy phrase, largest slop", `"وزير الخارجية"~20`, []clause{
			{kind: kindPhrase, text: "وزير الخارجية", slop: 20, col: 1},
		}},
		{"sloppy phrases required, excluded, in a field, arabic-indic digits", `+"دار النشر"~1 -text:"في البيت"~٤ title:"أ ب"~۱۲`, []clause{
			{occur: must, kind: kindPhrase, text: "دار النشر", slop: 1, col: 1},
			{occur: mustNot, kind: kindPhrase, field: "text", text: "في البيت", slop: 4, col: 16},
			{kind: kindPhrase, field: "title", text: "أ ب", slop: 12, col: 35},
		}},
		{"a quote ends the slop", `"أ ب"~2"ج د"~`, []clause{
			{kind: kindPhrase, text: "أ ب", slop: 2, col: 1},
			{kind: kindPhrase, text: "ج د", slop: defaultSlop, col: 8},
		}},
		{"empty", "   ", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseQuery(tt.q, testIsField)
			if err != nil {
				t.Fatalf("parseQuery(%q): %v", tt.q, err)
			}
			if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(clause{})); diff != "" {
				t.Errorf("parseQuery(%q) (-want +got):\n%s", tt.q, diff)
			}
		})
	}
}

func TestParseQueryErrors(t *testing.T) {
	tests := []struct {
		name, q string
		col     int
		msg     string
	}{
		{"unterminated phrase", `كتاب "دار النشر`, 6, `expected a closing "`},
		{"unknown field", "author:طه", 1, `unknown field "author"`},
		{"unknown field after operator", "+author:طه", 2, `unknown field "author"`},
		{"wildcard inside", "ك*تاب", 2, "only at the end"},
		{"short prefix", "ك*", 1, "at least 2 letters"},
		{"fuzziness too high", "مدرسة~3", 7, "at most 2"},
		{"fuzzy garbage", "مدرسة~x", 7, "expected 1 or 2 after ~"},
		{"fuzzy short word", "من~2", 1, "at least 4 letters"},
		{"negative slop", `"أ ب"~-1`, 7, "not negative"},
		{"slop too large", `"أ ب"~21`, 7, "at most 20"},
		{"slop overflow", `"أ ب"~99999999999999999999`, 7, "at most 20"},
		{"slop not a number", `"أ ب"~x`, 7, "expected a number from 0 to 20"},
		{"slop followed by letters", `كتاب "أ ب"~2x`, 12, "expected a number"},
		{"slop decimal", `"أ ب"~1.5`, 7, "expected a number"},
		{"open range", "year:..", 6, "at least one bound"},
		{"comparison without value", "year:>=", 6, "expected a value"},
		{"two ranges", "year:1..2..3", 9, `expected one ".."`},
		{"too long", strings.Repeat("ك", maxQueryRunes+1), maxQueryRunes + 1, "query too long"},
		{"invalid utf-8", "\xff", 1, "not valid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseQuery(tt.q, testIsField)
			var qe *QueryError
			if !errors.As(err, &qe) {
				t.Fatalf("parseQuery(%q) = %v, want a *QueryError", tt.q, err)
			}
			if !errors.Is(err, ErrInvalidQuery) {
				t.Errorf("parseQuery(%q) error %v does not wrap ErrInvalidQuery", tt.q, err)
			}
			if qe.Column != tt.col || !strings.Contains(qe.Msg, tt.msg) {
				t.Errorf("parseQuery(%q) = column %d %q, want column %d containing %q", tt.q, qe.Column, qe.Msg, tt.col, tt.msg)
			}
		})
	}
}

// TestParseLenient: lenient parsing reads what strict parsing refuses as
// plain text, up to the next white space.
func TestParseLenient(t *testing.T) {
	tests := []struct {
		name, q string
		want    []clause
	}{
		{"unclosed quote", `"الصلاة`, []clause{{kind: kindWord, text: `"الصلاة`, col: 1}}},
		{"unclosed quote of two words", `كتاب "دار النشر`, []clause{
			{kind: kindWord, text: "كتاب", col: 1},
			{kind: kindWord, text: `"دار`, col: 6},
			{kind: kindWord, text: "النشر", col: 11},
		}},
		{"trailing minus and plus", "كتاب -", []clause{{kind: kindWord, text: "كتاب", col: 1}}},
		{"lone star", "*", []clause{{kind: kindWord, text: "*", col: 1}}},
		{"one-letter prefix", "ك* قلم", []clause{
			{kind: kindWord, text: "ك*", col: 1},
			{kind: kindWord, text: "قلم", col: 4},
		}},
		{"unknown field", "author:طه", []clause{{kind: kindWord, text: "author:طه", col: 1}}},
		{"bad fuzziness", "مدرسة~3", []clause{{kind: kindWord, text: "مدرسة~3", col: 1}}},
		{"good syntax is unchanged", `+كتاب "دار النشر"`, []clause{
			{occur: must, kind: kindWord, text: "كتاب", col: 1},
			{kind: kindPhrase, text: "دار النشر", col: 7},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseLenient(tt.q, testIsField)
			if err != nil {
				t.Fatalf("parseLenient(%q): %v", tt.q, err)
			}
			if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(clause{})); diff != "" {
				t.Errorf("parseLenient(%q) (-want +got):\n%s", tt.q, diff)
			}
		})
	}
}

// TestParseQueryManyTerms: the parser takes any number of terms; the
// builder keeps the most informative (TestSearchLongQuery).
func TestParseQueryManyTerms(t *testing.T) {
	q := strings.Repeat("كتاب ", 3*maxClauses)
	got, err := parseQuery(q, testIsField)
	if err != nil || len(got) != 3*maxClauses {
		t.Fatalf("parseQuery(%d words) = %d clauses, %v; want %d, nil", 3*maxClauses, len(got), err, 3*maxClauses)
	}
}
