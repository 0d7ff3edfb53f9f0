package server

import (
	"context"
	"net/http"
	"time"
)

// Health is the answer of /healthz and /readyz.
type Health struct {
	Status  string `json:"status"`
	Indexes int    `json:"indexes,omitempty"`
}

// handleHealth answers while the process serves HTTP at all.
func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, Health{Status: "ok"})
}

// handleReady answers 200 when every index answers its stats, and 503 when
// one does not or the server is shutting down.
func (s *Server) handleReady(w http.ResponseWriter, r *http.Request) {
	if s.draining.Load() {
		s.writeError(w, r, errorf(http.StatusServiceUnavailable, "not_ready", "shutting down"))
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), min(s.opts.Timeout, 2*time.Second))
	defer cancel()
	ixs := s.cat.List()
	for _, ix := range ixs {
		if _, err := ix.Stats(ctx); err != nil {
			s.log.WarnContext(ctx, "index not ready", "index", ix.Name(), "error", err, "request_id", requestID(ctx))
			s.writeError(w, r, errorf(http.StatusServiceUnavailable, "not_ready", "index %q is not ready", ix.Name()))
			return
		}
	}
	writeJSON(w, http.StatusOK, Health{Status: "ready", Indexes: len(ixs)})
}

// Drain makes /readyz answer 503 from now on, so that load balancers stop
// sending traffic before the HTTP server shuts down.
func (s *Server) Drain() { s.draining.Store(true) }
