package index

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The keyword collections (testdata/keywords, made by tools/keywords):
// short queries typed as people type them, judged by the inflected forms
// of the typed word, on the Qur'an and on the first 5,000 news articles.
//
//	go test ./index -run TestKeywordCollections -v
//
// It prints nDCG@10, P@10 and the false-friend rate (the share of queries
// with ten relevant documents or more where a document without the word
// ranks above one with it in the top 10), for one-word and two-word
// queries, beside bleve's ar analyzer, and fails when a figure falls below
// testdata/keywords/baseline.json (-update-keywords rewrites it).

var updateKeywords = flag.Bool("update-keywords", false, "rewrite testdata/keywords/baseline.json")

const keywordsDir = "../testdata/keywords"

// newsDocs is the news corpus beside the project, absent on a user's clone.
const newsDocs = "../../shared/corpora/saudinewsnet/docs.jsonl.gz"

// keywordFigures are the figures of one run on one kind of query.
type keywordFigures struct {
	Queries     int     `json:"queries"`
	NDCG10      float64 `json:"ndcg@10"`
	P10         float64 `json:"p@10"`
	FalseFriend float64 `json:"false_friend"` // share of the queries with ≥ 10 relevant documents
}

func TestKeywordCollections(t *testing.T) {
	if testing.Short() {
		t.Skip("indexes the Qur'an and 5,000 news articles")
	}
	got := map[string]keywordFigures{}
	for _, c := range keywordCollections(t) {
		ix := c.build(t)
		old := defaultRank()
		old.groups = false
		runs := map[string]map[string][]Ranked{"fahras": c.run(t, ix, defaultRank()), "ungrouped": c.run(t, ix, old), "ar": c.runBleve(t, "ar", nil)}
		if os.Getenv("FAHRAS_KW_DUMP") != "" {
			dumpFalseFriends(t, c, ix)
		}
		engines := []string{"fahras", "ungrouped", "ar"}
		if os.Getenv("FAHRAS_TIERS") != "" {
			for name, r := range exploreVariants() {
				runs[name] = c.run(t, ix, r)
				engines = append(engines, name)
			}
		}
		for _, engine := range engines {
			for _, kind := range []string{"one", "two"} {
				f := keywordFiguresOf(c, runs[engine], kind)
				key := fmt.Sprintf("%s/%s/%s", c.name, kind, engine)
				got[key] = f
				t.Logf("%-22s %3d queries  nDCG@10 %.4f  P@10 %.4f  false friends %.1f%%", key, f.Queries, f.NDCG10, f.P10, 100*f.FalseFriend)
			}
		}
	}
	path := filepath.Join(keywordsDir, "baseline.json")
	if *updateKeywords {
		b, _ := json.MarshalIndent(got, "", "  ")
		if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var want map[string]keywordFigures
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	for key, w := range want {
		g, ok := got[key]
		if !ok || !strings.HasSuffix(key, "/fahras") {
			continue
		}
		if g.NDCG10 < w.NDCG10-0.002 || g.FalseFriend > w.FalseFriend+0.005 {
			t.Errorf("%s: nDCG@10 %.4f (baseline %.4f), false friends %.3f (baseline %.3f)", key, g.NDCG10, w.NDCG10, g.FalseFriend, w.FalseFriend)
		}
		if ar := got[strings.TrimSuffix(key, "fahras")+"ar"]; g.NDCG10 < 1.1*ar.NDCG10 {
			t.Errorf("%s: nDCG@10 %.4f, not 10%% above bleve ar's %.4f", key, g.NDCG10, ar.NDCG10)
		}
	}
}

// keywordCollections returns the Qur'an collection and, when the news
// corpus is beside the project, the news one.
func keywordCollections(t *testing.T) []collection {
	t.Helper()
	schema := `{"fields": [{"name": "text", "type": "text"}]}`
	cs := []collection{readCollection(t, "quran", "../testdata/quran/verses.jsonl", schema,
		filepath.Join(keywordsDir, "quran.queries.tsv"), filepath.Join(keywordsDir, "quran.qrels.txt"))}
	if _, err := os.Stat(newsDocs); err != nil {
		t.Logf("news corpus not available (%v): the Qur'an only", err)
		return cs
	}
	docs := filepath.Join(t.TempDir(), "news.jsonl")
	writeNewsSlice(t, docs, 5000)
	return append(cs, readCollection(t, "news", docs, schema,
		filepath.Join(keywordsDir, "news.queries.tsv"), filepath.Join(keywordsDir, "news.qrels.txt")))
}

// writeNewsSlice writes the first n news articles with text to path, with
// their id and text only.
func writeNewsSlice(t *testing.T, path string, n int) {
	t.Helper()
	f, err := os.Open(newsDocs)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	w := bufio.NewWriter(out)
	sc := bufio.NewScanner(gz)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	for written := 0; written < n && sc.Scan(); {
		var d struct {
			ID   string `json:"id"`
			Text string `json:"text"`
		}
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			t.Fatal(err)
		}
		if strings.TrimSpace(d.Text) == "" {
			continue
		}
		b, _ := json.Marshal(d)
		w.Write(append(b, '\n'))
		written++
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
}

// keywordFiguresOf returns the figures of run on the queries of c of one
// kind: "one" (ids w…) or "two" (ids p…).
func keywordFiguresOf(c collection, run map[string][]Ranked, kind string) keywordFigures {
	sub := Qrels{}
	var ff, ffQueries int
	for _, q := range c.queries {
		if (kind == "one") != strings.HasPrefix(q.ID, "w") {
			continue
		}
		judged := c.qrels[q.ID]
		sub[q.ID] = judged
		if relevantCount(judged) >= 10 {
			ffQueries++
			if falseFriend(run[q.ID], judged) {
				ff++
			}
		}
	}
	m := Evaluate(sub, run)
	f := keywordFigures{Queries: m.Queries, NDCG10: m.NDCG10, P10: m.P10}
	if ffQueries > 0 {
		f.FalseFriend = float64(ff) / float64(ffQueries)
	}
	return f
}

// falseFriend reports whether a document without the word ranks above one
// with it in the top 10 of docs.
func falseFriend(docs []Ranked, judged map[string]int) bool {
	seenBad := false
	for i, d := range docs {
		if i == 10 {
			break
		}
		if judged[d.ID] > 0 {
			if seenBad {
				return true
			}
		} else {
			seenBad = true
		}
	}
	return false
}

// dumpFalseFriends logs, for each false-friend query of c, the top 10
// with the words marked, "+" before the relevant documents.
func dumpFalseFriends(t *testing.T, c collection, ix *Index) {
	for _, q := range c.queries {
		judged := c.qrels[q.ID]
		res, err := ix.search(t.Context(), Request{Query: q.Text, Size: 10, Related: ptr(false)}, defaultRank())
		if err != nil {
			t.Fatal(err)
		}
		var docs []Ranked
		var line []string
		for _, h := range res.Hits {
			docs = append(docs, Ranked{ID: h.ID})
			mark := "-"
			if judged[h.ID] > 0 {
				mark = "+"
			}
			line = append(line, mark+marked(h))
		}
		if relevantCount(judged) >= 10 && falseFriend(docs, judged) {
			t.Logf("FF %s %s: %s", q.ID, q.Text, strings.Join(line, " "))
		}
	}
}

func ptr[T any](v T) *T { return &v }

func marked(h Hit) string {
	var ws []string
	for _, fr := range h.Highlights["text"] {
		for {
			i := strings.Index(fr, "<mark>")
			if i < 0 {
				break
			}
			j := strings.Index(fr[i:], "</mark>")
			ws = append(ws, fr[i+6:i+j])
			fr = fr[i+j+7:]
		}
	}
	return strings.Join(ws, ",")
}

// exploreVariants returns the rankings to compare: the defaults, the
// ranking without word groups and those of $FAHRAS_TIERS
// ("variant,typo,prefix,exactBoost,exclusive;…", exclusive 1 for scores
// and marks, 2 for marks only).
func exploreVariants() map[string]rankParams {
	old := defaultRank()
	old.groups = false
	out := map[string]rankParams{"default": defaultRank(), "old": old}
	for _, spec := range strings.Split(os.Getenv("FAHRAS_TIERS"), ";") {
		if spec == "" {
			continue
		}
		var v, ty, p, eb, st float64
		var ex, un int
		fmt.Sscanf(spec, "%g,%g,%g,%g,%d,%g,%d", &v, &ty, &p, &eb, &ex, &st, &un)
		r := defaultRank()
		r.tiers.factors[altVariant], r.tiers.factors[altTypo], r.tiers.factors[altPrefix], r.exactBoost = v, ty, p, eb
		r.tiers.factors[altOwn] = st
		r.unionDF = un == 1
		r.tiers.exclusive, r.tiers.marksOnly = ex >= 1, ex == 2
		out[spec] = r
	}
	return out
}
