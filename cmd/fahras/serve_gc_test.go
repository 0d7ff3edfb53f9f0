package main

import (
	"runtime/debug"
	"testing"
)

func TestSetGCPercent(t *testing.T) {
	tests := []struct {
		name, env string
		percent   int
		want      int // the target while serving, relative to before
	}{
		{"flag", "", 250, 250},
		{"GOGC wins", "100", 250, -2},
		{"zero keeps the default", "", 0, -2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("GOGC", tc.env)
			before := debug.SetGCPercent(100)
			defer debug.SetGCPercent(before)
			restore := setGCPercent(tc.percent)
			during := debug.SetGCPercent(-1)
			debug.SetGCPercent(during)
			restore()
			after := debug.SetGCPercent(100)
			want := tc.want
			if want == -2 {
				want = 100
			}
			if during != want || after != 100 {
				t.Errorf("while serving %d, after %d; want %d, then 100", during, after, want)
			}
		})
	}
}
