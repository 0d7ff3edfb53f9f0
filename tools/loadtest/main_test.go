package main

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestRunAgainstLoopbackServer(t *testing.T) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, "/v1/indexes/demo/search") || r.URL.Query().Get("q") == "" {
			http.Error(w, "bad", http.StatusBadRequest)
			return
		}
		hits.Add(1)
		w.Write([]byte(`{"total":0,"hits":[]}`))
	}))
	defer srv.Close()
	qf := filepath.Join(t.TempDir(), "q.txt")
	os.WriteFile(qf, []byte("الكتاب الجديد\nوزير الخارجية\n"), 0o644)
	var out bytes.Buffer
	if err := run([]string{"-url", srv.URL, "-index", "demo", "-queries", qf, "-c", "1,4", "-n", "20"}, &out); err != nil {
		t.Fatal(err)
	}
	if got := hits.Load(); got != 40 {
		t.Errorf("server saw %d requests, want 40", got)
	}
	if !strings.Contains(out.String(), "p99_ms") || !strings.Contains(out.String(), "mean_ms") || strings.Count(out.String(), "\n") != 3 {
		t.Errorf("unexpected report:\n%s", out.String())
	}
}

func TestRefusesNonLoopback(t *testing.T) {
	for _, u := range []string{"http://10.0.0.1:8080", "http://example.com", "http://192.168.1.2"} {
		if err := checkLoopback(u); err == nil {
			t.Errorf("checkLoopback(%q) = nil, want refusal", u)
		}
	}
	for _, u := range []string{"http://127.0.0.1:1", "http://localhost:8080", "http://[::1]:80"} {
		if err := checkLoopback(u); err != nil {
			t.Errorf("checkLoopback(%q) = %v, want nil", u, err)
		}
	}
}

func TestResultMean(t *testing.T) {
	tests := []struct {
		name string
		lat  []time.Duration
		want float64
	}{
		{"none", nil, 0},
		{"three", []time.Duration{time.Millisecond, 2 * time.Millisecond, 6 * time.Millisecond}, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := (result{lat: tt.lat}).mean(); got != tt.want {
				t.Errorf("mean(%v) = %v ms, want %v", tt.lat, got, tt.want)
			}
		})
	}
}
