package index

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/standard"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/whitespace"
	"github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/fahras/fahras/analysis"
)

// TestRankAblation prints the ablation table of docs/relevance.md, on
// XQuAD-R (sentences), the judged fixture and XQuAD-R paragraphs:
//
//	go test ./index -run TestRankAblation -v
//
// The first rows index the text into a plain bleve index with one
// analysis (BM25 as bleve computes it, the query's terms OR'ed); the others
// use a fahras index and add the ranking choices one at a time, ending with
// the defaults. It fails if the defaults are not the best row on the
// judged fixture, or not the best kept row on XQuAD-R.
func TestRankAblation(t *testing.T) {
	if testing.Short() {
		t.Skip("indexes XQuAD-R several times")
	}
	cs := []collection{xquadCollection(t), fixtureCollection(t), xquadParagraphs(t)}
	t.Logf("| %-52s | %s | %s | %s |", "configuration", "XQuAD-R nDCG@10 / MRR@10 / MAP / R@100", "fixture nDCG@10", "paragraphs nDCG@10")
	t.Logf("|---|---|---|---|")
	row := func(name string, ms []Metrics) {
		t.Logf("| %-52s | %.3f / %.3f / %.3f / %.3f | %.3f | %.3f |", name, ms[0].NDCG10, ms[0].MRR10, ms[0].MAP, ms[0].Recall100, ms[1].NDCG10, ms[2].NDCG10)
	}
	plain := []struct {
		name string
		an   func(string) []string
	}{
		{"no Arabic processing (bleve standard analyzer)", nil},
		{"normalization only", levelTerms(analysis.NewAnalyzer(analysis.Exact, analysis.Options{StopWords: []string{}}))},
		{"+ stop words", levelTerms(analysis.NewAnalyzer(analysis.Exact, analysis.Options{}))},
		{"+ light stemmer", levelTerms(analysis.NewAnalyzer(analysis.Stem, analysis.Options{}))},
	}
	for _, p := range plain {
		var ms []Metrics
		for _, c := range cs {
			ms = append(ms, c.evaluatePlain(t, p.an))
		}
		row(p.name, ms)
	}
	ixs := make([]*Index, len(cs))
	for i, c := range cs {
		ixs[i] = c.build(t)
	}
	var best []Metrics
	for _, s := range ablationSteps() {
		ms := make([]Metrics, len(cs))
		for i, c := range cs {
			ms[i] = c.evaluate(t, ixs[i], s.r)
		}
		name := s.name
		if s.kept {
			best = ms
		} else if !strings.Contains(name, "(off") {
			name += " (not kept)"
		}
		row(name, ms)
	}
	def := make([]Metrics, len(cs))
	for i, c := range cs {
		def[i] = c.evaluate(t, ixs[i], defaultRank())
	}
	if def[0] != best[0] || def[1] != best[1] || def[2] != best[2] {
		t.Errorf("the last kept row is not the defaults: %+v vs %+v", best, def)
	}
}

// ablationStep is one row of the table: r adds one choice to the row above.
type ablationStep struct {
	name string
	r    rankParams
	kept bool
}

