//go:build !unix

package index

import (
	"errors"
	"os"
)

// Without flock, bleve's own bolt lock (opened with a bounded timeout, see
// boltTimeout) is what keeps a second process out.

var errWouldBlock = errors.New("would block")

func tryLock(*os.File) error { return nil }

func unlock(*os.File) {}
