package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/fahras/fahras/index"
)

// verses returns the first n verses of the demo data as JSON Lines.
func verses(t *testing.T, n int) string {
	t.Helper()
	f, err := os.Open("../../testdata/quran/verses.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b strings.Builder
	sc := bufio.NewScanner(f)
	for i := 0; i < n && sc.Scan(); i++ {
		b.WriteString(sc.Text())
		b.WriteByte('\n')
	}
	return b.String()
}

// shardSearchJSON runs "fahras search -json" and decodes the result.
func shardSearchJSON(t *testing.T, args ...string) (*index.Result, string) {
	t.Helper()
	var out, errb bytes.Buffer
	if code := run(context.Background(), append([]string{"search", "-json"}, args...), strings.NewReader(""), &out, &errb); code != 0 {
		t.Fatalf("search %v: exit status %d:\n%s", args, code, errb.String())
	}
	var res index.Result
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		t.Fatal(err)
	}
	return &res, errb.String()
}

// TestIndexShards: "fahras index -shards N" creates a sharded index whose
// searches ("fahras search") rank like the unsharded one; the count is
// checked on later runs; a search with a shard down warns on stderr.
func TestIndexShards(t *testing.T) {
	data := verses(t, 800)
	tmp := t.TempDir()
	one, four := filepath.Join(tmp, "one"), filepath.Join(tmp, "four")
	if code, _, stderr := indexRun(t, data, "-index", one, "-"); code != 0 {
		t.Fatalf("index: exit status %d:\n%s", code, stderr)
	}
	if code, _, stderr := indexRun(t, data, "-index", four, "-shards", "4", "-"); code != 0 {
		t.Fatalf("index -shards 4: exit status %d:\n%s", code, stderr)
	}
	if ix := openIndex(t, four); ix.Shards() != 4 {
		t.Fatalf("created with %d shards, want 4", ix.Shards())
	} else {
		ix.Close()
	}
	for _, q := range []string{"الرحمن الرحيم", "الذين امنوا", "يوم القيامة", "الكت*"} {
		t.Run(q, func(t *testing.T) {
			want, _ := shardSearchJSON(t, "-index", one, "-size", "20", q)
			got, stderr := shardSearchJSON(t, "-index", four, "-size", "20", q)
			if len(want.Hits) == 0 || got.Total != want.Total || len(got.Hits) != len(want.Hits) {
				t.Fatalf("total %d (%d hits), want %d (%d hits)", got.Total, len(got.Hits), want.Total, len(want.Hits))
			}
			for i, w := range want.Hits {
				if g := got.Hits[i]; g.ID != w.ID || math.Abs(g.Score-w.Score) > 1e-9*w.Score {
					t.Errorf("hit %d: %s %g, want %s %g", i, g.ID, g.Score, w.ID, w.Score)
				}
			}
			if got.Shards == nil || got.Shards.Total != 4 || got.Shards.Failed != 0 || stderr != "" {
				t.Errorf("shards %+v, stderr %q; want 4 answering and no warning", got.Shards, stderr)
			}
		})
	}

	code, _, stderr := indexRun(t, data, "-index", four, "-shards", "2", "-")
	if code != 2 || !strings.Contains(stderr, "the index has 4 shards, not 2") {
		t.Errorf("-shards 2 on 4 shards: exit status %d, want 2 (a failure):\n%s", code, stderr)
	}
	if code, _, stderr := indexRun(t, data, "-index", four, "-shards", "4", "-"); code != 0 {
		t.Errorf("-shards 4 again: exit status %d:\n%s", code, stderr)
	}
	if n := docCount(t, four); n != 800 {
		t.Errorf("%d documents after loading twice, want 800", n)
	}
	if code, _, stderr := indexRun(t, data, "-index", filepath.Join(tmp, "bad"), "-shards", "65", "-"); code != 2 || !strings.Contains(stderr, "-shards 65") {
		t.Errorf("-shards 65: exit status %d, want 2:\n%s", code, stderr)
	}

	if err := os.WriteFile(filepath.Join(four, "shards", "2", "index_meta.json"), []byte("not json"), 0o644); err != nil {
		t.Fatal(err)
	}
	part, stderr := shardSearchJSON(t, "-index", four, "-size", "20", "الله")
	if !strings.Contains(stderr, "partial results: 1 of 4 shards failed") || !strings.Contains(stderr, "shard 2:") {
		t.Errorf("stderr %q, want the partial results warning naming shard 2", stderr)
	}
	if part.Shards == nil || part.Shards.Failed != 1 || len(part.Hits) == 0 {
		t.Errorf("shards %+v with %d hits, want 1 failed and hits from the others", part.Shards, len(part.Hits))
	}
}

// TestCrashDuringShardedBulkIndex: a sharded load killed in the middle
// leaves an index that opens with intact documents, the folder is locked
// while the load runs, and re-running the load converges.
func TestCrashDuringShardedBulkIndex(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills processes")
	}
	const n = 6000
	file, docs := crashCorpus(t, n)
	dir := filepath.Join(t.TempDir(), "ix")
	cmd, stderr := fahrasProcess(t, "index", "-index", dir, "-shards", "3", "-batch", "250", file)
	waitForFile(t, filepath.Join(dir, "shards", "0", "index_meta.json"))
	if _, err := index.Open(dir); !errors.Is(err, index.ErrLocked) {
		t.Errorf("open during the load: %v, want ErrLocked", err)
	}
	time.Sleep(700 * time.Millisecond)
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	got := checkIndex(t, dir, docs, nil)
	t.Logf("killed with %d of %d documents on disk (stderr %q)", got, n, stderr.String())
	finishLoad(t, dir, docs, "index", "-index", dir, "-shards", "3", file)
	ix := openIndex(t, dir)
	if ix.Shards() != 3 {
		t.Errorf("%d shards after the crash, want 3", ix.Shards())
	}
}
