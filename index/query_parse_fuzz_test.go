package index

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/fahras/fahras/syntax"
)

// FuzzParseQuery checks the query parser on any string: it never panics,
// an error is a *QueryError wrapping ErrInvalidQuery with a column inside
// the query, and parsed clauses respect the limits. Every query is then
// searched on a small index (query_build.go): the only error allowed is an
// invalid query.
func FuzzParseQuery(f *testing.F) {
	for _, q := range []string{
		`الكتاب "العلم النافع" +قال -كان title:كتاب`,
		`كتا* كتاب~ كتاب~2 year:>=2020 year:2020..2024 tag:"a b" tag:x*`,
		`"unterminated ~9 ** :: year:.. year:a..b +"" -* +-x`,
		`unknown:x قال: ٱللَّهِ 𝐌𝐨 🎉 ‏ ـــ`,
		`"كتاب العلم"~3 +"الكتب النافعة"~ -title:"العلم كتاب"~٢ tag:"a b"~1 "x"~-1 "في كتابه"~20"قال"~99`,
		`اتفاقية ""سيداو"" تقول "" +"" title:"" ""~3 """"`,
		`"الصلاة`, `كتاب -`, `كتاب +`, `*`, `ك* "`, `title:"غير مغلق`, `(الكتاب`, `year:>= tag:~ "أ"~x`,
		strings.Repeat("الكتاب العلم قال الكاتب ", 30) + `"كتاب العلم" -المكتبة year:2020`,
	} {
		f.Add(q)
	}
	ix, err := Create(filepath.Join(f.TempDir(), "fz"), Schema{Fields: []Field{
		{Name: "title", Type: Text, Search: true, Boost: 2},
		{Name: "text", Type: Text, Search: true},
		{Name: "year", Type: Number, Filter: true, Sort: true},
		{Name: "tag", Type: Keyword, Filter: true, Facet: true},
		{Name: "when", Type: Date, Filter: true},
	}})
	if err != nil {
		f.Fatal(err)
	}
	defer ix.Close()
	ctx := context.Background()
	for _, d := range []Document{
		{"id": "1", "title": "كتاب العلم", "text": "قال الكاتب في كتابه", "year": 2020, "tag": "a b", "when": "2020-01-02T00:00:00Z"},
		{"id": "2", "title": "المكتبة", "text": "الكتب النافعة", "year": 2024, "tag": "x"},
	} {
		if _, err := ix.Put(ctx, d); err != nil {
			f.Fatal(err)
		}
	}
	isField := func(name string) bool { _, ok := ix.field(name); return ok }
	f.Fuzz(func(t *testing.T, q string) {
		clauses, err := syntax.Parse(q, isField)
		if err != nil {
			checkQueryError(t, q, err)
		} else {
			checkClauses(t, q, clauses)
		}
		for _, all := range []bool{false, true} {
			_, err := ix.Search(ctx, Request{Query: q, All: all, Size: 3})
			if err != nil && !errors.Is(err, ErrInvalidQuery) && !errors.Is(err, ErrInvalid) {
				t.Fatalf("search %q (all %v): %v", q, all, err)
			}
		}
		checkLenient(t, ctx, ix, q, isField)
	})
}

// checkLenient: lenient parsing and search take any valid UTF-8 query up
// to the length limit.
func checkLenient(t *testing.T, ctx context.Context, ix *Index, q string, isField func(string) bool) {
	t.Helper()
	if !utf8.ValidString(q) || utf8.RuneCountInString(q) > syntax.MaxQueryRunes {
		return
	}
	if _, err := syntax.ParseLenient(q, isField); err != nil {
		t.Fatalf("ParseLenient(%q): %v", q, err)
	}
	if _, err := ix.Search(ctx, Request{Query: q, Lenient: true, Size: 3}); err != nil && !strings.Contains(err.Error(), "expands to more than") {
		t.Fatalf("lenient search %q: %v", q, err)
	}
}

func checkQueryError(t *testing.T, q string, err error) {
	t.Helper()
	var qe *QueryError
	if !errors.As(err, &qe) || !errors.Is(err, ErrInvalidQuery) {
		t.Fatalf("parse %q: error %v (%T) is not a QueryError", q, err, err)
	}
	if n := utf8.RuneCountInString(q); qe.Column < 1 || qe.Column > max(n, syntax.MaxQueryRunes)+1 {
		t.Fatalf("parse %q: error column %d outside 1..%d", q, qe.Column, n+1)
	}
	if qe.Msg == "" {
		t.Fatalf("parse %q: empty message", q)
	}
}

func checkClauses(t *testing.T, q string, clauses []syntax.Clause) {
	t.Helper()
	n := utf8.RuneCountInString(q)
	for _, c := range clauses {
		if c.Col < 1 || c.Col > n {
			t.Fatalf("parse %q: clause %+v at column %d outside 1..%d", q, c, c.Col, n)
		}
		if c.Fuzzy < 0 || c.Fuzzy > syntax.MaxFuzziness {
			t.Fatalf("parse %q: clause %+v has fuzziness %d", q, c, c.Fuzzy)
		}
		if c.Slop < 0 || c.Slop > syntax.MaxSlop || (c.Slop > 0 && c.Kind != syntax.KindPhrase) {
			t.Fatalf("parse %q: clause %+v has slop %d", q, c, c.Slop)
		}
		if (c.Kind == syntax.KindPrefix || c.Kind == syntax.KindFuzzy) && c.Text == "" {
			t.Fatalf("parse %q: empty %v term %+v", q, c.Kind, c)
		}
		if c.Kind == syntax.KindRange && c.Field == "" {
			t.Fatalf("parse %q: range clause without a field %+v", q, c)
		}
	}
}
