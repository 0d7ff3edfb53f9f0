package syntax

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
		want    []Clause
	}{
		{"plain words", "وزير الخارجية", []Clause{
			{Kind: KindWord, Text: "وزير", Col: 1},
			{Kind: KindWord, Text: "الخارجية", Col: 6},
		}},
		{"phrase", `"وزير الخارجية" قال`, []Clause{
			{Kind: KindPhrase, Text: "وزير الخارجية", Col: 1},
			{Kind: KindWord, Text: "قال", Col: 17},
		}},
		{"required and excluded", `+كتاب -قلم +"دار النشر"`, []Clause{
			{Occur: Must, Kind: KindWord, Text: "كتاب", Col: 1},
			{Occur: MustNot, Kind: KindWord, Text: "قلم", Col: 7},
			{Occur: Must, Kind: KindPhrase, Text: "دار النشر", Col: 12},
		}},
		{"empty phrases are ignored", `اتفاقية ""سيداو"" تقول "" " " +"" title:"" ""~3`, []Clause{
			{Kind: KindWord, Text: "اتفاقية", Col: 1},
			{Kind: KindWord, Text: "سيداو", Col: 11},
			{Kind: KindWord, Text: "تقول", Col: 19},
		}},
		{"lone operators are punctuation", "كتاب - قلم +", []Clause{
			{Kind: KindWord, Text: "كتاب", Col: 1},
			{Kind: KindWord, Text: "قلم", Col: 8},
		}},
		{"field word and phrase", `title:كتاب text:"في البيت"`, []Clause{
			{Kind: KindWord, Field: "title", Text: "كتاب", Col: 1},
			{Kind: KindPhrase, Field: "text", Text: "في البيت", Col: 12},
		}},
		{"arabic field name", "عنوان:كتاب", []Clause{
			{Kind: KindWord, Field: "عنوان", Text: "كتاب", Col: 1},
		}},
		{"colon after a word that is no field", "قال:نعم", []Clause{
			{Kind: KindWord, Text: "قال:نعم", Col: 1},
		}},
		{"colon before a space", "title: كتاب", []Clause{
			{Kind: KindWord, Text: "title:", Col: 1},
			{Kind: KindWord, Text: "كتاب", Col: 8},
		}},
		{"prefix", "أحم* -title:كتا*", []Clause{
			{Kind: KindPrefix, Text: "أحم", Col: 1},
			{Occur: MustNot, Kind: KindPrefix, Field: "title", Text: "كتا", Col: 6},
		}},
		{"fuzzy", "مدرسة~ كتاب~1 مدرسة~2", []Clause{
			{Kind: KindFuzzy, Text: "مدرسة", Fuzzy: 1, Col: 1},
			{Kind: KindFuzzy, Text: "كتاب", Fuzzy: 1, Col: 8},
			{Kind: KindFuzzy, Text: "مدرسة", Fuzzy: 2, Col: 15},
		}},
		{"comparisons", "year:>=2020 year:<2024", []Clause{
			{Kind: KindRange, Field: "year", Text: ">=2020", Lo: "2020", LoIncl: true, Col: 1},
			{Kind: KindRange, Field: "year", Text: "<2024", Hi: "2024", Col: 13},
		}},
		{"range", "date:2020-01-01..2021-01-01 year:2000..", []Clause{
			{Kind: KindRange, Field: "date", Text: "2020-01-01..2021-01-01", Lo: "2020-01-01", Hi: "2021-01-01", LoIncl: true, HiIncl: true, Col: 1},
			{Kind: KindRange, Field: "year", Text: "2000..", Lo: "2000", LoIncl: true, HiIncl: true, Col: 29},
		}},
		{"field value", "year:2020", []Clause{{Kind: KindWord, Field: "year", Text: "2020", Col: 1}}},
		{"quote ends a word", `كتاب"دار"`, []Clause{
			{Kind: KindWord, Text: "كتاب", Col: 1},
			{Kind: KindPhrase, Text: "دار", Col: 5},
		}},
		{"sloppy phrase", `"وزير الخارجية"~3 قال`, []Clause{
			{Kind: KindPhrase, Text: "وزير الخارجية", Slop: 3, Col: 1},
			{Kind: KindWord, Text: "قال", Col: 19},
		}},
		{"sloppy phrase, default slop", `"وزير الخارجية"~`, []Clause{
			{Kind: KindPhrase, Text: "وزير الخارجية", Slop: DefaultSlop, Col: 1},
		}},
		{"sloppy phrase ~0 is the phrase", `"وزير الخارجية"~0`, []Clause{
			{Kind: KindPhrase, Text: "وزير الخارجية", Col: 1},
		}},
		{"sloppy phrase, largest slop", `"وزير الخارجية"~20`, []Clause{
			{Kind: KindPhrase, Text: "وزير الخارجية", Slop: 20, Col: 1},
		}},
		{"sloppy phrases required, excluded, in a field, arabic-indic digits", `+"دار النشر"~1 -text:"في البيت"~٤ title:"أ ب"~۱۲`, []Clause{
			{Occur: Must, Kind: KindPhrase, Text: "دار النشر", Slop: 1, Col: 1},
			{Occur: MustNot, Kind: KindPhrase, Field: "text", Text: "في البيت", Slop: 4, Col: 16},
			{Kind: KindPhrase, Field: "title", Text: "أ ب", Slop: 12, Col: 35},
		}},
		{"a quote ends the slop", `"أ ب"~2"ج د"~`, []Clause{
			{Kind: KindPhrase, Text: "أ ب", Slop: 2, Col: 1},
			{Kind: KindPhrase, Text: "ج د", Slop: DefaultSlop, Col: 8},
		}},
		{"empty", "   ", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.q, testIsField)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.q, err)
			}
			if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(Clause{})); diff != "" {
				t.Errorf("Parse(%q) (-want +got):\n%s", tt.q, diff)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
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
		{"too long", strings.Repeat("ك", MaxQueryRunes+1), MaxQueryRunes + 1, "query too long"},
		{"invalid utf-8", "\xff", 1, "not valid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.q, testIsField)
			var qe *Error
			if !errors.As(err, &qe) {
				t.Fatalf("Parse(%q) = %v, want a *Error", tt.q, err)
			}
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("Parse(%q) error %v does not wrap ErrInvalid", tt.q, err)
			}
			if qe.Column != tt.col || !strings.Contains(qe.Msg, tt.msg) {
				t.Errorf("Parse(%q) = column %d %q, want column %d containing %q", tt.q, qe.Column, qe.Msg, tt.col, tt.msg)
			}
		})
	}
}

