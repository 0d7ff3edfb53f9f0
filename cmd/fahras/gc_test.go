package main

import (
	"math"
	"runtime/debug"
	"testing"
)

func TestGCFlags(t *testing.T) {
	tests := []struct {
		name      string
		env       string
		preset    int // collector target before the command, 100 = Go's default
		flags     gcFlags
		want      int   // target while the command runs
		wantLimit int64 // memory limit while the command runs
	}{
		{"flags", "", 100, gcFlags{250, 1 << 29}, 250, 1 << 29},
		{"GOGC wins", "100", 100, gcFlags{250, 0}, 100, math.MaxInt64},
		{"zero keeps the default", "", 100, gcFlags{0, 0}, 100, math.MaxInt64},
		{"an earlier setting is kept", "", 25, gcFlags{400, 0}, 25, math.MaxInt64},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("GOGC", tc.env)
			t.Setenv("GOMEMLIMIT", "")
			before := debug.SetGCPercent(tc.preset)
			defer debug.SetGCPercent(before)
			restore := tc.flags.apply()
			during := debug.SetGCPercent(-1)
			debug.SetGCPercent(during)
			limit := debug.SetMemoryLimit(-1)
			restore()
			after, afterLimit := debug.SetGCPercent(tc.preset), debug.SetMemoryLimit(-1)
			if during != tc.want || limit != tc.wantLimit {
				t.Errorf("while running: target %d, limit %d; want %d, %d", during, limit, tc.want, tc.wantLimit)
			}
			if after != tc.preset || afterLimit != math.MaxInt64 {
				t.Errorf("after: target %d, limit %d; want %d and no limit", after, afterLimit, tc.preset)
			}
		})
	}
}
