package index

import (
	"errors"
	"strings"
	"testing"
)

func TestParseSchema(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string // substring of the error; "" for valid
	}{
		{"empty", `{}`, ""},
		{"typed fields", `{"fields": [{"name": "year", "type": "number", "sort": true}, {"name": "body", "type": "text"}]}`, ""},
		{"id field", `{"id_field": "url", "fields": [{"name": "url", "type": "keyword"}]}`, ""},
		{"not json", `{"fields": [`, "schema"},
		{"unknown key", `{"feilds": []}`, "feilds"},
		{"unknown type", `{"fields": [{"name": "x", "type": "string"}]}`, `unknown type "string"`},
		{"empty name", `{"fields": [{"name": "", "type": "text"}]}`, "empty field name"},
		{"reserved prefix", `{"fields": [{"name": "_all", "type": "text"}]}`, "reserved"},
		{"reserved suffix", `{"fields": [{"name": "title.exact", "type": "text"}]}`, "suffix .exact is reserved"},
		{"empty segment", `{"fields": [{"name": "a..b", "type": "text"}]}`, "empty path segment"},
		{"twice", `{"fields": [{"name": "a", "type": "text"}, {"name": "a", "type": "keyword"}]}`, "declared twice"},
		{"id not keyword", `{"fields": [{"name": "id", "type": "text"}]}`, "always a keyword"},
		{"negative boost", `{"fields": [{"name": "a", "type": "text", "boost": -1}]}`, "negative boost"},
		{"search keyword", `{"fields": [{"name": "a", "type": "keyword", "search": true}]}`, "only text fields"},
		{"facet text", `{"fields": [{"name": "a", "type": "text", "facet": true}]}`, "cannot be a facet"},
		{"bool id field", `{"id_field": "b", "fields": [{"name": "b", "type": "bool"}]}`, "id_field"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseSchema([]byte(tt.in))
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("ParseSchema(%s) = %v, want no error", tt.in, err)
			case tt.want != "" && (err == nil || !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("ParseSchema(%s) = %v, want ErrInvalid containing %q", tt.in, err, tt.want)
			}
		})
	}
}

func TestSchemaDefaults(t *testing.T) {
	tests := []struct {
		name       string
		in         string
		wantSearch map[string]bool
	}{
		{"no search flag: every text field", `{"fields": [{"name": "a", "type": "text"}, {"name": "b", "type": "text"}]}`,
			map[string]bool{"a": true, "b": true}},
		{"search flag: only those", `{"fields": [{"name": "a", "type": "text", "search": true}, {"name": "b", "type": "text"}]}`,
			map[string]bool{"a": true, "b": false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := ParseSchema([]byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if f := s.Fields[0]; f.Name != IDName || f.Type != Keyword {
				t.Errorf("first field = %+v, want the keyword id", f)
			}
			for name, want := range tt.wantSearch {
				f, _ := s.lookup(name)
				if f.Search != want || f.Boost != 1 {
					t.Errorf("field %s: Search=%v Boost=%g, want Search=%v Boost=1", name, f.Search, f.Boost, want)
				}
			}
		})
	}
}

func TestMerge(t *testing.T) {
	have := Schema{Fields: []Field{{Name: "year", Type: Number, Filter: true, Sort: true, Discovered: true}}}.normalized()
	tests := []struct {
		name string
		want Schema
		err  string
	}{
		{"new field", Schema{Fields: []Field{{Name: "tags", Type: Keyword}}}, ""},
		{"redeclare discovered with same type", Schema{Fields: []Field{{Name: "year", Type: Number, Facet: true}}}, ""},
		{"redeclare with other flags, in place", Schema{Fields: []Field{{Name: "year", Type: Number, Sort: false, Facet: true}}}, ""},
		{"change type", Schema{Fields: []Field{{Name: "year", Type: Text}}}, `field "year" declared as text, but the index has it as number (a new type needs the documents indexed again`},
		{"change id field", Schema{IDField: "url"}, "id_field"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := merge(have, tt.want)
			if (err == nil) != (tt.err == "") || err != nil && !strings.Contains(err.Error(), tt.err) {
				t.Errorf("merge = %v, want error containing %q", err, tt.err)
			}
		})
	}
}
