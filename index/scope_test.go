package index

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"testing"
)

// scopedSearch runs req as a cluster coordinator does (package cluster),
// with each group of shards standing for a machine: the dictionary
// questions answered over every group until none is new, the statistics
// of every group summed, then every group searched with the sums and the
// hits merged by score, then id.
func scopedSearch(t *testing.T, ix *Index, groups [][]int, req Request) *Result {
	t.Helper()
	ctx := context.Background()
	known := &DictAnswers{}
	ask := DictAnswers{}
	questions := func() DictAnswers {
		var q DictAnswers
		for _, g := range groups {
			s := &ShardScope{Shards: g, Dict: known}
			if err := ix.BuildQuery(WithShardScope(ctx, s), req); err != nil {
				t.Fatal(err)
			}
			q.Ask(s.Questions())
		}
		return q.Without(*known)
	}
	ask = questions()
	for round := 0; ask.Len() > 0; round++ {
		if round == 4 {
			t.Fatalf("dictionary questions still coming after %d rounds", round)
		}
		var answers DictAnswers
		for _, g := range groups {
			a, err := ix.AnswerDict(WithShardScope(ctx, &ShardScope{Shards: g}), ask)
			if err != nil {
				t.Fatal(err)
			}
			answers.Merge(a)
		}
		known.Merge(answers)
		ask = questions()
	}
	global := &GlobalStats{}
	for _, g := range groups {
		s := &ShardScope{Shards: g, Record: true, Dict: known}
		if _, err := ix.Search(WithShardScope(ctx, s), req); err != nil {
			t.Fatal(err)
		}
		st, ok := s.Recorded()
		if !ok {
			t.Fatal("no statistics recorded")
		}
		global.Add(st)
	}
	out := &Result{}
	for _, g := range groups {
		r, err := ix.Search(WithShardScope(ctx, &ShardScope{Shards: g, Stats: global, Dict: known}), req)
		if err != nil {
			t.Fatal(err)
		}
		out.Total += r.Total
		out.Hits = append(out.Hits, r.Hits...)
	}
	sort.SliceStable(out.Hits, func(i, j int) bool {
		if out.Hits[i].Score != out.Hits[j].Score {
			return out.Hits[i].Score > out.Hits[j].Score
		}
		return out.Hits[i].ID < out.Hits[j].ID
	})
	out.Hits = out.Hits[:min(len(out.Hits), req.Size)]
	return out
}

// TestScopedSearchEqualsOneIndex checks that a search spread over groups
// of shards, each searched apart with the global statistics and the
// dictionary answers of every shard, ranks as one unsharded index.
func TestScopedSearchEqualsOneIndex(t *testing.T) {
	verses := quranLines(t, 1500)
	one := demoIndex(t, filepath.Join(t.TempDir(), "one"), 1, verses)
	ix := demoIndex(t, filepath.Join(t.TempDir(), "three"), 3, verses)
	off := false
	for _, tc := range []struct{ name, query string }{
		{"two words", "الرحمن الرحيم"},
		{"a word with spelling variants", "يؤمنون"},
		{"variants and a clitic", "يؤمنون بالغيب"},
		{"Uthmani script", "ٱلۡكِتَٰبَ"},
		{"phrase", `"الحمد لله"`},
		{"required and excluded", "+موسى -فرعون"},
		{"a typo one edit away", "الصلوة"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := Request{Query: tc.query, Size: 10, Related: &off, Highlight: &HighlightOptions{Disabled: true}}
			want, err := one.Search(context.Background(), req)
			if err != nil {
				t.Fatal(err)
			}
			if len(want.Hits) == 0 {
				t.Fatal("no hits: the query tests nothing")
			}
			for _, groups := range [][][]int{{{0}, {1, 2}}, {{2}, {0}, {1}}} {
				got := scopedSearch(t, ix, groups, req)
				if got.Total != want.Total || len(got.Hits) != len(want.Hits) {
					t.Fatalf("groups %v: %d hits of %d, want %d of %d", groups, len(got.Hits), got.Total, len(want.Hits), want.Total)
				}
				for i := range want.Hits {
					g, w := got.Hits[i], want.Hits[i]
					if g.ID != w.ID || !closeScore(g.Score, w.Score) {
						t.Errorf("groups %v: hit %d is %s %.12g, want %s %.12g", groups, i, g.ID, g.Score, w.ID, w.Score)
					}
				}
			}
		})
	}
}

func closeScore(a, b float64) bool {
	d := a - b
	if d < 0 {
		d = -d
	}
	return d <= 1e-9*max(1, b)
}

// TestApplyShard checks the applier's write: the documents and the log
// sequence in one batch, bad documents skipped and reported, a document of
// another shard refused, deletes applied.
func TestApplyShard(t *testing.T) {
	ix := demoIndex(t, t.TempDir(), 3, quranLines(t, 30))
	ctx := context.Background()
	var mine, bad, other string
	for k := 0; mine == "" || bad == "" || other == ""; k++ {
		id := fmt.Sprintf("d%d", k)
		switch {
		case ShardOf(id, 3) != 1:
			other = id
		case mine == "":
			mine = id
		default:
			bad = id
		}
	}
	if seq, err := ix.AppliedSeq(1, "seq"); err != nil || seq != 0 {
		t.Fatalf("applied before any batch: %d %v, want 0", seq, err)
	}
	rejected, err := ix.ApplyShard(ctx, 1, []ShardOp{
		{ID: mine, Doc: Document{"id": mine, "text": "كتب الطالب رسالة"}},
		{ID: bad, Doc: Document{"id": bad, "text": map[string]any{"nested": 1}}},
	}, "seq", 7)
	if err != nil {
		t.Fatal(err)
	}
	if len(rejected) != 1 || rejected[1] == nil {
		t.Errorf("rejected %v, want the nested object (op 1) refused", rejected)
	}
	if seq, err := ix.AppliedSeq(1, "seq"); err != nil || seq != 7 {
		t.Errorf("applied: %d %v, want 7", seq, err)
	}
	if _, err := ix.Get(ctx, mine); err != nil {
		t.Errorf("get %s: %v", mine, err)
	}
	if _, err := ix.ApplyShard(ctx, 1, []ShardOp{{ID: other, Doc: Document{"id": other, "text": "نص"}}}, "seq", 8); !errors.Is(err, ErrInvalid) {
		t.Errorf("a document of shard %d applied to shard 1: %v, want ErrInvalid", ShardOf(other, 3), err)
	}
	if seq, _ := ix.AppliedSeq(1, "seq"); seq != 7 {
		t.Errorf("applied after a refused batch: %d, want 7", seq)
	}
	if _, err := ix.ApplyShard(ctx, 1, []ShardOp{{ID: mine}}, "seq", 9); err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Get(ctx, mine); !errors.Is(err, ErrNotFound) {
		t.Errorf("get %s after its delete: %v, want ErrNotFound", mine, err)
	}
	if seq, _ := ix.AppliedSeq(1, "seq"); seq != 9 {
		t.Errorf("applied after the delete: %d, want 9", seq)
	}
}
