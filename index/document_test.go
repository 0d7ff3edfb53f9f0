package index

import (
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"

	"github.com/fahras/fahras/analysis"
)

func TestPutValidation(t *testing.T) {
	schema := Schema{IDField: "url", Fields: []Field{
		{Name: "year", Type: Number}, {Name: "tags", Type: Keyword}, {Name: "ok", Type: Bool},
		{Name: "when", Type: Date}, {Name: "body", Type: Text},
	}}
	tests := []struct {
		name string
		doc  string // JSON
		want string // substring of the error; "" for valid
	}{
		{"minimal", `{"id": "a"}`, ""},
		{"all types", `{"id": "a", "year": 2020, "tags": ["x", "y"], "ok": true, "when": "2020-01-02T03:04:05Z", "body": "نص"}`, ""},
		{"id from id field", `{"url": "https://example.org/a"}`, ""},
		{"id field of another type", `{"url": 42}`, `field "url": want text, got a number`},
		{"fraction id field", `{"url": 4.5}`, `id field "url": want a string or an integer`},
		{"null skipped", `{"id": "a", "year": null}`, ""},
		{"missing id", `{"body": "نص"}`, `missing id`},
		{"empty id", `{"id": ""}`, `empty id`},
		{"integer id is its string form", `{"id": 7}`, ""},
		{"fraction id", `{"id": 7.5}`, `field "id": want a string or an integer, got a number`},
		{"bool id", `{"id": true}`, `field "id": want a string or an integer, got a boolean`},
		{"nul in id", `{"id": "a\u0000b"}`, `NUL`},
		{"long id", `{"id": "` + strings.Repeat("x", 600) + `"}`, `longer than 512`},
		{"wrong number", `{"id": "a", "year": "2020"}`, `field "year": want number, got a string`},
		{"wrong keyword", `{"id": "a", "tags": [1]}`, `field "tags": want keyword, got a number`},
		{"wrong bool", `{"id": "a", "ok": "yes"}`, `field "ok": want bool`},
		{"bad date", `{"id": "a", "when": "yesterday"}`, `field "when": "yesterday" is not a date: want RFC 3339`},
		{"news date", `{"id": "a", "when": "2015-07-21 02:51:32"}`, ""},
		{"unix seconds", `{"id": "a", "when": 1437446092}`, ""},
		{"bool date", `{"id": "a", "when": true}`, `field "when": want date, got a boolean`},
		{"nested object", `{"id": "a", "meta": {"k": "v"}}`, `field "meta": nested objects`},
		{"nested array", `{"id": "a", "tags": [["x"]]}`, `field "tags": nested arrays`},
		{"reserved name", `{"id": "a", "_score": 1}`, `reserved`},
		{"reserved suffix", `{"id": "a", "body.exact": "x"}`, `suffix .exact`},
		{"oversize", `{"id": "a", "body": "` + strings.Repeat("ك", 600) + `"}`, `larger than the maximum of 1000`},
	}
	dir := filepath.Join(t.TempDir(), "v")
	ix, err := CreateWith(dir, schema, Options{MaxDocBytes: 1000})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dec := json.NewDecoder(strings.NewReader(tt.doc))
			dec.UseNumber()
			var d Document
			if err := dec.Decode(&d); err != nil {
				t.Fatal(err)
			}
			_, err := ix.Put(context.Background(), d)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("Put(%s) = %v, want no error", tt.doc, err)
			case tt.want != "" && (err == nil || !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("Put(%.60s) = %v, want ErrInvalid containing %q", tt.doc, err, tt.want)
			}
		})
	}
	// Invalid UTF-8 cannot come through encoding/json, but can through Go.
	if _, err := ix.Put(context.Background(), Document{"id": "u", "body": "a\xffb"}); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), `field "body": invalid UTF-8`) {
		t.Errorf("Put with invalid UTF-8 = %v", err)
	}
}

// TestReopenSameAnalysis indexes the same text before and after reopening
// and checks that every representation finds both documents.
func TestReopenSameAnalysis(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "re")
	text := "وَالْكِتَابُ فِي المَدْرَسَةِ"
	ix, err := Create(dir, Schema{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Put(ctx, Document{"id": "before", "body": text}); err != nil {
		t.Fatal(err)
	}
	ix.Close()
	if ix, err = Open(dir); err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if _, err := ix.Put(ctx, Document{"id": "after", "body": text}); err != nil {
		t.Fatal(err)
	}
	for _, l := range analysis.Levels {
		field := fieldName("body", l)
		if got, want := ix.bi.Mapping().AnalyzerNameForPath(field), analysis.AnalyzerName(l); got != want {
			t.Errorf("analyzer of %s = %q, want %q", field, got, want)
		}
		for _, tok := range analysis.Analyze([]byte(text), l) {
			q := bleve.NewTermQuery(tok.Term)
			q.SetField(field)
			res, err := ix.bi.Search(bleve.NewSearchRequest(q))
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, h := range res.Hits {
				ids = append(ids, h.ID)
			}
			sort.Strings(ids)
			if strings.Join(ids, ",") != "after,before" {
				t.Errorf("term %q in %s: hits %v, want after and before", tok.Term, field, ids)
			}
		}
	}
}

func TestOpenErrors(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "x")
	if _, err := Open(dir); !errors.Is(err, ErrNotFound) {
		t.Errorf("Open(missing) = %v, want ErrNotFound", err)
	}
	ix, err := Create(dir, Schema{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if _, err := Create(dir, Schema{}); !errors.Is(err, ErrExists) {
		t.Errorf("Create(existing) = %v, want ErrExists", err)
	}
	// flock locks conflict between two opens in one process too.
	_, err = OpenWith(dir, Options{Mode: "search"})
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), "held by") {
		t.Errorf("second Open = %v, want ErrLocked saying who holds it", err)
	}
	if _, err := Create(filepath.Dir(dir), Schema{}); !errors.Is(err, ErrExists) || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("Create in a folder of other files = %v, want ErrExists saying it is not empty", err)
	}
	if ix.Name() != "x" || ix.Path() != dir {
		t.Errorf("Name, Path = %q, %q", ix.Name(), ix.Path())
	}
	st, err := ix.Stats(context.Background())
	if err != nil || st.Name != "x" || st.Documents != 0 || st.SizeBytes == 0 {
		t.Errorf("Stats = %+v, %v", st, err)
	}
}

func TestDerivedID(t *testing.T) {
	tests := []struct {
		name string
		in   any
		want string // "" for an error
	}{
		{"string", "a/b", "a/b"},
		{"json integer", json.Number("12345678901234567"), "12345678901234567"},
		{"json fraction", json.Number("1.5"), ""},
		{"float integer", 42.0, "42"},
		{"int", 7, "7"},
		{"bool", true, ""},
		{"missing", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := derivedID(tt.in, "f")
			if got != tt.want || (err != nil) != (tt.want == "") {
				t.Errorf("derivedID(%#v) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
}
