package index

// Retrieval evaluation with trec_eval's conventions: binary relevance
// (grade > 0) for MAP, MRR, precision and recall, graded gains for nDCG
// with a log2(rank+1) discount; every judged query (one with at least one
// relevant document) counts in the means, including those for which nothing
// relevant, or nothing at all, was retrieved.

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
)

// EvalQuery is one query of an evaluation set.
type EvalQuery struct {
	ID, Text string
}

// Qrels holds relevance judgments: query id → document id → grade.
type Qrels map[string]map[string]int

// Ranked is one retrieved document of a run.
type Ranked struct {
	ID    string
	Score float64
}

// Metrics are the mean scores over the judged queries.
type Metrics struct {
	Queries   int     `json:"queries"` // judged queries averaged over
	MAP       float64 `json:"map"`
	NDCG10    float64 `json:"ndcg@10"`
	MRR10     float64 `json:"mrr@10"`
	P10       float64 `json:"p@10"`
	Recall100 float64 `json:"recall@100"`
}

// ReadQueries reads "qid<TAB>text" lines; blank lines are skipped, and so
// is a byte order mark.
func ReadQueries(r io.Reader) ([]EvalQuery, error) {
	var out []EvalQuery
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimRight(sc.Text(), "\r")
		if line == 1 { // a byte order mark would become part of the first id
			text = strings.TrimPrefix(text, "\ufeff")
		}
		if strings.TrimSpace(text) == "" {
			continue
		}
		id, q, ok := strings.Cut(text, "\t")
		if !ok || strings.TrimSpace(id) == "" {
			return nil, fmt.Errorf("queries line %d: %w: want qid<TAB>text", line, ErrInvalid)
		}
		out = append(out, EvalQuery{ID: strings.TrimSpace(id), Text: q})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read queries: %w", err)
	}
	return out, nil
}

// ReadQrels reads TREC qrels: "qid iter docid grade" per line (after a
// byte order mark, if any).
func ReadQrels(r io.Reader) (Qrels, error) {
	out := Qrels{}
	sc := bufio.NewScanner(r)
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if line == 1 {
			text = strings.TrimPrefix(text, "\ufeff")
		}
		f := strings.Fields(text)
		if len(f) == 0 {
			continue
		}
		if len(f) != 4 {
			return nil, fmt.Errorf("qrels line %d: %w: want 4 fields (qid iter docid grade), got %d", line, ErrInvalid, len(f))
		}
		g, err := strconv.Atoi(f[3])
		if err != nil {
			return nil, fmt.Errorf("qrels line %d: %w: grade %q is not an integer", line, ErrInvalid, f[3])
		}
		if out[f[0]] == nil {
			out[f[0]] = map[string]int{}
		}
		out[f[0]][f[2]] = g
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read qrels: %w", err)
	}
	return out, nil
}

// WriteRun writes one query's ranking in TREC run format.
func WriteRun(w io.Writer, qid string, docs []Ranked) error {
	for i, d := range docs {
		if _, err := fmt.Fprintf(w, "%s Q0 %s %d %.6f fahras\n", qid, d.ID, i+1, d.Score); err != nil {
			return err
		}
	}
	return nil
}

// Evaluate averages the metrics of run over the judged queries of qrels.
func Evaluate(qrels Qrels, run map[string][]Ranked) Metrics {
	var m Metrics
	qids := make([]string, 0, len(qrels))
	for qid, judged := range qrels {
		if relevantCount(judged) > 0 {
			qids = append(qids, qid)
		}
	}
	sort.Strings(qids) // a fixed order for a reproducible float sum
	for _, qid := range qids {
		docs, judged := run[qid], qrels[qid]
		m.MAP += averagePrecision(docs, judged)
		m.NDCG10 += ndcg(docs, judged, 10)
		m.MRR10 += reciprocalRank(docs, judged, 10)
		m.P10 += precision(docs, judged, 10)
		m.Recall100 += recall(docs, judged, 100)
	}
	if n := float64(len(qids)); n > 0 {
		m.Queries = len(qids)
		m.MAP /= n
		m.NDCG10 /= n
		m.MRR10 /= n
		m.P10 /= n
		m.Recall100 /= n
	}
	return m
}

