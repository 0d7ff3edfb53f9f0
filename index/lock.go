package index

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// lockFile is the file in every index folder that a process holding the
// index keeps locked (flock on Unix) and in which it writes who it is, so
// that a second opener fails at once with an error that says who holds
// the index. The lock is released when the holder closes the index or
// dies, so a stale file never blocks anyone.
const lockFile = "fahras.lock"

// owner describes the process that holds an index.
type owner struct {
	PID   int       `json:"pid"`
	Mode  string    `json:"mode,omitempty"` // e.g. "serve", "index"
	Since time.Time `json:"since"`
}

// lock is a held index lock.
type lock struct{ f *os.File }

// acquire locks the index folder dir for this process, or fails at once
// with an error wrapping ErrLocked.
func acquire(dir, mode string) (*lock, error) {
	p := filepath.Join(dir, lockFile)
	f, err := os.OpenFile(p, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lock index: %w", err)
	}
	if err := tryLock(f); err != nil {
		f.Close()
		if errors.Is(err, errWouldBlock) {
			o, known := readOwner(p)
			return nil, lockedError(dir, mode, o, known)
		}
		return nil, fmt.Errorf("lock index: %w", err)
	}
	data, _ := json.Marshal(owner{PID: os.Getpid(), Mode: mode, Since: time.Now().UTC().Truncate(time.Second)})
	if err := f.Truncate(0); err == nil {
		f.WriteAt(append(data, '\n'), 0)
	}
	return &lock{f: f}, nil
}

// release unlocks the index. The owner file stays; it is only read while
// the lock is held by someone.
func (l *lock) release() error {
	if l == nil || l.f == nil {
		return nil
	}
	unlock(l.f)
	err := l.f.Close()
	l.f = nil
	return err
}

func readOwner(path string) (owner, bool) {
	data, err := os.ReadFile(path)
	if err != nil {
		return owner{}, false
	}
	var o owner
	if json.Unmarshal(data, &o) != nil || o.PID == 0 {
		return owner{}, false
	}
	return o, true
}

// lockedError explains who holds the index at dir and what the opener,
// which wanted it for mode, can do instead.
func lockedError(dir, mode string, o owner, known bool) error {
	name := dir
	if abs, err := filepath.Abs(dir); err == nil {
		name = filepath.Base(abs)
	}
	who := "another process"
	if known {
		holder := "a program"
		if o.Mode != "" {
			holder = "fahras " + o.Mode
		}
		who = fmt.Sprintf("%s (pid %d, since %s)", holder, o.PID, o.Since.Format(time.RFC3339))
	}
	var advice string
	switch {
	case known && o.Mode == "serve" && (mode == "search" || mode == "eval"):
		advice = fmt.Sprintf("query the server instead: GET /v1/indexes/%s/search?q=..., or stop the server first", name)
	case known && o.Mode == "serve":
		advice = fmt.Sprintf("add documents through the server instead: POST /v1/indexes/%s/documents, or stop the server first", name)
	case known && strings.HasPrefix(o.Mode, "index"):
		advice = "wait for that indexing run to finish (or interrupt it with Ctrl-C), then try again"
	default:
		advice = "close it first, or use a copy of the index folder"
	}
	return fmt.Errorf("open index %s: %w: held by %s; %s", dir, ErrLocked, who, advice)
}
