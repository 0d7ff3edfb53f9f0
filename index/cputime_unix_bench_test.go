//go:build unix

package index

import (
	"syscall"
	"time"
)

// cpuTime is the user+system CPU time of this process so far: on a shared
// machine it varies far less than wall time between runs.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
