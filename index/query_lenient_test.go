package index

import (
	"context"
	"errors"
	"testing"
)

// TestSearchLenient: what a person is still typing is an error when
// strict (with its position) and plain text when lenient.
func TestSearchLenient(t *testing.T) {
	ctx := context.Background()
	ix := mustCreate(t, Schema{Fields: []Field{
		{Name: "text", Type: Text, Search: true},
		{Name: "year", Type: Number, Filter: true},
	}})
	for _, d := range []Document{
		{"id": "1", "text": "أقيموا الصلاة وآتوا الزكاة", "year": 2020},
		{"id": "2", "text": "الكتاب في المكتبة", "year": 2021},
	} {
		if _, err := ix.Put(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name, q string
		strict  bool // strict parsing accepts it
		hits    uint64
	}{
		{"unclosed quote", `"الصلاة`, false, 1},
		{"unclosed phrase", `"الصلاة والزكاة`, false, 1},
		{"trailing minus", `الصلاة -`, true, 1},
		{"trailing plus", `الكتاب +`, true, 1},
		{"lone star", `*`, false, 0},
		{"star after a word", `الكتاب *`, false, 1},
		{"one-letter prefix", `ا*`, false, 0},
		{"text value on a number field", `year:ألفين الكتاب`, false, 1},
		{"range on a text field", `text:1..2 الصلاة`, false, 1},
		{"empty phrase", `اتفاقية ""الصلاة"" تقول`, true, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ix.Search(ctx, Request{Query: tt.q})
			if tt.strict != (err == nil) {
				t.Errorf("strict Search(%q) error %v, want error: %v", tt.q, err, !tt.strict)
			}
			var qe *QueryError
			if err != nil && (!errors.As(err, &qe) || qe.Column < 1) {
				t.Errorf("strict Search(%q) error %v has no position", tt.q, err)
			}
			res, err := ix.Search(ctx, Request{Query: tt.q, Lenient: true})
			if err != nil {
				t.Fatalf("lenient Search(%q): %v", tt.q, err)
			}
			if res.Total != tt.hits {
				t.Errorf("lenient Search(%q) = %d hits, want %d", tt.q, res.Total, tt.hits)
			}
		})
	}
}
