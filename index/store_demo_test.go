package index

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// demoSample returns the first n verses of the demo collection.
func demoSample(t *testing.T, n int) string {
	t.Helper()
	f, err := os.Open("../testdata/quran/verses.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b strings.Builder
	sc := bufio.NewScanner(f)
	for i := 0; i < n && sc.Scan(); i++ {
		b.WriteString(sc.Text() + "\n")
	}
	return b.String()
}

func TestOpenDemo(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "demo-x")
	ix, err := OpenDemo(ctx, dir, strings.NewReader(demoSample(t, 300)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	d, err := ix.Get(ctx, "2:255")
	if err != nil {
		t.Fatal(err)
	}
	var verse Document
	for _, line := range strings.Split(demoSample(t, 300), "\n") {
		if strings.Contains(line, `"2:255"`) {
			json.Unmarshal([]byte(line), &verse)
		}
	}
	want := Document{"id": "2:255", "title": "البقرة", "sura_name": "البقرة", "sura": 2.0, "aya": 255.0, "text": verse["text"]}
	if diff := cmp.Diff(want, d); diff != "" {
		t.Errorf("verse 2:255 (-want +got):\n%s", diff)
	}
	if tf := ix.textFields(); len(tf) != 2 || tf[0].Name != "text" || !tf[0].Search || tf[1].Name != "title" || tf[1].Search {
		t.Errorf("textFields = %+v, want text (searched) and title", tf)
	}
	ix.Close()
	// Reopening reuses the index: the verses are not read again.
	ix, err = OpenDemo(ctx, dir, strings.NewReader(""), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if st, _ := ix.Stats(ctx); st.Documents != 300 {
		t.Errorf("reopened demo has %d documents, want 300", st.Documents)
	}
	ix.Close()
	entries, _ := os.ReadDir(filepath.Dir(dir))
	if len(entries) != 1 {
		t.Errorf("cache folder holds %d entries, want only the demo index (no leftover build folder)", len(entries))
	}
}

func TestOpenDemoRebuildsOtherSchema(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "demo-y")
	ix, err := Create(dir, Schema{})
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
	ix, err = OpenDemo(ctx, dir, strings.NewReader(demoSample(t, 10)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if _, ok := ix.field("sura"); !ok {
		t.Error("the stale index was not rebuilt with the demo schema")
	}
}

func TestOpenDemoRebuildsOtherAnalysis(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "demo-a")
	ix, err := OpenDemo(ctx, dir, strings.NewReader(demoSample(t, 10)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
	// An index built by another version of the analyzer is rebuilt.
	if err := os.WriteFile(filepath.Join(dir, analysisFile), []byte("old\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ix, err = OpenDemo(ctx, dir, strings.NewReader(demoSample(t, 20)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if st, _ := ix.Stats(ctx); st.Documents != 20 {
		t.Errorf("%d documents, want the 20 of the rebuild", st.Documents)
	}
}

func TestOpenDemoBadData(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo-z")
	_, err := OpenDemo(context.Background(), dir, strings.NewReader(`{"id": "1-1", "title": "x", "text": "y"}`+"\n"), Options{})
	if err == nil || !strings.Contains(err.Error(), "demo:1:") {
		t.Errorf("OpenDemo on a bad verse = %v, want an error naming demo:1", err)
	}
	if _, serr := os.Stat(dir); !os.IsNotExist(serr) {
		t.Errorf("a failed build left %s behind", dir)
	}
}