// TestParseLenient: lenient parsing reads what strict parsing refuses as
// plain text, up to the next white space.
func TestParseLenient(t *testing.T) {
	tests := []struct {
		name, q string
		want    []Clause
	}{
		{"unclosed quote", `"الصلاة`, []Clause{{Kind: KindWord, Text: `"الصلاة`, Col: 1}}},
		{"unclosed quote of two words", `كتاب "دار النشر`, []Clause{
			{Kind: KindWord, Text: "كتاب", Col: 1},
			{Kind: KindWord, Text: `"دار`, Col: 6},
			{Kind: KindWord, Text: "النشر", Col: 11},
		}},
		{"trailing minus and plus", "كتاب -", []Clause{{Kind: KindWord, Text: "كتاب", Col: 1}}},
		{"lone star", "*", []Clause{{Kind: KindWord, Text: "*", Col: 1}}},
		{"one-letter prefix", "ك* قلم", []Clause{
			{Kind: KindWord, Text: "ك*", Col: 1},
			{Kind: KindWord, Text: "قلم", Col: 4},
		}},
		{"unknown field", "author:طه", []Clause{{Kind: KindWord, Text: "author:طه", Col: 1}}},
		{"bad fuzziness", "مدرسة~3", []Clause{{Kind: KindWord, Text: "مدرسة~3", Col: 1}}},
		{"good syntax is unchanged", `+كتاب "دار النشر"`, []Clause{
			{Occur: Must, Kind: KindWord, Text: "كتاب", Col: 1},
			{Kind: KindPhrase, Text: "دار النشر", Col: 7},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseLenient(tt.q, testIsField)
			if err != nil {
				t.Fatalf("ParseLenient(%q): %v", tt.q, err)
			}
			if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(Clause{})); diff != "" {
				t.Errorf("ParseLenient(%q) (-want +got):\n%s", tt.q, diff)
			}
		})
	}
}

// TestParseQueryManyTerms: the parser takes any number of terms; the
// builder keeps the most informative (TestSearchLongQuery).
func TestParseQueryManyTerms(t *testing.T) {
	q := strings.Repeat("كتاب ", 3*MaxClauses)
	got, err := Parse(q, testIsField)
	if err != nil || len(got) != 3*MaxClauses {
		t.Fatalf("Parse(%d words) = %d clauses, %v; want %d, nil", 3*MaxClauses, len(got), err, 3*MaxClauses)
	}
}
