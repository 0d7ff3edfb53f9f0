package index

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestLockedError(t *testing.T) {
	since := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		name  string
		mode  string // the opener's
		owner owner
		known bool
		want  []string
	}{
		{"index while serving", "index", owner{PID: 42, Mode: "serve", Since: since}, true,
			[]string{"held by fahras serve (pid 42, since 2026-01-02T03:04:05Z)", "POST /v1/indexes/news/documents"}},
		{"search while serving", "search", owner{PID: 42, Mode: "serve", Since: since}, true,
			[]string{"held by fahras serve", "GET /v1/indexes/news/search"}},
		{"serve while indexing", "serve", owner{PID: 7, Mode: "index", Since: since}, true,
			[]string{"held by fahras index (pid 7", "wait for that indexing run to finish"}},
		{"unknown holder", "index", owner{}, false,
			[]string{"held by another process", "close it first"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := lockedError("/data/news", tt.mode, tt.owner, tt.known)
			if !errors.Is(err, ErrLocked) {
				t.Errorf("error %v does not wrap ErrLocked", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}
