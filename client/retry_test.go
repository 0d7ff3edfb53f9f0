package client_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/fahras/fahras/client"
)

// TestErrorRetryAfter checks that a search refused as overloaded carries
// the server's Retry-After.
func TestErrorRetryAfter(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "2")
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte(`{"error": {"code": "overloaded", "message": "too many searches at once", "request_id": "r1"}}`))
	}))
	defer ts.Close()
	_, err := client.New(ts.URL).Search(context.Background(), "news", client.Request{Query: "وزير الخارجية"})
	var e *client.Error
	if !errors.As(err, &e) || e.Status != 503 || e.Code != "overloaded" || e.RetryAfter != 2*time.Second {
		t.Fatalf("Search error = %#v, want 503 overloaded with RetryAfter 2s", err)
	}
}
