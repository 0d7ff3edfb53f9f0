package main

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestServeAdmissionFlags starts "fahras serve" with -max-searches and
// -search-queue and checks, through /metrics, the limits it runs with and
// the wait of an answered search.
func TestServeAdmissionFlags(t *testing.T) {
	dir := booksIndex(t)
	s := startServe(t, "-index", dir, "-max-searches", "1", "-search-queue", "3", "-log", "off")
	resp, err := http.Get(s.url + "/v1/indexes/books/search?q=" + url.QueryEscape("الأغاني"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("search: status %d", resp.StatusCode)
	}
	resp, err = http.Get(s.url + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"fahras_search_slots 1", "fahras_search_queue_limit 3", "fahras_search_queue_length 0", "fahras_search_wait_seconds_count 1"} {
		if !strings.Contains(string(b), "\n"+want+"\n") {
			t.Errorf("/metrics has no line %q", want)
		}
	}
}

func TestServeAdmissionUsage(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"zero searches", []string{"serve", "-max-searches", "0"}, "-max-searches 0: want a positive number, or -1"},
		{"negative searches", []string{"serve", "-max-searches", "-2"}, "-max-searches -2"},
		{"zero queue", []string{"serve", "-search-queue", "0"}, "-search-queue 0: want a positive number, or -1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stderr serveBuffer
			code := run(context.Background(), tt.args, strings.NewReader(""), io.Discard, &stderr)
			if code != 2 || !strings.Contains(stderr.String(), tt.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr.String(), tt.want)
			}
		})
	}
}
