package main

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/fahras/fahras/analysis"
	"github.com/fahras/fahras/client"
	"github.com/fahras/fahras/index"
)

// headQueries are the most common queries of a Qur'an search, as people
// type them (المومنين without its hamza, الرحمان in plene spelling), and
// the stem every word marked on their first page must have.
var headQueries = []struct{ query, stem string }{
	{"الله", "الله"},
	{"الرحمن", "رحمن"},
	{"الرحمان", "رحمن"},
	{"الصلاة", "صلا"},
	{"المؤمنين", "مومن"},
	{"المومنين", "مومن"},
	{"الكافرين", "كافر"},
	{"ءامنوا", "امن"},
	{"حين", "حين"},
}

// TestHeadQueries: on the demo, the first page of every head query holds
// the word itself in every hit, and marks no look-alike (اللهو، اللهب،
// لهذا for الله; كافورا for الكافرين), through the CLI and, with search as
// you type as the page sends it, through the HTTP API.
func TestHeadQueries(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the demo index")
	}
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir())
	for _, hq := range headQueries {
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), []string{"search", "-json", "-related=false", hq.query}, nil, &stdout, &stderr); code != 0 {
			t.Fatalf("fahras search %s: exit %d: %s", hq.query, code, stderr.String())
		}
		var res index.Result
		if err := json.Unmarshal(stdout.Bytes(), &res); err != nil {
			t.Fatal(err)
		}
		for _, h := range res.Hits {
			checkMarks(t, "fahras search "+hq.query, h.ID, h.Highlights["text"], hq.stem)
		}
	}
	s := startServe(t, "-log", "off")
	for _, hq := range headQueries {
		res, err := client.New(s.url).Search(context.Background(), "quran", client.Request{Query: hq.query, PrefixLast: true, Related: new(bool)})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) == 0 {
			t.Errorf("HTTP %s: no hits", hq.query)
		}
		for _, h := range res.Hits {
			checkMarks(t, "HTTP "+hq.query, h.ID, h.Highlights["text"], hq.stem)
		}
	}
}

// checkMarks fails unless the fragments mark at least one word and every
// marked word has stem among its readings.
func checkMarks(t *testing.T, what, id string, fragments []string, stem string) {
	t.Helper()
	n := 0
	for _, f := range fragments {
		for _, part := range strings.Split(f, "<mark>")[1:] {
			word, _, _ := strings.Cut(part, "</mark>")
			n++
			var stems []string
			for _, tok := range analysis.Analyze([]byte(word), analysis.Stem) {
				stems = append(stems, tok.Term)
			}
			if !slices.Contains(stems, stem) {
				t.Errorf("%s: %s marks %s (%v), not a form of %s", what, id, word, stems, stem)
			}
		}
	}
	if n == 0 {
		t.Errorf("%s: %s marks nothing: %q", what, id, fragments)
	}
}
