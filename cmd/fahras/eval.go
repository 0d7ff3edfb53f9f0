package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"

	"github.com/fahras/fahras/index"
)

const evalUsage = `Usage: fahras eval -index DIR -queries FILE.tsv -qrels FILE [-run OUT] [-k 100] [-feedback] [-lenient] [-related=false] [-json]

Runs every query of FILE.tsv (qid<TAB>text per line) through the same
search as the HTTP API's default search (ranked, highlighting off), keeping
the top k, and prints the means over the judged queries of QRELS (TREC
format: qid iter docid grade) with trec_eval's conventions: MAP, nDCG@10
(graded gains, log2 discount), MRR@10, P@10 and Recall@100. With -run the
ranking is also written as a TREC run file: qid Q0 docid rank score fahras.
As in the API, a query that matches fewer than k documents is followed by
related documents (they share the vocabulary of its best matches; scored
below the last match, so that the run file keeps the order); -related=false
keeps the matches alone. With -feedback every query is run with
pseudo-relevance feedback, as the API's feedback option does; with
-lenient its bad syntax is read as plain text (the API's lenient option).
A query that fails (bad syntax, say) is reported on stderr with its id,
counts as an empty run, and the run goes on.

Flags:
`

// runEval is "fahras eval".
func runEval(ctx context.Context, e env, args []string) error {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	dir := fs.String("index", "", "index `folder`")
	queriesPath := fs.String("queries", "", "queries `file` (qid<TAB>text)")
	qrelsPath := fs.String("qrels", "", "relevance judgments `file` (TREC qrels)")
	runPath := fs.String("run", "", "write the TREC run to `file`")
	k := fs.Int("k", 100, "hits kept per query (1 to 1000)")
	feedback := fs.Bool("feedback", false, "pseudo-relevance feedback: also search the words of the best hits")
	lenient := fs.Bool("lenient", false, "read bad query syntax (an unclosed quote, a lone *) as plain text, as the search page does")
	related := fs.Bool("related", true, "follow fewer than k matches with related documents, as the API does")
	asJSON := fs.Bool("json", false, "print the metrics as JSON")
	fs.Usage = func() { fmt.Fprint(e.stderr, evalUsage); fs.PrintDefaults() }
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch {
	case *dir == "" || *queriesPath == "" || *qrelsPath == "":
		return usageError{"-index, -queries and -qrels are required"}
	case fs.NArg() > 0:
		return usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	case *k < 1 || *k > 1000:
		return usageError{fmt.Sprintf("-k %d: want 1 to 1000", *k)}
	}
	queries, qrels, err := readEvalFiles(*queriesPath, *qrelsPath)
	if err != nil {
		return err
	}
	ix, err := index.OpenWith(*dir, index.Options{Mode: "eval"})
	if err != nil {
		return err
	}
	defer ix.Close()
	warnAnalysis(e.stderr, ix)
	failed := 0
	run, err := ix.RunQueriesWith(ctx, queries, *k, index.Request{Feedback: *feedback, Related: related, Lenient: *lenient},
		func(q index.EvalQuery, err error) {
			failed++
			fmt.Fprintf(e.stderr, "fahras eval: query %s: %v (scored as an empty run)\n", q.ID, err)
		})
	if err != nil {
		return err
	}
	if failed > 0 {
		fmt.Fprintf(e.stderr, "fahras eval: %d of %d queries failed and count as empty runs\n", failed, len(queries))
	}
	if *runPath != "" {
		if err := writeRunFile(*runPath, queries, run); err != nil {
			return err
		}
	}
	warnEval(e, queries, qrels, *k)
	m := index.Evaluate(qrels, run)
	if *asJSON {
		b, err := json.Marshal(m)
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(e.stdout, "%s\n", b)
		return err
	}
	_, err = fmt.Fprintf(e.stdout, "queries     %d\nMAP         %.4f\nnDCG@10     %.4f\nMRR@10      %.4f\nP@10        %.4f\nRecall@100  %.4f\n",
		m.Queries, m.MAP, m.NDCG10, m.MRR10, m.P10, m.Recall100)
	return err
}

// warnEval notes on stderr what makes the figures differ from a full
// evaluation: judged queries missing from the query file (they count as
// zero) and a -k below the Recall@100 cutoff.
func warnEval(e env, queries []index.EvalQuery, qrels index.Qrels, k int) {
	have := make(map[string]bool, len(queries))
	for _, q := range queries {
		have[q.ID] = true
	}
	missing := 0
	for qid := range qrels {
		if !have[qid] {
			missing++
		}
	}
	if missing > 0 {
		fmt.Fprintf(e.stderr, "fahras eval: %d judged queries are not in the query file; they count as zero\n", missing)
	}
	if k < 100 {
		fmt.Fprintf(e.stderr, "fahras eval: -k %d: Recall@100 only sees the top %d\n", k, k)
	}
}

// readEvalFiles reads the queries and the judgments.
func readEvalFiles(queriesPath, qrelsPath string) ([]index.EvalQuery, index.Qrels, error) {
	qf, err := os.Open(queriesPath)
	if err != nil {
		return nil, nil, err
	}
	defer qf.Close()
	queries, err := index.ReadQueries(qf)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", queriesPath, err)
	}
	rf, err := os.Open(qrelsPath)
	if err != nil {
		return nil, nil, err
	}
	defer rf.Close()
	qrels, err := index.ReadQrels(rf)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", qrelsPath, err)
	}
	return queries, qrels, nil
}

// writeRunFile writes the run in query-file order.
func writeRunFile(path string, queries []index.EvalQuery, run map[string][]index.Ranked) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	seen := map[string]bool{}
	ids := make([]string, 0, len(queries))
	for _, q := range queries {
		if !seen[q.ID] {
			seen[q.ID] = true
			ids = append(ids, q.ID)
		}
	}
	for _, id := range ids {
		if err := index.WriteRun(w, id, run[id]); err != nil {
			f.Close()
			return fmt.Errorf("write run %s: %w", path, err)
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("write run %s: %w", path, err)
	}
	return f.Close()
}
