package index

// Related hits fill the part of a page that the documents matching the
// query leave empty: when a query matches fewer documents than from+size,
// the page goes on with documents that share the vocabulary of the best
// matches (pseudo-relevance feedback, prf.go) without matching the query.
// They come after every match, so the matches keep their ranks: the
// ranking of the documents that contain the query's words is that of a
// search without related hits, and every relevance measure can only go
// up. Related hits are marked (Hit.Related), have no highlights (none of
// the searched words is in them) and are counted apart (Result.Related).
// Only plain queries of optional words get them, as for feedback.

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/fahras/fahras/syntax"
)

// relatedFeedback is the feedback related hits are found with: the 20
// heaviest terms of the 10 best matches among those in at most 5% of the
// documents (docs/relevance.md).
func relatedFeedback() feedbackParams {
	return feedbackParams{docs: 10, terms: 20, weight: 1, maxShare: 0.05}
}

// wantsRelated reports whether a search of req, which matched total
// documents, gets related hits: a page of the default order (from and
// size, not search_after) that the matches do not fill, for a query of
// words in the default fields, without feedback or diacritic-sensitive
// matching, unless req turns them off.
func wantsRelated(req Request, b *builder, r rankParams, total uint64) bool {
	return r.related.docs > 0 && total > 0 && uint64(req.From+req.Size) > total &&
		b.plain && len(req.Sort) == 0 && len(req.SearchAfter) == 0 && !req.Diacritics && r.feedback.docs == 0 &&
		(req.Related == nil || *req.Related) && onlyWords(req.Query, b.view, req.Lenient)
}

// onlyWords reports whether query is made of words in the default fields:
// no phrase, prefix, fuzzy word or field clause, whose related hits would
// not be related to what was asked.
func onlyWords(q string, v schemaView, lenient bool) bool {
	parse := syntax.Parse
	if lenient {
		parse = syntax.ParseLenient
	}
	cs, err := parse(q, v.isField)
	if err != nil {
		return false
	}
	for _, c := range cs {
		if c.Kind != syntax.KindWord || c.Field != "" || c.Occur != syntax.Should {
			return false
		}
	}
	return true
}

// relatedHits returns the related hits of the page of req, whose query q
// matched total documents, and how many documents are related in all.
// page holds the matches of the page. The scores of related hits are
// scaled below that of the last match, s·m/(s+1) for a related score s
// and a last match m, so that they stay in order and follow the matches
// also for a client that sorts by score (a TREC run, trec_eval).
func (ix *Index) relatedHits(ctx context.Context, q query.Query, b *builder, v schemaView, req Request, total uint64, page search.DocumentMatchCollection) (search.DocumentMatchCollection, uint64, error) {
	last, err := ix.lastScore(ctx, q, req, total, page)
	if err != nil || last <= 0 { // last 0: the matches changed since
		return nil, 0, err
	}
	var top search.DocumentMatchCollection
	if req.From == 0 && len(page) > 0 { // the page starts with the best matches
		top = page
	}
	fq, err := ix.feedbackQuery(ctx, q, b, v, b.rank.related, top)
	if err != nil || fq == nil {
		return nil, 0, err
	}
	rq := query.NewBooleanQuery([]query.Query{fq}, nil, []query.Query{q})
	from := uint64(req.From)
	size := from + uint64(req.Size) - max(from, total)
	sr := bleve.NewSearchRequestOptions(rq, int(size), int(from-min(from, total)), false)
	sr.Fields = []string{"*"}
	sr.SortByCustom(search.SortOrder{&search.SortScore{Desc: true}, &search.SortDocID{}})
	res, err := ix.searchIn(ctx, sr)
	if err != nil {
		return nil, 0, fmt.Errorf("search %s: related: %w", ix.name, err)
	}
	for _, h := range res.Hits {
		h.Score = last * h.Score / (h.Score + 1)
	}
	return res.Hits, res.Total, nil
}

// lastScore returns the score of the last of the total matches of q: the
// last hit of page when the page reaches it, else from one more search;
// 0 if the index no longer has that many.
func (ix *Index) lastScore(ctx context.Context, q query.Query, req Request, total uint64, page search.DocumentMatchCollection) (float64, error) {
	if n := len(page); n > 0 && uint64(req.From+n) == total {
		return page[n-1].Score, nil
	}
	sr := bleve.NewSearchRequestOptions(q, 1, int(total-1), false)
	sr.SortByCustom(search.SortOrder{&search.SortScore{Desc: true}, &search.SortDocID{}})
	res, err := ix.searchIn(ctx, sr)
	if err != nil {
		return 0, fmt.Errorf("search %s: related: %w", ix.name, err)
	}
	if len(res.Hits) == 0 {
		return 0, nil
	}
	return res.Hits[0].Score, nil
}