func relevantCount(judged map[string]int) int {
	n := 0
	for _, g := range judged {
		if g > 0 {
			n++
		}
	}
	return n
}

// averagePrecision is the mean of the precision at each relevant document
// retrieved, over all relevant documents.
func averagePrecision(docs []Ranked, judged map[string]int) float64 {
	rel := relevantCount(judged)
	if rel == 0 {
		return 0
	}
	hits, sum := 0, 0.0
	for i, d := range docs {
		if judged[d.ID] > 0 {
			hits++
			sum += float64(hits) / float64(i+1)
		}
	}
	return sum / float64(rel)
}

// ndcg is the discounted cumulative gain of the top k over the ideal one.
func ndcg(docs []Ranked, judged map[string]int, k int) float64 {
	dcg := 0.0
	for i, d := range docs[:min(k, len(docs))] {
		if g := judged[d.ID]; g > 0 {
			dcg += float64(g) / math.Log2(float64(i+2))
		}
	}
	var gains []int
	for _, g := range judged {
		if g > 0 {
			gains = append(gains, g)
		}
	}
	sort.Sort(sort.Reverse(sort.IntSlice(gains)))
	ideal := 0.0
	for i, g := range gains[:min(k, len(gains))] {
		ideal += float64(g) / math.Log2(float64(i+2))
	}
	if ideal == 0 {
		return 0
	}
	return dcg / ideal
}

// reciprocalRank is 1/rank of the first relevant document in the top k.
func reciprocalRank(docs []Ranked, judged map[string]int, k int) float64 {
	for i, d := range docs[:min(k, len(docs))] {
		if judged[d.ID] > 0 {
			return 1 / float64(i+1)
		}
	}
	return 0
}

// precision is the share of relevant documents in the top k (always over k).
func precision(docs []Ranked, judged map[string]int, k int) float64 {
	n := 0
	for _, d := range docs[:min(k, len(docs))] {
		if judged[d.ID] > 0 {
			n++
		}
	}
	return float64(n) / float64(k)
}

// recall is the share of the relevant documents found in the top k.
func recall(docs []Ranked, judged map[string]int, k int) float64 {
	rel := relevantCount(judged)
	if rel == 0 {
		return 0
	}
	n := 0
	for _, d := range docs[:min(k, len(docs))] {
		if judged[d.ID] > 0 {
			n++
		}
	}
	return float64(n) / float64(rel)
}

// RunQueries searches every query exactly as the server's default search
// does, with highlighting off, and returns the top k of each.
func (ix *Index) RunQueries(ctx context.Context, queries []EvalQuery, k int) (map[string][]Ranked, error) {
	return ix.RunQueriesWith(ctx, queries, k, Request{}, nil)
}

// RunQueriesWith is RunQueries with the options of base (such as
// Feedback); its query, size and highlighting are replaced. A query that
// fails (a syntax error, say) does not stop the run: it gets an empty
// ranking and is passed to failed, when not nil, with its error. Only a
// cancelled ctx stops the run.
func (ix *Index) RunQueriesWith(ctx context.Context, queries []EvalQuery, k int, base Request, failed func(EvalQuery, error)) (map[string][]Ranked, error) {
	run := make(map[string][]Ranked, len(queries))
	for _, q := range queries {
		req := base
		req.Query, req.Size, req.From, req.Highlight = q.Text, k, 0, &HighlightOptions{Disabled: true}
		res, err := ix.Search(ctx, req)
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if err != nil {
			if failed != nil {
				failed(q, err)
			}
			run[q.ID] = []Ranked{}
			continue
		}
		docs := make([]Ranked, len(res.Hits))
		for i, h := range res.Hits {
			docs[i] = Ranked{ID: h.ID, Score: h.Score}
		}
		run[q.ID] = docs
	}
	return run, nil
}
