package index

// Pseudo-relevance feedback in the manner of RM3: the query is run once,
// the stem terms of its best documents are weighted by how much of each
// document they make up and by the document's share of the top scores, and
// the heaviest terms not already in the query are searched as well, at a
// lower weight, beside the query (their scores add up; documents that only
// they match are found too). Only queries of optional words are extended:
// a required, excluded or typed clause, a filter, a sort or
// diacritic-sensitive search keep the query as is.

import (
	"context"
	"fmt"
	"sort"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/fahras/fahras/analysis"
)

// feedbackParams configure feedback; docs 0 turns it off.
type feedbackParams struct {
	docs   int     // best documents read
	terms  int     // terms added
	weight float64 // weight of the added terms beside the query
	// maxShare, when above 0, skips terms found in more than this share
	// of the documents: common words are weak evidence, and their long
	// posting lists make the search slow.
	maxShare float64
}

// requestFeedback is the feedback a request turns on with Request.Feedback:
// 10 documents, 10 terms at 0.01 of the query's weight (docs/relevance.md).
func requestFeedback() feedbackParams { return feedbackParams{docs: 10, terms: 10, weight: 0.01} }

// minFeedbackLetters is the length of the shortest term feedback adds.
const minFeedbackLetters = 3

// withFeedback returns q extended with the feedback terms of its best
// documents, or q when there are none.
func (ix *Index) withFeedback(ctx context.Context, q query.Query, b *builder, v schemaView) (query.Query, error) {
	fq, err := ix.feedbackQuery(ctx, q, b, v, b.rank.feedback, nil)
	if err != nil || fq == nil {
		return q, err
	}
	return anyOf([]query.Query{q, fq}), nil
}

// feedbackQuery returns the feedback terms of the best documents of q as a
// query without locations, weighted fp.weight against q, or nil when
// there are none. top, when not nil, holds the best documents of q with
// their searched fields, in order; else they are searched for.
func (ix *Index) feedbackQuery(ctx context.Context, q query.Query, b *builder, v schemaView, fp feedbackParams, top search.DocumentMatchCollection) (query.Query, error) {
	if top == nil {
		sr := bleve.NewSearchRequestOptions(q, fp.docs, 0, false)
		for _, f := range v.search {
			sr.Fields = append(sr.Fields, f.Name)
		}
		res, err := ix.searchIn(ctx, sr)
		if err != nil {
			return nil, fmt.Errorf("search %s: feedback: %w", ix.name, err)
		}
		top = res.Hits
	}
	weight := feedbackWeights(top[:min(fp.docs, len(top))], v)
	terms := feedbackTerms(weight, b.stems, fp.terms, ix.rareEnough(b, v, fp.maxShare))
	if len(terms) == 0 {
		return nil, nil
	}
	heaviest := weight[terms[0]]
	var qs []query.Query
	for _, t := range terms {
		for _, f := range v.search {
			tq := query.NewTermQuery(t)
			tq.SetField(fieldName(f.Name, analysis.Stem))
			tq.SetBoost(boost(f) * fp.weight * weight[t] / heaviest)
			qs = append(qs, tq)
		}
	}
	return withoutLocations{anyOf(qs)}, nil
}

// feedbackWeights weighs the stem terms of hits: each term's share of the
// words of a hit's searched fields, times the hit's share of the scores.
func feedbackWeights(hits search.DocumentMatchCollection, v schemaView) map[string]float64 {
	var total float64
	for _, h := range hits {
		total += h.Score
	}
	weight := map[string]float64{}
	if total <= 0 {
		return weight
	}
	for _, h := range hits {
		for _, f := range v.search {
			texts, _ := fieldTexts(h.Fields[f.Name]) // a string or an array of them
			var toks []analysis.Token
			for _, text := range texts {
				toks = append(toks, v.text.analyze(text, analysis.Stem)...)
			}
			for _, t := range toks {
				weight[t.Term] += h.Score / total / float64(len(toks))
			}
		}
	}
	return weight
}

// withoutLocations is a query whose matches carry no term locations: the
// words feedback adds rank documents but are not marked in highlights,
// which show the words the user searched for.
type withoutLocations struct{ query.Query }

// Searcher implements query.Query.
func (q withoutLocations) Searcher(ctx context.Context, i bleveindex.IndexReader, m mapping.IndexMapping, o search.SearcherOptions) (search.Searcher, error) {
	o.IncludeTermVectors = false
	return q.Query.Searcher(ctx, i, m, o)
}

// feedbackTerms returns the n heaviest terms that are not in the query.
func feedbackTerms(weight map[string]float64, inQuery map[string]bool, n int, keep func(string) bool) []string {
	var ts []string
	for t := range weight {
		if !inQuery[t] && utf8.RuneCountInString(t) >= minFeedbackLetters {
			ts = append(ts, t)
		}
	}
	sort.Slice(ts, func(i, j int) bool {
		if weight[ts[i]] != weight[ts[j]] {
			return weight[ts[i]] > weight[ts[j]]
		}
		return ts[i] < ts[j]
	})
	var out []string
	for _, t := range ts {
		if len(out) == n {
			break
		}
		if keep(t) {
			out = append(out, t)
		}
	}
	return out
}

// minFeedbackLimit is the document frequency a feedback term may always
// have: in a small index every word is in a large share of it.
const minFeedbackLimit = 10

// rareEnough returns a test that a stem term is in at most maxShare of
// the documents (or minFeedbackLimit) in every searched field; always
// true when maxShare is 0.
func (ix *Index) rareEnough(b *builder, v schemaView, maxShare float64) func(string) bool {
	n, err := ix.shards.docCount()
	if maxShare <= 0 || err != nil {
		return func(string) bool { return true }
	}
	limit := max(uint64(maxShare*float64(n)), minFeedbackLimit)
	return func(t string) bool {
		for _, f := range v.search {
			if docFreq(b.bi, fieldName(f.Name, analysis.Stem), t) > limit {
				return false
			}
		}
		return true
	}
}
