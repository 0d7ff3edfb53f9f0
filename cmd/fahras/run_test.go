package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestRunDispatch(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		wantCode   int
		wantStdout string
		wantStderr string
	}{
		{"no command prints usage", nil, 2, "Usage:", ""},
		{"help", []string{"help"}, 0, "fahras serve", ""},
		{"-h", []string{"-h"}, 0, "Usage:", ""},
		{"unknown command", []string{"frobnicate"}, 2, "", `unknown command "frobnicate"`},
		{"command help exits 0", []string{"analyze", "-h"}, 0, "", "Usage: fahras analyze"},
		{"bad flag exits 2", []string{"analyze", "-nope"}, 2, "", "flag provided but not defined"},
		{"runtime error exits 1", []string{"search", "-index", "/nonexistent/fahras-index", "كتاب"}, 1, "", "fahras search:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), tt.args, strings.NewReader(""), &stdout, &stderr)
			if code != tt.wantCode {
				t.Errorf("exit %d, want %d (stderr %q)", code, tt.wantCode, stderr.String())
			}
			if !strings.Contains(stdout.String(), tt.wantStdout) {
				t.Errorf("stdout %q does not contain %q", stdout.String(), tt.wantStdout)
			}
			if !strings.Contains(stderr.String(), tt.wantStderr) {
				t.Errorf("stderr %q does not contain %q", stderr.String(), tt.wantStderr)
			}
		})
	}
}
