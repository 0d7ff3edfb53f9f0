package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/fahras/fahras/client"
)

const stopDocs = `{"id": "d1", "text": "المسافة بين المدينتين قصيرة"}
{"id": "d2", "text": "أخبار الرياضة اليوم"}
`

// searchIDs runs "fahras search -json" and returns the ids of the hits.
func searchIDs(t *testing.T, dir, q string) []string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"search", "-index", dir, "-json", "-related=false", q}, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("fahras search %q: exit %d: %s", q, code, &stderr)
	}
	var res struct{ Hits []struct{ ID string } }
	if err := json.Unmarshal(stdout.Bytes(), &res); err != nil {
		t.Fatalf("fahras search %q: %v\n%s", q, err, &stdout)
	}
	var ids []string
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	return ids
}

// TestIndexStopWords gives a new index its stop list with "fahras index
// -stop-words FILE" and with the schema file's stop_words: a word added
// to the list is no longer found by "fahras search", a word taken out is.
func TestIndexStopWords(t *testing.T) {
	tmp := t.TempDir()
	data := filepath.Join(tmp, "docs.jsonl")
	os.WriteFile(data, []byte(stopDocs), 0o644)
	list := filepath.Join(tmp, "stop.txt")
	os.WriteFile(list, []byte("# our own list\nالرياضة في من\n"), 0o644)
	schema := filepath.Join(tmp, "schema.json")
	os.WriteFile(schema, []byte(`{"fields": [{"name": "text", "type": "text"}], "stop_words": {"add": ["الرياضة"], "remove": ["بين"]}}`), 0o644)
	tests := []struct {
		name string
		args []string
	}{
		{"-stop-words FILE", []string{"-stop-words", list}},
		{"schema stop_words", []string{"-schema", schema}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "ix")
			args := append(append([]string{"-index", dir}, tt.args...), data)
			if code, _, stderr := indexRun(t, "", args...); code != 0 {
				t.Fatalf("fahras index: exit %d: %s", code, stderr)
			}
			for q, want := range map[string][]string{"بين": {"d1"}, "الرياضة": nil, "المدينتين": {"d1"}} {
				if got := searchIDs(t, dir, q); !slices.Equal(got, want) {
					t.Errorf("fahras search %q = %q, want %q", q, got, want)
				}
			}
			// The list is the index's: another one is refused on a later load.
			other := filepath.Join(t.TempDir(), "other.txt")
			os.WriteFile(other, []byte("اليوم\n"), 0o644)
			if code, _, stderr := indexRun(t, "", "-index", dir, "-stop-words", other, data); code != 2 || !strings.Contains(stderr, "stop_words differ") {
				t.Errorf("another stop list on the index: exit %d, want 2 saying the lists differ:\n%s", code, stderr)
			}
		})
	}
	dir := filepath.Join(tmp, "builtin")
	if code, _, stderr := indexRun(t, "", "-index", dir, data); code != 0 {
		t.Fatalf("fahras index: exit %d: %s", code, stderr)
	}
	if got := searchIDs(t, dir, "الرياضة"); !slices.Equal(got, []string{"d2"}) {
		t.Errorf("built-in list: fahras search الرياضة = %q, want d2", got)
	}
}

// TestServeStopWords creates an index over the API with stop_words in its
// schema: the analyze endpoint shows the index's list at work, and search
// finds the removed stop word and not the added one.
func TestServeStopWords(t *testing.T) {
	s := startServe(t, "-data", t.TempDir())
	c := client.New(s.url)
	ctx := context.Background()
	schema := &client.Schema{Fields: []client.Field{{Name: "text", Type: "text"}},
		StopWords: &client.StopWords{Add: []string{"الرياضة"}, Remove: []string{"بين"}}}
	if _, err := c.CreateIndex(ctx, "news", schema); err != nil {
		t.Fatal(err)
	}
	if sum, err := c.Bulk(ctx, "news", strings.NewReader(stopDocs), nil); err != nil || sum.Indexed != 2 {
		t.Fatalf("Bulk = %+v, %v", sum, err)
	}
	info, err := c.GetIndex(ctx, "news")
	if err != nil || info.Schema.StopWords == nil || !slices.Equal(info.Schema.StopWords.Add, []string{"الرياضة"}) {
		t.Fatalf("GET the index: schema %+v, %v; want its stop_words", info, err)
	}
	surfaces := func(index string) string {
		an, err := c.AnalyzeIndex(ctx, index, "بين الرياضة", "stem")
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, tok := range an.Stages[0].Tokens {
			out = append(out, tok.Surface)
		}
		return strings.Join(out, " ")
	}
	if got := surfaces("news"); got != "بين" {
		t.Errorf("analyze with index news: words %q, want بين only", got)
	}
	if got := surfaces(""); got != "الرياضة" {
		t.Errorf("analyze with the built-in list: words %q, want الرياضة only", got)
	}
	if _, err := c.AnalyzeIndex(ctx, "nope", "بين", ""); serveErrorCode(err) != "not_found" {
		t.Errorf("analyze with an absent index: %v, want not_found", err)
	}
	for q, want := range map[string]uint64{"بين": 1, "الرياضة": 0} {
		var got uint64
		res, err := c.Search(ctx, "news", client.Request{Query: q})
		if err == nil {
			got = res.Total
		} else if serveErrorCode(err) != "invalid_query" { // a query of stop words only
			t.Fatalf("search %q: %v", q, err)
		}
		if got != want {
			t.Errorf("search %q: %d hits, want %d", q, got, want)
		}
	}
}
