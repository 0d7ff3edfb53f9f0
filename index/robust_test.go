package index

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// Robustness to the two commonest mistakes of people typing Arabic
// queries, measured on XQuAD-R with the questions altered: one typo in
// the longest word of each question, or the space after a non-joining
// letter dropped. Fahras handles both (rank_typos.go, query_split.go);
// the test fails if the handling does not beat the same ranking without
// it on the altered questions.

// typoQueries returns qs with one random edit (a letter removed, doubled,
// replaced, or two neighbours swapped) inside the longest word of five
// letters or more of each question, and how many were changed.
func typoQueries(qs []EvalQuery, seed uint64) ([]EvalQuery, int) {
	r := rand.New(rand.NewPCG(seed, seed))
	out := make([]EvalQuery, len(qs))
	n := 0
	for i, q := range qs {
		out[i] = q
		words := strings.Fields(q.Text)
		best := -1
		for j, w := range words {
			if oneWord(w) && letters(w) >= 5 && (best < 0 || letters(w) > letters(words[best])) {
				best = j
			}
		}
		if best < 0 {
			continue
		}
		words[best] = typo(r, words[best])
		out[i].Text = strings.Join(words, " ")
		n++
	}
	return out, n
}

// typo makes one edit to w, away from its first and last letters.
func typo(r *rand.Rand, w string) string {
	rs := []rune(w)
	i := 1 + r.IntN(len(rs)-2)
	switch r.IntN(4) {
	case 0:
		return string(rs[:i]) + string(rs[i+1:])
	case 1:
		return string(rs[:i+1]) + string(rs[i:])
	case 2:
		letters := []rune(typoAlphabet)
		rs[i] = letters[r.IntN(len(letters))]
		return string(rs)
	default:
		rs[i], rs[i+1] = rs[i+1], rs[i]
		return string(rs)
	}
}

// runOnQueries returns qs with the first space after a non-joining
// letter removed, and how many questions had one.
func runOnQueries(qs []EvalQuery) ([]EvalQuery, int) {
	out := make([]EvalQuery, len(qs))
	n := 0
	for i, q := range qs {
		out[i] = q
		for j := strings.IndexByte(q.Text, ' '); j > 0; {
			last, _ := utf8.DecodeLastRuneInString(q.Text[:j])
			next, _ := utf8.DecodeRuneInString(q.Text[j+1:])
			if nonJoining(last) && isArabicLetter(next) {
				out[i].Text = q.Text[:j] + q.Text[j+1:]
				n++
				break
			}
			k := strings.IndexByte(q.Text[j+1:], ' ')
			if k < 0 {
				break
			}
			j += 1 + k
		}
	}
	return out, n
}

func TestTypoAndRunOnRobustness(t *testing.T) {
	if testing.Short() {
		t.Skip("evaluates XQuAD-R seven times")
	}
	c := xquadCollection(t)
	ix := c.build(t)
	def := defaultRank()
	noTypos, noSplit := def, def
	noTypos.typoWeight = 0
	noSplit.splitRunOns = false
	ar := func(c collection) string { // bleve's built-in Arabic analyzer, the best peer
		m := c.evaluateBleve(t, "ar", nil)
		return fmt.Sprintf("bleve ar %.4f / %.4f", m.NDCG10, m.Recall100)
	}
	plain := c.evaluate(t, ix, def)
	t.Logf("questions as written: nDCG@10 %.4f R@100 %.4f; %s", plain.NDCG10, plain.Recall100, ar(c))

	typoed, n := typoQueries(c.queries, 1)
	tc := c
	tc.queries = typoed
	with, without := tc.evaluate(t, ix, def), tc.evaluate(t, ix, noTypos)
	t.Logf("one typo in %d questions: nDCG@10 %.4f R@100 %.4f, without typo edits %.4f / %.4f; %s", n, with.NDCG10, with.Recall100, without.NDCG10, without.Recall100, ar(tc))
	if with.NDCG10 <= without.NDCG10 {
		t.Errorf("typo edits do not help on questions with a typo: nDCG@10 %.4f vs %.4f", with.NDCG10, without.NDCG10)
	}

	runOn, m := runOnQueries(c.queries)
	rc := c
	rc.queries = runOn
	with, without = rc.evaluate(t, ix, def), rc.evaluate(t, ix, noSplit)
	t.Logf("a run-on word in %d questions: nDCG@10 %.4f R@100 %.4f, without splitting %.4f / %.4f; %s", m, with.NDCG10, with.Recall100, without.NDCG10, without.Recall100, ar(rc))
	if with.NDCG10 <= without.NDCG10 {
		t.Errorf("splitting does not help on questions with a run-on word: nDCG@10 %.4f vs %.4f", with.NDCG10, without.NDCG10)
	}
}
