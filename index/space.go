package index

import (
	"fmt"
)

// DefaultMinFreeBytes is the free space on the index's file system below
// which writes are refused. Writing on until the disk is full fails in
// bleve's segment persister, which can panic and end the process
// (docs/guarantees.md, "Full disk"); refusing writes while some space is
// left gives the writer a clear error instead, as Elasticsearch's flood
// stage watermark does. It covers the next batches and the merges that
// follow them; compaction checks for the index's own size on top.
const DefaultMinFreeBytes = 64 << 20

// checkSpace refuses a write that would need need bytes when the file
// system of the index has less than the reserve plus need free. Free space
// that cannot be read (another system) is not checked.
func (ix *Index) checkSpace(need int64) error {
	if ix.minFree < 0 {
		return nil
	}
	free, ok := freeBytes(ix.path)
	if !ok || free >= ix.minFree+need {
		return nil
	}
	return fmt.Errorf("%w: %s has %s free; writes stop below %s (min free bytes)%s",
		ErrDiskFull, ix.path, megabytes(free), megabytes(ix.minFree+need), neededFor(need))
}

func neededFor(need int64) string {
	if need == 0 {
		return ""
	}
	return fmt.Sprintf(", of which %s for this operation", megabytes(need))
}

func megabytes(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/1e6) }