func ablationSteps() []ablationStep {
	r := rankParams{exactBoost: 0.5}
	var steps []ablationStep
	add := func(name string, kept bool, f func(*rankParams)) {
		v := r
		f(&v)
		steps = append(steps, ablationStep{name, v, kept})
		if kept {
			r = v
		}
	}
	add("+ stem required, exact form a bonus (×0.5)", true, func(*rankParams) {})
	add("+ question words dropped at query time", true, func(v *rankParams) { v.dropQuestions = true })
	add("+ adjacent pairs as an optional phrase (×0.5)", true, func(v *rankParams) { v.proximityBoost = 0.5 })
	add("+ BM25 with the true mean field length", true, func(v *rankParams) { v.trueLength = true })
	add("+ alternates of a word summed, not coordinated", true, func(v *rankParams) { v.sumAlternates = true })
	add("+ clitic variants ب ل ك ف و (×0.5)", true, func(v *rankParams) { v.cliticWeight = 0.5 })
	add("+ final ت variants (منطقة ~ منطقتين) (×0.5)", true, func(v *rankParams) { v.taaWeight = 0.5 })
	add("+ spellings one long-vowel letter apart (ابرهيم ~ ابراهيم) (×0.5)", true, func(v *rankParams) { v.spellingWeight = 0.5 })
	add("+ words coordinated by their share of the query's idf", false, func(v *rankParams) { v.idfCoord = true })
	add("+ words coordinated by the square of that share", true, func(v *rankParams) { v.idfCoord, v.coordPow = true, 2 })
	add("+ run-on words split (no XQuAD-R question has one)", true, func(v *rankParams) { v.splitRunOns = true })
	add("+ edits of words the index does not know (typos), ×0.5 shared", false, func(v *rankParams) { v.typoWeight = 0.5 })
	add("+ edits of words the index does not know (typos), ×0.25 shared", true, func(v *rankParams) { v.typoWeight = 0.25 })
	add("+ each word one group: one idf for its readings and look-alikes", true, func(v *rankParams) {
		v.groups, v.prefixWeight = true, 0.5
		for k := range v.tiers.factors {
			v.tiers.factors[k] = 1
		}
	})
	add("+ tiers: a word held only through a variant or typo ×0.5", true, func(v *rankParams) {
		v.tiers.factors[altVariant], v.tiers.factors[altTypo], v.tiers.factors[altPrefix] = 0.5, 0.5, 0.3
	})
	// Kept for the search box although XQuAD-R loses a little (docs/relevance.md).
	add("+ a document holding the word scored and marked without its look-alikes", true, func(v *rankParams) { v.tiers.exclusive = true })
	add("+ marked without its look-alikes, scored with them", false, func(v *rankParams) { v.tiers.marksOnly = true })
	add("+ tiers: the stem alone, without the exact form, ×0.8", true, func(v *rankParams) {
		v.tiers.factors[altOwn], v.tiers.factors[altSynonym] = 0.8, 0.8
	})
	add("+ a group's document frequency counts its variants'", true, func(v *rankParams) { v.unionDF = true })
	add("+ related hits after the matches: feedback from 10 docs, 10 terms", false, func(v *rankParams) { v.related = feedbackParams{docs: 10, terms: 10, weight: 1} })
	add("+ related hits after the matches: feedback from 10 docs, 20 terms", true, func(v *rankParams) { v.related = feedbackParams{docs: 10, terms: 20, weight: 1} })
	add("+ related hits: only feedback terms in at most 10% of the documents", false, func(v *rankParams) { v.related.maxShare = 0.1 })
	add("+ related hits: only feedback terms in at most 5% of the documents", true, func(v *rankParams) { v.related.maxShare = 0.05 })
	add("+ pseudo-relevance feedback: 10 docs, 10 terms, ×0.03 (off by default)", false, func(v *rankParams) { v.feedback = feedbackParams{docs: 10, terms: 10, weight: 0.03} })
	add("+ pseudo-relevance feedback: 10 docs, 10 terms, ×0.01 (off by default)", false, func(v *rankParams) { v.feedback = feedbackParams{docs: 10, terms: 10, weight: 0.01} })
	add("+ pseudo-relevance feedback: 10 docs, 10 terms, ×0.2 (off by default)", false, func(v *rankParams) { v.feedback = feedbackParams{docs: 10, terms: 10, weight: 0.2} })
	add("idf coordination cubed instead of squared", false, func(v *rankParams) { v.coordPow = 3 })
	add("+ verb-prefix variants ي ت ن ا (×0.5)", false, func(v *rankParams) { v.verbWeight = 0.5 })
	add("+ broken plurals and their singulars (×0.5)", false, func(v *rankParams) { v.pluralWeight = 0.5 })
	add("+ broken plurals and their singulars (×0.25)", false, func(v *rankParams) { v.pluralWeight = 0.25 })
	add("exact bonus ×1 instead of ×0.5", false, func(v *rankParams) { v.exactBoost = 1 })
	add("no exact bonus", false, func(v *rankParams) { v.exactBoost = 0 })
	add("proximity ×1 instead of ×0.5", false, func(v *rankParams) { v.proximityBoost = 1 })
	return steps
}

// levelTerms returns the terms of a fahras analyzer, alternates included.
func levelTerms(a *analysis.Analyzer) func(string) []string {
	return func(s string) []string {
		var out []string
		for _, t := range a.Analyze([]byte(s)) {
			out = append(out, t.Term)
		}
		return out
	}
}

// evaluatePlain indexes the text of c into a plain bleve index with BM25:
// with bleve's standard analyzer when an is nil, else with the terms an
// returns, and OR's the terms of each query.
func (c collection) evaluatePlain(t *testing.T, an func(string) []string) Metrics {
	t.Helper()
	return c.evaluateBleve(t, standard.Name, an)
}

// evaluateBleve indexes c into a plain bleve index with BM25 and the
// named analyzer, or the terms an makes, and runs its queries as match
// queries.
func (c collection) evaluateBleve(t *testing.T, analyzer string, an func(string) []string) Metrics {
	t.Helper()
	return Evaluate(c.qrels, c.runBleve(t, analyzer, an))
}

// runBleve is evaluateBleve's run.
func (c collection) runBleve(t *testing.T, analyzer string, an func(string) []string) map[string][]Ranked {
	t.Helper()
	m := bleve.NewIndexMapping()
	m.ScoringModel = bleveindex.BM25Scoring
	m.DefaultAnalyzer = analyzer
	if an != nil {
		m.DefaultAnalyzer = "ablation_ws" // the terms are made: split on spaces
		if err := m.AddCustomAnalyzer("ablation_ws", map[string]any{"type": custom.Name, "tokenizer": whitespace.Name}); err != nil {
			t.Fatal(err)
		}
	}
	bi, err := bleve.New(filepath.Join(t.TempDir(), "plain"), m)
	if err != nil {
		t.Fatal(err)
	}
	defer bi.Close()
	text := func(s string) string {
		if an == nil {
			return s
		}
		return strings.Join(an(s), " ")
	}
	f, err := os.Open(c.docs)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b := bi.NewBatch()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var d struct{ ID, Text string }
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			t.Fatal(err)
		}
		if err := b.Index(d.ID, map[string]string{"text": text(d.Text)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := bi.Batch(b); err != nil {
		t.Fatal(err)
	}
	run := map[string][]Ranked{}
	for _, q := range c.queries {
		mq := query.NewMatchQuery(text(q.Text))
		mq.SetField("text")
		sr := bleve.NewSearchRequestOptions(mq, 100, 0, false)
		sr.SortBy([]string{"-_score", "_id"}) // ties in id order, as fahras breaks them
		res, err := bi.SearchInContext(context.Background(), sr)
		if err != nil {
			t.Fatal(fmt.Errorf("query %s: %w", q.ID, err))
		}
		for _, h := range res.Hits {
			run[q.ID] = append(run[q.ID], Ranked{ID: h.ID, Score: h.Score})
		}
	}
	return run
}
