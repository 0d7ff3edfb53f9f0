package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSearchEmptyPhraseAndLongQuery: through fahras search, doubled quotes
// (an empty phrase) are no error, and a pasted passage of more than 64
// terms is searched by its rarest words, saying which were left out.
func TestSearchEmptyPhraseAndLongQuery(t *testing.T) {
	dir := buildSearchIndex(t)
	search := func(q string) (int, string, string) {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), []string{"search", "-index", dir, q}, nil, &stdout, &stderr)
		return code, stdout.String(), stderr.String()
	}
	code, out, errs := search(`زيارة ""وزير الخارجية"" القاهرة`)
	if code != 0 || !strings.Contains(out, "d01") {
		t.Errorf("empty phrases: exit %d, stdout:\n%s\nstderr:\n%s", code, out, errs)
	}
	// An unclosed quote: an error with its position, or text with -lenient.
	if code, _, errs := search(`"وزير الخارجية`); code == 0 || !strings.Contains(errs, "invalid query at character 1") {
		t.Errorf("strict unclosed quote: exit %d, stderr:\n%s", code, errs)
	}
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"search", "-index", dir, "-lenient", `"وزير الخارجية`}, nil, &stdout, &stderr); code != 0 || !strings.Contains(stdout.String(), "d01") {
		t.Errorf("-lenient unclosed quote: exit %d, stdout:\n%s\nstderr:\n%s", code, stdout.String(), stderr.String())
	}
	// Every text of the fixture, one after the other, cut to 1024 characters.
	raw, err := os.ReadFile(filepath.Join(searchFixtures, "docs.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	var passage []rune
	for _, line := range strings.Split(string(raw), "\n") {
		var d struct{ Text string }
		if json.Unmarshal([]byte(line), &d) == nil {
			passage = append(passage, []rune(d.Text+" ")...)
		}
	}
	passage = passage[:min(len(passage), 1000)]
	code, out, errs = search(string(passage))
	if code != 0 || !strings.Contains(out, "(more than 64 terms: not searched, as the most common: ") {
		t.Errorf("a passage of %d words: exit %d, stdout:\n%s\nstderr:\n%s", len(strings.Fields(string(passage))), code, out, errs)
	}
}
