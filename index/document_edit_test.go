package index

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestUpdate(t *testing.T) {
	ix := mustSearchIndex(t)
	ctx := context.Background()
	got, err := ix.Update(ctx, "d01", Document{"title": "وزيرة الخارجية تزور عمّان", "date": nil, "year": 2025.0})
	if err != nil {
		t.Fatal(err)
	}
	stored, err := ix.Get(ctx, "d01")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(got, stored); diff != "" {
		t.Errorf("Update's answer differs from the stored document (-update +get):\n%s", diff)
	}
	if _, ok := stored["date"]; ok {
		t.Errorf("date set to null is still stored: %v", stored["date"])
	}
	if stored["year"] != float64(2025) || stored["category"] != "سياسة" || !strings.HasPrefix(stored["text"].(string), "وصل وزير") {
		t.Errorf("merged document: %v", stored)
	}
	// The new title is searched, the old one no longer.
	for q, want := range map[string]int{"title:عمان": 1, "title:القاهرة": 0, "year:2025": 1} {
		res, err := ix.Search(ctx, Request{Query: q})
		if err != nil {
			t.Fatal(err)
		}
		if int(res.Total) != want {
			t.Errorf("%s: %d hits, want %d", q, res.Total, want)
		}
	}
	tests := []struct {
		name   string
		id     string
		patch  Document
		target error
		msg    string
	}{
		{"absent", "nope", Document{"title": "x"}, ErrNotFound, `"nope"`},
		{"id change", "d02", Document{"id": "d99"}, ErrInvalid, "cannot change"},
		{"wrong type", "d02", Document{"year": "ألفان"}, ErrInvalid, `field "year": want number`},
		{"nested object", "d02", Document{"meta": map[string]any{"a": "b"}}, ErrInvalid, "nested objects"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ix.Update(ctx, tt.id, tt.patch)
			if !errors.Is(err, tt.target) || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("Update = %v, want %v containing %q", err, tt.target, tt.msg)
			}
		})
	}
	if d, _ := ix.Get(ctx, "d02"); d["year"] != float64(2020) {
		t.Errorf("a refused update changed d02: %v", d)
	}
}

func TestDeleteByQuery(t *testing.T) {
	tests := []struct {
		name    string
		req     Request
		deleted int
		gone    []string
	}{
		{"words", Request{Query: "+الخارجية"}, 2, []string{"d01", "d02"}},
		{"filter alone", Request{Filters: []Filter{{Field: "category", Terms: []string{"سياسة"}}}}, 2, []string{"d01", "d02"}},
		{"range", Request{Query: "year:>=2024"}, 1, nil},
		{"ه for ة is the same word", Request{Query: "الخارجيه"}, 2, nil},
		// A search finds d01 and d02 through the typo's edits; deleting does not.
		{"a typo deletes nothing", Request{Query: "الخارجبة"}, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix := mustSearchIndex(t)
			ctx := context.Background()
			before, err := ix.Search(ctx, Request{Query: tt.req.Query, Filters: tt.req.Filters})
			if err != nil {
				t.Fatal(err)
			}
			n, err := ix.DeleteByQuery(ctx, tt.req)
			if err != nil {
				t.Fatal(err)
			}
			if tt.name == "a typo deletes nothing" && before.Total == 0 {
				t.Fatalf("a search of %q finds nothing: the case tests nothing", tt.req.Query)
			}
			if n != tt.deleted {
				t.Errorf("deleted %d, want %d (a search finds %d)", n, tt.deleted, before.Total)
			}
			st, _ := ix.Stats(ctx)
			if st.Documents != uint64(12-n) {
				t.Errorf("%d documents left, want %d", st.Documents, 12-n)
			}
			for _, id := range tt.gone {
				if _, err := ix.Get(ctx, id); !errors.Is(err, ErrNotFound) {
					t.Errorf("%s: %v, want not found", id, err)
				}
			}
		})
	}
	ix := mustSearchIndex(t)
	if _, err := ix.DeleteByQuery(context.Background(), Request{Query: "  "}); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "drop the index") {
		t.Errorf("empty request: %v", err)
	}
	if _, err := ix.DeleteByQuery(context.Background(), Request{Query: `"دار`}); !errors.Is(err, ErrInvalidQuery) {
		t.Errorf("bad syntax: %v", err)
	}
}
