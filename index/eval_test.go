package index

import (
	"bytes"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// The hand computation:
//
//	q1 judged d1:1 d3:2 d5:1, retrieved d3 d2 d1 d4
//	   AP = (1/1 + 2/3) / 3 = 0.555556
//	   DCG@10 = 2/log2(2) + 1/log2(4) = 2.5; ideal = 2 + 1/log2(3) + 1/log2(4) = 3.130930
//	   nDCG@10 = 0.798486, RR = 1, P@10 = 0.2, R@100 = 2/3
//	q2 judged d9:1, retrieved nothing: every metric 0
//	q3 judged dx:0 only: not a judged query, left out of the means
func TestEvaluate(t *testing.T) {
	qrels := Qrels{
		"q1": {"d1": 1, "d3": 2, "d5": 1},
		"q2": {"d9": 1},
		"q3": {"dx": 0},
	}
	run := map[string][]Ranked{
		"q1": {{"d3", 4}, {"d2", 3}, {"d1", 2}, {"d4", 1}},
		"q3": {{"dx", 1}},
	}
	got := Evaluate(qrels, run)
	want := Metrics{
		Queries:   2,
		MAP:       (1 + 2.0/3) / 3 / 2,
		NDCG10:    2.5 / (2 + 1/math.Log2(3) + 0.5) / 2,
		MRR10:     0.5,
		P10:       0.1,
		Recall100: 1.0 / 3,
	}
	if diff := cmp.Diff(want, got, cmpopts.EquateApprox(0, 1e-9)); diff != "" {
		t.Errorf("Evaluate (-want +got):\n%s", diff)
	}
	if math.Abs(got.NDCG10-0.399243) > 1e-6 || math.Abs(got.MAP-0.277778) > 1e-6 {
		t.Errorf("Evaluate = %+v, want nDCG@10 0.399243 and MAP 0.277778", got)
	}
}

func TestMetricCutoffs(t *testing.T) {
	judged := map[string]int{"r": 1}
	var docs []Ranked
	for i := 0; i < 10; i++ {
		docs = append(docs, Ranked{ID: "n"})
	}
	docs = append(docs, Ranked{ID: "r"}) // rank 11
	tests := []struct {
		name      string
		got, want float64
	}{
		{"RR@10 ignores rank 11", reciprocalRank(docs, judged, 10), 0},
		{"nDCG@10 ignores rank 11", ndcg(docs, judged, 10), 0},
		{"P@10 ignores rank 11", precision(docs, judged, 10), 0},
		{"recall@100 finds rank 11", recall(docs, judged, 100), 1},
		{"AP counts rank 11", averagePrecision(docs, judged), 1.0 / 11},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if math.Abs(tt.got-tt.want) > 1e-12 {
				t.Errorf("got %v, want %v", tt.got, tt.want)
			}
		})
	}
}

func TestReadQueriesAndQrels(t *testing.T) {
	qs, err := ReadQueries(strings.NewReader("\ufeffq1\tكم عدد الدول؟\r\n\nq2\tمن هو\n"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]EvalQuery{{"q1", "كم عدد الدول؟"}, {"q2", "من هو"}}, qs); diff != "" {
		t.Errorf("ReadQueries (-want +got):\n%s", diff)
	}
	if _, err := ReadQueries(strings.NewReader("q1\tok\nno tab here\n")); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("ReadQueries(bad line 2) = %v, want ErrInvalid at line 2", err)
	}
	qr, err := ReadQrels(strings.NewReader("\ufeffq1 0 d1 1\nq1 0 d2 0\n"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(Qrels{"q1": {"d1": 1, "d2": 0}}, qr); diff != "" {
		t.Errorf("ReadQrels (-want +got):\n%s", diff)
	}
	if _, err := ReadQrels(strings.NewReader("q1 0 d1 1\nq1 0 d2 x\n")); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("ReadQrels(bad grade) = %v, want ErrInvalid at line 2", err)
	}
}

func TestWriteRun(t *testing.T) {
	var b bytes.Buffer
	if err := WriteRun(&b, "q1", []Ranked{{"d3", 2.5}, {"d1", 1}}); err != nil {
		t.Fatal(err)
	}
	want := "q1 Q0 d3 1 2.500000 fahras\nq1 Q0 d1 2 1.000000 fahras\n"
	if b.String() != want {
		t.Errorf("WriteRun = %q, want %q", b.String(), want)
	}
}
