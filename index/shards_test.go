package index

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/google/go-cmp/cmp"
)

// quranLines returns the first n lines of the demo verses.
func quranLines(t testing.TB, n int) []byte {
	t.Helper()
	f, err := os.Open("../testdata/quran/verses.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out bytes.Buffer
	sc := bufio.NewScanner(f)
	for i := 0; i < n && sc.Scan(); i++ {
		out.Write(sc.Bytes())
		out.WriteByte('\n')
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// demoIndex creates the demo schema in dir with n shards and loads verses
// into it as the demo does (sura and aya from the id).
func demoIndex(t *testing.T, dir string, n int, verses []byte) *Index {
	t.Helper()
	s := DemoSchema()
	s.Shards = n
	ix, err := Create(dir, s)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	opts := BulkOptions{BatchSize: 250, OnReject: func(r *Reject) { t.Errorf("reject: %v", r) }}
	st, err := ix.bulkWith(context.Background(), []Source{ReaderSource("quran", bytes.NewReader(verses))}, opts, demoFields)
	if err != nil {
		t.Fatal(err)
	}
	if st.Documents == 0 {
		t.Fatal("no verses indexed")
	}
	return ix
}

// shardRequests exercise every part of search that reads the index:
// ranking (variants, spellings, proximity), prefix and fuzzy expansion,
// diacritics, feedback, filters, facets, sorting and paging.
var shardRequests = []struct {
	name string
	req  Request
}{
	{"two words", Request{Query: "الرحمن الرحيم", Size: 20}},
	{"phrase", Request{Query: `"رب العالمين"`, Size: 20}},
	{"sloppy phrase", Request{Query: `"الله رحيم"~3 "الرحمن الرحيم"~`, Size: 20}},
	{"common words", Request{Query: "الذين امنوا", Size: 20}},
	{"rare and common", Request{Query: "يوم القيامة نار جهنم", Size: 20}},
	{"spelling variants", Request{Query: "ابرهيم الكتاب", Size: 20}},
	{"typo", Request{Query: "الصراق المستقيم", Size: 20}},
	{"run-on word", Request{Query: "الدارالآخرة", Size: 20}},
	{"related hits", Request{Query: "هاروت", Size: 20}},
	{"search as you type", Request{Query: "يوم القيا", PrefixLast: true, Size: 20}},
	{"all words", Request{Query: "الله غفور رحيم", All: true, Size: 20}},
	{"required words", Request{Query: "+الله +رحيم الغفور", Size: 20}},
	{"prefix", Request{Query: "الكت*", Size: 20}},
	{"fuzzy", Request{Query: "رحيم~1", Size: 20}},
	{"excluded", Request{Query: "الله -رحيم", Size: 20}},
	{"diacritics", Request{Query: "الرَّحِيمِ", Diacritics: true, Size: 20}},
	{"feedback", Request{Query: "الصلاة الزكاة", Feedback: true, Size: 20}},
	{"filter", Request{Query: "الله", Filters: []Filter{{Field: "sura", Min: strp("2"), Max: strp("4")}}, Size: 20}},
	{"facets", Request{Query: "الله", Size: 5, Facets: map[string]FacetRequest{
		"suras":  {Field: "sura_name", Size: 3},
		"ranges": {Field: "aya", Ranges: []FacetRange{{Name: "first", Max: strp("50")}, {Name: "rest", Min: strp("50")}}},
	}}},
	{"sort", Request{Query: "الله", Sort: []string{"-sura", "aya"}, Size: 20}},
	{"sort by id", Request{Query: "رب", Sort: []string{"_id"}, Size: 20}},
	{"second page", Request{Query: "الله", From: 20, Size: 20}},
	{"tied scores", Request{Query: "sura_name:البقرة", Size: 20}},
}

// TestShardedSearchEqualsUnsharded: 2 and 4 shards give the hits, scores,
// totals, sort values and facets of one index, through Index.Search.
func TestShardedSearchEqualsUnsharded(t *testing.T) {
	verses := quranLines(t, 1500)
	one := demoIndex(t, filepath.Join(t.TempDir(), "one"), 1, verses)
	for _, n := range []int{2, 4} {
		ix := demoIndex(t, filepath.Join(t.TempDir(), fmt.Sprint(n)), n, verses)
		for _, tc := range shardRequests {
			t.Run(fmt.Sprintf("shards=%d/%s", n, tc.name), func(t *testing.T) {
				want, err := one.Search(context.Background(), tc.req)
				if err != nil {
					t.Fatal(err)
				}
				got, err := ix.Search(context.Background(), tc.req)
				if err != nil {
					t.Fatal(err)
				}
				if len(want.Hits) == 0 {
					t.Fatal("no hits: the request tests nothing")
				}
				sameResults(t, got, want)
				if diff := cmp.Diff(&ShardsStatus{Total: n, Successful: n}, got.Shards); diff != "" {
					t.Errorf("shards (-want +got):\n%s", diff)
				}
				if want.Shards != nil {
					t.Errorf("unsharded result has shards %+v", want.Shards)
				}
			})
		}
	}
}

// sameResults compares two results hit by hit (ids, scores to 1e-9,
// sort values, matched words) and their totals and facets.
func sameResults(t *testing.T, got, want *Result) {
	t.Helper()
	if got.Total != want.Total || len(got.Hits) != len(want.Hits) {
		t.Fatalf("total %d (%d hits), want %d (%d hits)", got.Total, len(got.Hits), want.Total, len(want.Hits))
	}
	for i := range want.Hits {
		g, w := got.Hits[i], want.Hits[i]
		if g.ID != w.ID || math.Abs(g.Score-w.Score) > 1e-9*math.Abs(w.Score) {
			t.Errorf("hit %d: %s %.12g, want %s %.12g", i, g.ID, g.Score, w.ID, w.Score)
			continue
		}
		if diff := cmp.Diff(w.Sort, g.Sort); diff != "" {
			t.Errorf("hit %d sort values (-want +got):\n%s", i, diff)
		}
		// The matched words, not the fragments: when fragments tie, the
		// highlighter's choice follows map order.
		if diff := cmp.Diff(w.Matches, g.Matches); diff != "" {
			t.Errorf("hit %d matches (-want +got):\n%s", i, diff)
		}
	}
	if diff := cmp.Diff(want.Facets, got.Facets); diff != "" {
		t.Errorf("facets (-want +got):\n%s", diff)
	}
}

// TestShardedSearchAfter pages through a sorted result with search_after
// on 4 shards and finds the pages of one index.
func TestShardedSearchAfter(t *testing.T) {
	verses := quranLines(t, 600)
	one := demoIndex(t, filepath.Join(t.TempDir(), "one"), 1, verses)
	four := demoIndex(t, filepath.Join(t.TempDir(), "four"), 4, verses)
	for _, sort := range [][]string{nil, {"-sura", "aya"}} {
		t.Run(fmt.Sprint(sort), func(t *testing.T) {
			var after []string
			for page := range 4 {
				req := Request{Query: "الله", Sort: sort, Size: 7, SearchAfter: after}
				want, err := one.Search(context.Background(), req)
				if err != nil {
					t.Fatal(err)
				}
				got, err := four.Search(context.Background(), req)
				if err != nil {
					t.Fatal(err)
				}
				sameResults(t, got, want)
				if len(want.Hits) == 0 {
					t.Fatalf("page %d is empty", page)
				}
				if diff := cmp.Diff(want.Hits[len(want.Hits)-1].Sort, got.Hits[len(got.Hits)-1].Sort); diff != "" {
					t.Fatalf("page %d: sort values (-want +got):\n%s", page, diff)
				}
				after = got.Hits[len(got.Hits)-1].Sort
			}
		})
	}
}

// TestShardRouting: a document lands in exactly one shard, the one of its
// id; replacing and deleting it work; counts are right.
func TestShardRouting(t *testing.T) {
	dir := t.TempDir()
	ix, err := Create(dir, Schema{Shards: 4})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	ctx := context.Background()
	for i := range 40 {
		if _, err := ix.Put(ctx, Document{"id": fmt.Sprintf("d%d", i), "text": fmt.Sprintf("كتاب رقم %d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	perShard := make([]uint64, 4)
	for i := range 40 {
		id := fmt.Sprintf("d%d", i)
		in := 0
		for s, sh := range ix.shards.all {
			d, err := sh.Document(id)
			if err != nil {
				t.Fatal(err)
			}
			if d != nil {
				in++
				if s != shardOf(id, 4) {
					t.Errorf("%s is in shard %d, want %d", id, s, shardOf(id, 4))
				}
			}
		}
		if in != 1 {
			t.Errorf("%s is in %d shards", id, in)
		}
	}
	for s, sh := range ix.shards.all {
		if perShard[s], err = sh.DocCount(); err != nil {
			t.Fatal(err)
		}
		if perShard[s] == 0 {
			t.Errorf("shard %d holds no document of 40: %v", s, perShard)
		}
	}
	if _, err := ix.Put(ctx, Document{"id": "d7", "text": "قلم جديد"}); err != nil {
		t.Fatal(err)
	}
	if d, err := ix.Get(ctx, "d7"); err != nil || d["text"] != "قلم جديد" {
		t.Errorf("Get(d7) after replace = %v, %v", d, err)
	}
	if err := ix.Delete(ctx, "d8"); err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Get(ctx, "d8"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get(d8) after delete: %v, want ErrNotFound", err)
	}
	if err := ix.Delete(ctx, "d8"); !errors.Is(err, ErrNotFound) {
		t.Errorf("second Delete(d8): %v, want ErrNotFound", err)
	}
	st, err := ix.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Documents != 39 || st.Shards != 4 {
		t.Errorf("stats %+v, want 39 documents in 4 shards", st)
	}
	res, err := ix.Search(ctx, Request{Query: "قلم"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 1 || res.Hits[0].ID != "d7" {
		t.Errorf("search قلم: %+v, want d7", res.Hits)
	}
	res, err = ix.Search(ctx, Request{Query: "كتاب", Size: 100})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 38 {
		t.Errorf("search كتاب: %d hits, want 38 (40, one replaced, one deleted)", res.Total)
	}
	// The token totals are those of the live documents, shard by shard.
	ix.tokens.mu.Lock()
	defer ix.tokens.mu.Unlock()
	var docs uint64
	for _, s := range ix.tokens.shards {
		docs += s.Docs
	}
	if !ix.tokens.on || ix.tokens.docs != 39 || docs != 39 {
		t.Errorf("token totals: on %v, %d documents, shards sum to %d; want 39", ix.tokens.on, ix.tokens.docs, docs)
	}
}

// TestShardedBulkRejects: bad records are reported in order and the good
// ones of every shard are kept.
func TestShardedBulkRejects(t *testing.T) {
	ix, err := Create(t.TempDir(), Schema{Shards: 3})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	var in strings.Builder
	want := map[int]string{}
	for i := 1; i <= 30; i++ {
		switch {
		case i%7 == 0:
			in.WriteString("{not json\n")
			want[i] = "bad"
		case i%5 == 0:
			fmt.Fprintf(&in, `{"text": "بلا معرف %d"}`+"\n", i)
			want[i] = "bad"
		default:
			fmt.Fprintf(&in, `{"id": "r%d", "text": "سجل رقم %d"}`+"\n", i, i)
			want[i] = fmt.Sprintf("r%d", i)
		}
	}
	var lines []int
	got := map[int]string{}
	st, err := ix.BulkNDJSON(context.Background(), strings.NewReader(in.String()), "in", BulkOptions{BatchSize: 4}, func(line int, id string, err error) {
		lines = append(lines, line)
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("line %d: %v, want ErrInvalid", line, err)
			}
			got[line] = "bad"
			return
		}
		got[line] = id
	})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("results (-want +got):\n%s", diff)
	}
	for i := range lines {
		if lines[i] != i+1 {
			t.Fatalf("results out of order: %v", lines)
		}
	}
	n, err := ix.shards.docCount()
	if err != nil {
		t.Fatal(err)
	}
	if st.Documents != 20 || st.Rejected != 10 || n != 20 {
		t.Errorf("stats %+v, %d documents in the index; want 20 indexed, 10 rejected", st, n)
	}
}

// TestShardedReopen: a sharded index keeps its layout, shard count,
// documents, token totals and rankings across a close and open; a second
// opener is locked out.
func TestShardedReopen(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ix")
	verses := quranLines(t, 300)
	ix := demoIndex(t, dir, 4, verses)
	req := Request{Query: "الرحمن الرحيم", Size: 20}
	before, err := ix.Search(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Open(dir); !errors.Is(err, ErrLocked) {
		t.Errorf("second open: %v, want ErrLocked", err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	for i := range 4 {
		if _, err := os.Stat(filepath.Join(dir, "shards", fmt.Sprint(i), metaFile)); err != nil {
			t.Errorf("shard %d: %v", i, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, metaFile)); err == nil {
		t.Errorf("a sharded index has %s at its root", metaFile)
	}
	ix, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if ix.Shards() != 4 || ix.Schema().Shards != 4 {
		t.Errorf("reopened with %d shards (schema %d), want 4", ix.Shards(), ix.Schema().Shards)
	}
	if !ix.tokens.on || ix.tokens.docs != 300 {
		t.Errorf("token totals after reopen: on %v, %d documents; want 300", ix.tokens.on, ix.tokens.docs)
	}
	after, err := ix.Search(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	sameResults(t, after, before)
	c, err := OpenCatalog(filepath.Dir(dir))
	if !errors.Is(err, ErrLocked) {
		t.Errorf("catalog over a held sharded index: %v, want ErrLocked", err)
	}
	if err == nil {
		c.Close()
	}
}

// TestShardsSchema: the shard count is checked and fixed at creation.
func TestShardsSchema(t *testing.T) {
	for _, n := range []int{-1, 65} {
		if _, err := Create(t.TempDir(), Schema{Shards: n}); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "shards") {
			t.Errorf("shards %d: %v, want ErrInvalid naming shards", n, err)
		}
	}
	if _, err := ParseSchema([]byte(`{"shards": 100}`)); !errors.Is(err, ErrInvalid) {
		t.Errorf("ParseSchema shards 100: %v, want ErrInvalid", err)
	}
	ix, err := Create(t.TempDir(), Schema{Shards: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if ix.Shards() != 1 || ix.Schema().Shards != 0 || ix.shards.sharded() {
		t.Errorf("shards 1: %d shards, schema %d; want one unsharded index", ix.Shards(), ix.Schema().Shards)
	}
	if _, err := os.Stat(filepath.Join(ix.Path(), metaFile)); err != nil {
		t.Errorf("an unsharded index keeps bleve at its root: %v", err)
	}
	if err := ix.Declare(Schema{Shards: 2}); !errors.Is(err, ErrInvalid) {
		t.Errorf("Declare shards 2 on one shard: %v, want ErrInvalid", err)
	}
}

// failingShard is a shard whose searches fail.
type failingShard struct{ shardIndexAPI }

type shardIndexAPI = bleve.Index

func (failingShard) SearchInContext(context.Context, *bleve.SearchRequest) (*bleve.SearchResult, error) {
	return nil, errors.New("disk on fire")
}

// TestShardSearchFailure: when a shard's search fails the others answer
// and the result says which failed; when all fail the search fails.
func TestShardSearchFailure(t *testing.T) {
	ix := demoIndex(t, t.TempDir(), 4, quranLines(t, 300))
	ctx := context.Background()
	req := Request{Query: "الله", Size: 100}
	full, err := ix.Search(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	healthy := ix.shards.all[2]
	ix.shards.all[2] = failingShard{healthy}
	defer func() { ix.shards.all[2] = healthy }()
	got, err := ix.Search(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	want := &ShardsStatus{Total: 4, Successful: 3, Failed: 1, Failures: []ShardFailure{{Shard: 2, Error: "disk on fire"}}}
	if diff := cmp.Diff(want, got.Shards); diff != "" {
		t.Errorf("shards (-want +got):\n%s", diff)
	}
	if got.Total == 0 || got.Total >= full.Total {
		t.Errorf("partial total %d, full %d", got.Total, full.Total)
	}
	for _, h := range got.Hits {
		if shardOf(h.ID, 4) == 2 {
			t.Errorf("hit %s comes from the failed shard", h.ID)
		}
	}
	for i := range ix.shards.all {
		if i != 2 {
			ix.shards.all[i] = failingShard{ix.shards.all[i]}
			defer func() { ix.shards.all[i] = ix.shards.all[i].(failingShard).shardIndexAPI }()
		}
	}
	if _, err := ix.Search(ctx, req); err == nil || !strings.Contains(err.Error(), "disk on fire") {
		t.Errorf("every shard failing: %v, want the shards' error", err)
	}
}

// TestShardDown: a shard that cannot be opened leaves the index open:
// searches answer from the others and report it, writes routed to it fail
// and say why, the others succeed.
func TestShardDown(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ix")
	ix := demoIndex(t, dir, 3, quranLines(t, 300))
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "shards", "1", metaFile), []byte("garbage"), 0o644); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	ctx := context.Background()
	res, err := ix.Search(ctx, Request{Query: "الله", Size: 50})
	if err != nil {
		t.Fatal(err)
	}
	if res.Shards == nil || res.Shards.Failed != 1 || len(res.Shards.Failures) != 1 || res.Shards.Failures[0].Shard != 1 || len(res.Hits) == 0 {
		t.Fatalf("shards %+v with %d hits, want shard 1 failed and hits from the others", res.Shards, len(res.Hits))
	}
	ids := map[int]string{}
	for i := 0; len(ids) < 3; i++ {
		id := fmt.Sprintf("new%d", i)
		ids[shardOf(id, 3)] = id
	}
	if _, err := ix.Put(ctx, Document{"id": ids[1], "text": "نص"}); err == nil || !strings.Contains(err.Error(), "shard 1 is unavailable") {
		t.Errorf("put into the shard that is down: %v", err)
	}
	if _, err := ix.Put(ctx, Document{"id": ids[0], "text": "نص"}); err != nil {
		t.Errorf("put into shard 0: %v", err)
	}
	in := fmt.Sprintf(`{"id": %q, "text": "نص"}`+"\n"+`{"id": %q, "text": "نص"}`+"\n", ids[2], ids[1])
	fates := map[string]error{}
	st, err := ix.BulkNDJSON(ctx, strings.NewReader(in), "in", BulkOptions{}, func(_ int, id string, err error) { fates[id] = err })
	if err == nil || fates[ids[2]] != nil || fates[ids[1]] == nil || !strings.Contains(fates[ids[1]].Error(), "shard 1") {
		t.Errorf("bulk: %v, fates %v; want %s on disk and %s failed naming shard 1", err, fates, ids[2], ids[1])
	}
	if st.Documents != 1 {
		t.Errorf("bulk stats %+v, want 1 document", st)
	}
	if _, err := ix.Get(ctx, ids[2]); err != nil {
		t.Errorf("get %s: %v", ids[2], err)
	}
}

// TestShardedInterruptedCreate: a sharded index whose creation stopped
// before any document (a shard without its mapping, no analyzer record
// yet) is cleared on open and can be created again.
func TestShardedInterruptedCreate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ix")
	ix, err := Create(dir, Schema{Shards: 2})
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "shards", "1", metaFile), []byte("{"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, analysisFile)); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(dir); !errors.Is(err, ErrNotFound) {
		t.Fatalf("open: %v, want ErrNotFound (interrupted create)", err)
	}
	ix, err = Create(dir, Schema{Shards: 2})
	if err != nil {
		t.Fatalf("create again: %v", err)
	}
	ix.Close()
}

// TestShardedTokensFallback: when a shard's saved token totals do not
// match its documents (a crash between a batch and its record), the
// totals are off and the mean lengths are counted over the shards'
// postings: rankings still equal those of one index.
func TestShardedTokensFallback(t *testing.T) {
	verses := quranLines(t, 400)
	one := demoIndex(t, filepath.Join(t.TempDir(), "one"), 1, verses)
	dir := filepath.Join(t.TempDir(), "three")
	ix := demoIndex(t, dir, 3, verses)
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	sh, err := bleve.Open(shardPath(dir, 1))
	if err != nil {
		t.Fatal(err)
	}
	if err := sh.SetInternal(tokensKey, []byte(`{"docs": 1, "tokens": {"text": 5}}`)); err != nil {
		t.Fatal(err)
	}
	if err := sh.Close(); err != nil {
		t.Fatal(err)
	}
	ix, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if ix.tokens.on {
		t.Fatal("token totals kept although shard 1's record does not match")
	}
	for _, q := range []string{"الرحمن الرحيم", "يوم القيامة"} {
		want, err := one.Search(context.Background(), Request{Query: q, Size: 20})
		if err != nil {
			t.Fatal(err)
		}
		got, err := ix.Search(context.Background(), Request{Query: q, Size: 20})
		if err != nil {
			t.Fatal(err)
		}
		sameResults(t, got, want)
	}
}
