package index

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
)

// scorchConfig is the runtime configuration of every bleve scorch index
// fahras creates or opens (runtimeConfig in index.go).
//
// Only bleve's lock timeout is set. The other knobs were measured on the
// news corpus (31,030 articles, fahras index under /usr/bin/time, CPU
// seconds beside the default in the same session) and left at bleve's
// defaults:
//   - merge plan (scorchMergePlanOptions): the default tiers (floor 2000
//     documents, 10 segments per tier and per merge) keep the merge work
//     of a 31,030-article load near one rewrite of the data. A floor of
//     10,000 documents or 5 segments per tier left 6–8 segments instead
//     of 13 (index 2.06–2.14× the JSON instead of 2.27×) for 25 % more
//     CPU; no merging at all saved no measurable CPU and left 32
//     segments (2.71×). Fewer segments at the end of a bulk load come
//     cheaper from one merge of everything (compact, below).
//   - persister (scorchPersisterOptions): persisting every batch directly
//     instead of merging concurrent batches in memory first made no
//     difference beyond the noise.
//   - segment format (forceSegmentType/forceSegmentVersion): zap v15 and
//     v16 were 2 % smaller and no faster than v17, and an index holding
//     segments of two versions cannot merge them, so existing indexes
//     would break.
//   - numSnapshotsToKeep: bleve's default keeps one, the least disk.
//
// unsafe_batch is never set: an acknowledged batch is on disk
// (docs/guarantees.md).
func scorchConfig() map[string]any {
	return map[string]any{"bolt_timeout": boltTimeout}
}

// compactOptions merge every segment into one in a single task (bleve's
// SingleSegmentMergePlanOptions merge ten at a time, so a 32-segment
// index would need four rounds, each rewriting the data).
var compactOptions = func() mergeplan.MergePlanOptions {
	o := mergeplan.SingleSegmentMergePlanOptions
	o.SegmentsPerMergeTask = 1 << 20
	return o
}()

// compactWait bounds how long compact waits for scorch to delete the
// files of the merged segments.
const compactWait = 10 * time.Second

// compact merges every segment of the scorch index bi into one and waits
// until the files of the old segments are deleted. After a bulk load of
// the news corpus (13 segments, 2.27× the JSON on disk, up to 2.79× when
// the load ends during a merge, whose inputs stay on disk until the next
// open) it leaves one segment of 1.92× the JSON, for 3.4 s of CPU (about
// 10 % of the load's; 3.1 s on one core). Searches and writes go on meanwhile; the merged
// segment is written and synced like any merge, so a crash during
// compact loses nothing (the old segments stay until the new root is
// persisted).
//
// It returns an error when bi is not a scorch index or when the merge
// did not happen (bleve does not report merge errors to the caller; the
// segment count tells).
func compact(ctx context.Context, bi bleve.Index) error {
	s, err := scorchOf(bi)
	if err != nil {
		return err
	}
	o := compactOptions
	if err := s.ForceMerge(ctx, &o); err != nil {
		return fmt.Errorf("compact: %w", err)
	}
	live, _, err := liveSegments(s)
	if err != nil {
		return fmt.Errorf("compact: %w", err)
	}
	if len(live) > 1 {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("compact: %w", err)
		}
		return fmt.Errorf("compact: %d segments left after the merge", len(live))
	}
	return waitDeleted(ctx, s, compactWait)
}

func scorchOf(bi bleve.Index) (*scorch.Scorch, error) {
	ai, err := bi.Advanced()
	if err != nil {
		return nil, fmt.Errorf("compact: %w", err)
	}
	switch s := ai.(type) {
	case *scorch.Scorch:
		return s, nil
	case shardIndex:
		return s.Scorch, nil
	}
	return nil, fmt.Errorf("compact: %T is not a scorch index", ai)
}

// liveSegments returns the file names of the segments of s's current
// snapshot ("" for a segment only in memory) and the folder of their files.
func liveSegments(s *scorch.Scorch) (live map[string]bool, dir string, err error) {
	r, err := s.Reader()
	if err != nil {
		return nil, "", err
	}
	defer r.Close()
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return nil, "", fmt.Errorf("unexpected scorch reader %T", r)
	}
	live = map[string]bool{}
	for _, ss := range snap.Segments() {
		name := ""
		if p, ok := ss.Segment().(interface{ Path() string }); ok {
			name, dir = filepath.Base(p.Path()), filepath.Dir(p.Path())
		}
		live[name] = true
	}
	return live, dir, nil
}

// deadFiles lists the segment files in the folder of s's segments that
// its current snapshot does not use.
func deadFiles(s *scorch.Scorch) ([]string, error) {
	live, dir, err := liveSegments(s)
	if err != nil || dir == "" {
		return nil, err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var dead []string
	for _, e := range entries {
		if n := e.Name(); filepath.Ext(n) == ".zap" && !live[n] {
			dead = append(dead, n)
		}
	}
	return dead, nil
}

// waitDeleted waits until scorch's persister has deleted the files of the
// segments s no longer uses (it does so when it is idle), at most limit:
// files still there then are deleted at the next open.
func waitDeleted(ctx context.Context, s *scorch.Scorch, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for {
		dead, err := deadFiles(s)
		if err != nil {
			return fmt.Errorf("compact: %w", err)
		}
		if len(dead) == 0 || time.Now().After(deadline) {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("compact: %w", ctx.Err())
		case <-time.After(10 * time.Millisecond):
		}
	}
}
