package analysis_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/fahras/fahras/analysis"
)

// A query through a real (scorch) bleve index highlights exactly the
// original bytes of the word, diacritics, tatweel and invisible characters
// included.
func TestHighlightRoundTrip(t *testing.T) {
	tests := []struct{ name, doc, surface string }{
		{"diacritics", "قرأتُ الكِتَابَ الجَدِيدَ", "الكِتَابَ"},
		{"RLM inside", "قرأتُ الكِ\u200Fتَابَ الجَدِيدَ", "الكِ\u200Fتَابَ"},
		{"ZWNJ inside", "قرأتُ الكِتَا\u200Cبَ الجَدِيدَ", "الكِتَا\u200Cبَ"},
		{"tatweel inside", "قرأتُ الكِتَـــابَ الجَدِيدَ", "الكِتَـــابَ"},
		{"RLM after", "قرأتُ الكِتَابَ\u200F الجَدِيدَ", "الكِتَابَ"},
		{"Uthmani", "ذَٰلِكَ ٱلۡكِتَٰبُ لَا رَيۡبَۛ فِيهِۛ", "ٱلۡكِتَٰبُ"},
	}
	for _, l := range []analysis.Level{analysis.Stem, analysis.Exact} {
		idx := newIndex(t, analysis.AnalyzerName(l))
		for i, tt := range tests {
			if err := idx.Index(tt.name, map[string]string{"body": tt.doc}); err != nil {
				t.Fatalf("index doc %d: %v", i, err)
			}
		}
		query := "كتاب"
		if l == analysis.Exact {
			query = "الكتاب"
		}
		for _, tt := range tests {
			t.Run(l.String()+"/"+tt.name, func(t *testing.T) {
				q := bleve.NewMatchQuery(query)
				q.SetField("body")
				req := bleve.NewSearchRequest(bleve.NewDocIDQuery([]string{tt.name}))
				req.Query = bleve.NewConjunctionQuery(q, bleve.NewDocIDQuery([]string{tt.name}))
				req.IncludeLocations = true
				req.Highlight = bleve.NewHighlightWithStyle("html")
				req.Highlight.AddField("body")
				res, err := idx.Search(req)
				if err != nil {
					t.Fatalf("search: %v", err)
				}
				if len(res.Hits) != 1 {
					t.Fatalf("%d hits, want 1", len(res.Hits))
				}
				hit := res.Hits[0]
				var spans []string
				for _, locs := range hit.Locations["body"] {
					for _, loc := range locs {
						spans = append(spans, tt.doc[loc.Start:loc.End])
					}
				}
				if len(spans) != 1 || spans[0] != tt.surface {
					t.Errorf("term locations cover %q, want exactly [%q]", spans, tt.surface)
				}
				frag := strings.Join(hit.Fragments["body"], " ")
				if want := "<mark>" + tt.surface + "</mark>"; !strings.Contains(frag, want) {
					t.Errorf("fragment %q does not contain %q", frag, want)
				}
			})
		}
		idx.Close()
	}
}

// Phrase queries see alternates at one position and stop-word gaps.
func TestPhraseThroughBleve(t *testing.T) {
	idx := newIndex(t, analysis.AnalyzerName(analysis.Stem))
	defer idx.Close()
	docs := map[string]string{"a": "وزير جديد وصل", "b": "ذهب إلى المدرسة", "c": "ألوان زاهية"}
	for id, body := range docs {
		if err := idx.Index(id, map[string]string{"body": body}); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		phrase string
		want   string
	}{
		{"الوزير الجديد", "a"},
		{"ذهب إلى المدرسة", "b"},
		{"الألوان الزاهية", "c"},
	}
	for _, tt := range tests {
		q := bleve.NewMatchPhraseQuery(tt.phrase)
		q.SetField("body")
		res, err := idx.Search(bleve.NewSearchRequest(q))
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) != 1 || res.Hits[0].ID != tt.want {
			t.Errorf("phrase %q: hits %v, want [%s]", tt.phrase, res.Hits, tt.want)
		}
	}
}

func newIndex(t *testing.T, analyzer string) bleve.Index {
	t.Helper()
	body := mapping.NewTextFieldMapping()
	body.Analyzer = analyzer
	body.Store = true
	body.IncludeTermVectors = true
	doc := mapping.NewDocumentMapping()
	doc.AddFieldMappingsAt("body", body)
	m := bleve.NewIndexMapping()
	m.DefaultMapping = doc
	idx, err := bleve.New(filepath.Join(t.TempDir(), "idx"), m)
	if err != nil {
		t.Fatalf("create index: %v", err)
	}
	return idx
}
