package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/fahras/fahras/analysis"
)

// mustCreate makes an index with schema s in a temporary folder.
func mustCreate(tb testing.TB, s Schema) *Index {
	tb.Helper()
	ix, err := Create(filepath.Join(tb.TempDir(), "books"), s)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { ix.Close() })
	return ix
}

func TestPutGetDelete(t *testing.T) {
	ctx := context.Background()
	ix := mustCreate(t, Schema{})
	doc := Document{"id": "1", "title": "الكتاب", "tags": []any{"أ", "ب"}, "year": 2015.0, "draft": false}
	id, err := ix.Put(ctx, doc)
	if err != nil || id != "1" {
		t.Fatalf("Put = %q, %v", id, err)
	}
	got, err := ix.Get(ctx, "1")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(doc, got); diff != "" {
		t.Errorf("Get(1) (-want +got):\n%s", diff)
	}
	if _, err := ix.Get(ctx, "2"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get(2) error = %v, want ErrNotFound", err)
	}
	if err := ix.Delete(ctx, "1"); err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Get(ctx, "1"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get after Delete error = %v, want ErrNotFound", err)
	}
	if err := ix.Delete(ctx, "1"); !errors.Is(err, ErrNotFound) {
		t.Errorf("second Delete error = %v, want ErrNotFound", err)
	}
}

func TestDiscoveredFieldsPersist(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "news")
	ix, err := Create(dir, Schema{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Put(ctx, Document{"id": "a", "body": "نص", "n": 3}); err != nil {
		t.Fatal(err)
	}
	want := ix.Schema()
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if diff := cmp.Diff(want, ix.Schema()); diff != "" {
		t.Errorf("schema after reopen (-want +got):\n%s", diff)
	}
	tf := ix.textFields()
	if len(tf) != 1 || tf[0].Name != "body" || !tf[0].Search || tf[0].Boost != 1 {
		t.Errorf("textFields = %+v, want body searched with boost 1", tf)
	}
	m := ix.bi.Mapping()
	for _, l := range analysis.Levels {
		if got, want := m.AnalyzerNameForPath(fieldName("body", l)), analysis.AnalyzerName(l); got != want {
			t.Errorf("AnalyzerNameForPath(%q) = %q, want %q", fieldName("body", l), got, want)
		}
	}
	if f, ok := ix.field("n"); !ok || f.Type != Number {
		t.Errorf("field(n) = %+v, %v; want a number", f, ok)
	}
	if _, err := ix.Put(ctx, Document{"id": "b", "n": "three"}); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), `"n"`) {
		t.Errorf("Put with a string for number field n: error = %v", err)
	}
}

// TestConcurrentDiscovery puts documents with new fields from several
// goroutines while a bulk load runs, then checks that every field was
// saved with the index.
func TestConcurrentDiscovery(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "conc")
	ix, err := Create(dir, Schema{})
	if err != nil {
		t.Fatal(err)
	}
	var in strings.Builder
	for i := range 200 {
		fmt.Fprintf(&in, "{\"id\": \"b%d\", \"bulk%d\": \"نص\"}\n", i, i%7)
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 10 {
				if _, err := ix.Put(ctx, Document{"id": fmt.Sprintf("p%d-%d", g, i), fmt.Sprintf("put%d", g): float64(i)}); err != nil {
					t.Error(err)
				}
			}
		})
	}
	st, err := ix.Bulk(ctx, []Source{ReaderSource("-", strings.NewReader(in.String()))}, BulkOptions{BatchSize: 20, Workers: 3})
	wg.Wait()
	if err != nil || st.Documents != 200 {
		t.Fatalf("Bulk = %+v, %v", st, err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	for _, name := range []string{"bulk0", "bulk6", "put0", "put3"} {
		if _, ok := ix.field(name); !ok {
			t.Errorf("field %s missing from the reopened schema", name)
		}
	}
	if got, want := ix.bi.Mapping().AnalyzerNameForPath("bulk6.vocal"), analysis.AnalyzerName(analysis.Vocal); got != want {
		t.Errorf("analyzer of bulk6.vocal = %q, want %q", got, want)
	}
	if s, _ := ix.Stats(ctx); s.Documents != 240 {
		t.Errorf("%d documents, want 240", s.Documents)
	}
}

func TestAnalysisChanged(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ix")
	ix, err := Create(dir, Schema{})
	if err != nil {
		t.Fatal(err)
	}
	if ix.AnalysisChanged() {
		t.Error("a new index reports a changed analyzer")
	}
	if _, err := ix.Put(context.Background(), Document{"id": "1", "text": "الكتاب"}); err != nil {
		t.Fatal(err)
	}
	ix.Close()
	tests := []struct {
		name   string
		record string // "" removes the record
		want   bool
	}{
		{"same analyzer", analysisFingerprint() + "\n", false},
		{"other analyzer", "0123456789abcdef\n", true},
		{"no record (older index)", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, analysisFile)
			if tt.record == "" {
				os.Remove(path)
			} else if err := os.WriteFile(path, []byte(tt.record), 0o644); err != nil {
				t.Fatal(err)
			}
			ix, err := Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			defer ix.Close()
			if got := ix.AnalysisChanged(); got != tt.want {
				t.Errorf("AnalysisChanged() = %v, want %v", got, tt.want)
			}
		})
	}
}
