package index

// Proximity by rescoring. The adjacent-pair phrase clauses (rank.go) are
// the most expensive part of a ranked search: every candidate that holds
// both words of a pair has its positions read and compared (15 % of an
// average search on news articles, 30 % of the slowest, whose words are
// frequent). As Elasticsearch's phrase rescorer does, the ranked search
// therefore runs in three steps:
//
//  1. the query without its proximity pairs and without term locations,
//     for the best rescoreWindow documents (at least twice from+size), the
//     total and the facets (the pairs are optional: they never change which
//     documents match);
//  2. the whole query over those documents only, which gives them their
//     exact scores;
//  3. the whole query over the documents of the page, with their stored
//     fields and term locations, for the hits and their highlights.
//
// Steps 2 and 3 restrict the query with one more required clause, the
// ids at zero weight: it neither scores nor changes the query's
// normalization, and it drives the required part of the query, which
// bleve's boolean searcher scores with the optional pairs as it does
// without it (the query is not itself advanced: bleve's BooleanSearcher
// .Advance can lose an optional clause's score). So the scores are those
// of the one-step search bit for bit; the order differs
// only when a document outside the window would have entered the page
// through its proximity bonus (the ranking tests, the relevance figures and
// the goldens are unchanged).

import (
	"context"
	"sort"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/fahras/fahras/analysis"
)

// rescoreWindow is the smallest number of documents rescored.
const rescoreWindow = 200

// rescoreMinCandidates is the estimated number of candidates from which a
// search is rescored. The three steps build the query's searchers three
// times and fetch a window of documents; they pay off when the candidates
// are many, which the document frequencies of the query's words tell
// before searching. On the news index (BenchmarkSearchNews, 500 title
// queries, quiet machine): from 5000, the mean time of a query is that of
// the one-step search (3.74–3.80 against 3.70–4.03 ms) and the ten slowest
// queries take 14.6–14.9 ms instead of 20.5–21.0 ms; rescoring every query
// with pairs made the mean 4.0–4.3 ms.
const rescoreMinCandidates = 5000

// rescoring reports whether a search of req with query built by b runs in
// the three steps above: a ranked search in the default order whose query
// has proximity pairs (and was not extended by feedback) and matches at
// least b.rank.rescoreFrom documents by estimate (0: never).
func rescoring(req Request, b *builder, feedback bool) bool {
	if b.base == nil || feedback || b.rank.rescoreFrom == 0 || len(req.Sort) > 0 || len(req.SearchAfter) > 0 {
		return false
	}
	return b.candidates() >= b.rank.rescoreFrom
}

// candidates estimates how many documents the query's words match: the
// sum over its words of the largest document frequency of a stem term in
// a searched field.
func (b *builder) candidates() uint64 {
	var n uint64
	for _, u := range b.parts.seq {
		var most uint64
		for _, f := range b.view.search {
			for _, t := range u.terms[analysis.Stem] {
				most = max(most, docFreq(b.bi, fieldName(f.Name, analysis.Stem), t))
			}
		}
		n += most
	}
	return n
}

// docFreq returns the number of documents holding term in field.
func docFreq(d termDicts, field, term string) uint64 {
	fd, err := d.FieldDictPrefix(field, []byte(term))
	if err != nil {
		return 0
	}
	defer fd.Close()
	e, err := fd.Next()
	if err != nil || e == nil || e.Term != term {
		return 0
	}
	return e.Count
}

// searchRescored runs sr (a page in the default order of the query built
// by b) in the three steps above: b.base first, then b's whole query over
// the window and over the page.
func (ix *Index) searchRescored(ctx context.Context, sr *bleve.SearchRequest, b *builder) (*bleve.SearchResult, error) {
	first := *sr
	first.Query = b.base
	first.From, first.Size = 0, max(rescoreWindow, 2*(sr.From+sr.Size))
	first.Fields, first.IncludeLocations = nil, false
	first.Sort = search.SortOrder{&search.SortScore{Desc: true}}
	res, err := ix.searchIn(ctx, &first)
	if err != nil || len(res.Hits) == 0 {
		return res, err
	}
	scored, err := ix.searchIDs(ctx, b, res.Hits, nil, false)
	if err != nil {
		return nil, err
	}
	sort.Slice(scored, func(i, j int) bool {
		if scored[i].Score != scored[j].Score {
			return scored[i].Score > scored[j].Score
		}
		return scored[i].ID < scored[j].ID
	})
	page := scored[min(sr.From, len(scored)):min(sr.From+sr.Size, len(scored))]
	full, err := ix.searchIDs(ctx, b, page, sr.Fields, sr.IncludeLocations)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]*search.DocumentMatch, len(full))
	for _, h := range full {
		byID[h.ID] = h
	}
	hits := make(search.DocumentMatchCollection, 0, len(page))
	for _, p := range page {
		h, ok := byID[p.ID]
		if !ok { // deleted in between
			continue
		}
		h.Sort = []string{"_score", h.ID} // the default order; sortValues writes the score
		h.DecodedSort = []string{"_score", h.ID}
		hits = append(hits, h)
	}
	res.Hits = hits
	res.Request = sr
	return res, nil
}

// searchIDs runs the query of b over the documents of hits only, with the
// stored fields and term locations asked for, and returns their matches,
// in no order.
func (ix *Index) searchIDs(ctx context.Context, b *builder, hits search.DocumentMatchCollection, fields []string, locations bool) (search.DocumentMatchCollection, error) {
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	only := query.NewDocIDQuery(ids)
	only.SetBoost(0) // no score, no weight in the query norm
	sr := bleve.NewSearchRequestOptions(assembleOnly(b.parts, only), len(ids), 0, false)
	sr.Fields, sr.IncludeLocations = fields, locations
	sr.Sort = search.SortOrder{&search.SortScore{Desc: true}}
	res, err := ix.searchIn(ctx, sr)
	if err != nil {
		return nil, err
	}
	return res.Hits, nil
}
