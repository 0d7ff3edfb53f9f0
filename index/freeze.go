package index

import (
	"fmt"
	"time"
)

// An index being reindexed is frozen: every write (commit) fails with
// ErrBusy, searches and gets go on. freeze waits for the writes in flight
// (they hold snapMu for reading), so that once it returns no write can
// land after the copy has passed its document.

// freeze refuses further writes; ErrBusy if the index is frozen already
// (another reindex).
func (ix *Index) freeze() error {
	ix.snapMu.Lock()
	defer ix.snapMu.Unlock()
	if ix.frozen {
		return fmt.Errorf("%w: index %s is being reindexed already", ErrBusy, ix.name)
	}
	ix.frozen = true
	return nil
}

func (ix *Index) unfreeze() {
	ix.snapMu.Lock()
	defer ix.snapMu.Unlock()
	ix.frozen = false
}

// checkFrozen returns ErrBusy for a write into a frozen index. Callers
// hold snapMu (for reading at least).
func (ix *Index) checkFrozen() error {
	if ix.frozen {
		return fmt.Errorf("%w: index %s is being reindexed for a schema change; writes are refused until the new index is swapped in (retry then)", ErrBusy, ix.name)
	}
	return nil
}

// writable returns ErrBusy when the index is frozen (a write checked
// early; commit checks again).
func (ix *Index) writable() error {
	ix.snapMu.RLock()
	defer ix.snapMu.RUnlock()
	return ix.checkFrozen()
}

func now() time.Time { return time.Now().UTC() }
