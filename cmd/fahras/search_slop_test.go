package main

import (
	"bytes"
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/fahras/fahras/index"
)

// buildSlopIndex indexes documents where the words وزير and الخارجية are
// adjacent, one word apart, across a stop word, swapped, three words apart
// and in two array elements, and returns the folder.
func buildSlopIndex(t *testing.T) string {
	t.Helper()
	s, err := index.ParseSchema([]byte(`{"fields": [
		{"name": "text", "type": "text", "search": true},
		{"name": "paras", "type": "text", "search": true}]}`))
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "ix")
	ix, err := index.Create(dir, s)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []index.Document{
		{"id": "adjacent", "text": "صرح وزير الخارجية أمس"},
		{"id": "one", "text": "صرح وزير الشؤون الخارجية أمس"},
		{"id": "stopword", "text": "وزير في الخارجية السابق"},
		{"id": "swapped", "text": "زار الخارجية وزير الدفاع"},
		{"id": "three", "text": "وزير الدولة لشؤون التجارة الخارجية"},
		{"id": "elements", "text": "بيان", "paras": []any{"استقال وزير", "الخارجية تنفي"}},
	} {
		if _, err := ix.Put(context.Background(), d); err != nil {
			t.Fatal(err)
		}
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}

// matchIDs returns the sorted ids of the hits that match the query: those
// with matched words (related hits after the matches have none).
func matchIDs(res *index.Result) []string {
	var out []string
	for _, h := range res.Hits {
		if len(h.Matches) > 0 {
			out = append(out, h.ID)
		}
	}
	slices.Sort(out)
	return out
}

func TestSearchSloppyPhrase(t *testing.T) {
	dir := buildSlopIndex(t)
	tests := []struct {
		name string
		args []string // words of the query
		want []string
	}{
		{"plain phrase", []string{`"وزير الخارجية"`}, []string{"adjacent"}},
		{"~0", []string{`"وزير الخارجية"~0`}, []string{"adjacent"}},
		{"~1: one word or a stop word between", []string{`"وزير الخارجية"~1`}, []string{"adjacent", "one", "stopword"}},
		{"~2 also swapped", []string{`"وزير الخارجية"~2`}, []string{"adjacent", "one", "stopword", "swapped"}},
		{"~ is ~2", []string{`"وزير الخارجية"~`}, []string{"adjacent", "one", "stopword", "swapped"}},
		{"~3", []string{`"وزير الخارجية"~3`}, []string{"adjacent", "one", "stopword", "swapped", "three"}},
		{"array elements", []string{`paras:"وزير الخارجية"~9`}, nil},
		{"required, with other words", []string{`+"وزير الخارجية"~1`, "الدفاع"}, []string{"adjacent", "one", "stopword"}},
		{"excluded", []string{"وزير", `-"وزير الخارجية"~2`}, []string{"elements", "three"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := matchIDs(searchJSON(t, dir, nil, strings.Join(tt.args, " ")))
			if !cmp.Equal(tt.want, got) && len(tt.want)+len(got) > 0 {
				t.Errorf("fahras search %q = %v, want %v", tt.args, got, tt.want)
			}
		})
	}
}

// TestSearchSloppyPhraseMarks: the words of the match are marked, in the
// JSON highlights and in the text output.
func TestSearchSloppyPhraseMarks(t *testing.T) {
	dir := buildSlopIndex(t)
	res := searchJSON(t, dir, nil, `"وزير الخارجية"~3`)
	want := map[string]string{
		"one":      "صرح <mark>وزير</mark> الشؤون <mark>الخارجية</mark> أمس",
		"swapped":  "زار <mark>الخارجية</mark> <mark>وزير</mark> الدفاع",
		"three":    "<mark>وزير</mark> الدولة لشؤون التجارة <mark>الخارجية</mark>",
		"stopword": "<mark>وزير</mark> في <mark>الخارجية</mark> السابق",
	}
	for _, h := range res.Hits {
		if w, ok := want[h.ID]; ok {
			if got := strings.Join(h.Highlights["text"], " | "); got != w {
				t.Errorf("%s highlight %q, want %q", h.ID, got, w)
			}
			delete(want, h.ID)
		}
	}
	if len(want) > 0 {
		t.Errorf("no hits %v", want)
	}
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"search", "-index", dir, `"وزير الخارجية"~1`}, nil, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if out := stdout.String(); !strings.Contains(out, "صرح [وزير] الشؤون [الخارجية] أمس") {
		t.Errorf("text output lacks the marked match:\n%s", out)
	}
}

func TestSearchSloppyPhraseErrors(t *testing.T) {
	dir := buildSlopIndex(t)
	for _, tt := range []struct{ q, stderr string }{
		{`"وزير الخارجية"~25`, "invalid query at character 17: the slop after ~ is at most 20"},
		{`"وزير الخارجية"~-2`, "invalid query at character 17: the slop after ~ is a number from 0 to 20, not negative"},
		{`"وزير الخارجية"~ثلاثة`, "invalid query at character 17: expected a number from 0 to 20 after ~"},
	} {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), []string{"search", "-index", dir, tt.q}, nil, &stdout, &stderr)
		if code != 1 || !strings.Contains(stderr.String(), tt.stderr) {
			t.Errorf("fahras search %q = exit %d, stderr %q; want exit 1 containing %q", tt.q, code, stderr.String(), tt.stderr)
		}
	}
}
