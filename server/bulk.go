package server

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/fahras/fahras/index"
)

// BulkResult is one line of the answer to a bulk request: the outcome of
// the input line with the same number. A line without "line" reports a
// failure that stopped the whole request after the lines already answered.
type BulkResult struct {
	Line   int          `json:"line,omitempty"`
	ID     string       `json:"id,omitempty"`
	Status int          `json:"status"`
	Error  *ErrorDetail `json:"error,omitempty"`
}

// flushEvery is how many result lines the bulk handler writes between
// flushes, so that the client sees progress on long loads.
const flushEvery = 256

// handleBulk streams an NDJSON body into the index and streams back one
// result line per input line. Memory is bounded whatever the body size:
// the index reads the body line by line in batches, and results go out as
// they come.
func (s *Server) handleBulk(w http.ResponseWriter, r *http.Request) {
	ix, err := s.cat.Get(r.PathValue("name"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	ctx, cancel := r.Context(), context.CancelFunc(func() {})
	if s.opts.BulkTimeout > 0 {
		ctx, cancel = context.WithTimeout(ctx, s.opts.BulkTimeout)
	}
	defer cancel()
	rc := http.NewResponseController(w)
	// Answer lines go out while the body is still being read.
	rc.EnableFullDuplex() // not every writer supports it; then results arrive at the end

	w.Header().Set("Content-Type", "application/x-ndjson; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	lines := 0
	opts := index.BulkOptions{MaxDocBytes: s.opts.MaxLineBytes}
	st, err := ix.BulkNDJSON(ctx, r.Body, "body", opts, func(line int, id string, lerr error) {
		res := BulkResult{Line: line, ID: id, Status: http.StatusOK}
		if lerr != nil {
			var rej *index.Reject
			if errors.As(lerr, &rej) {
				lerr = rej.Err
			}
			status, code, msg := errorStatus(lerr)
			res.Status, res.Error = status, &ErrorDetail{Code: code, Message: msg}
		}
		enc.Encode(res) // a gone client cancels ctx, which stops the load
		if lines++; lines%flushEvery == 0 {
			bw.Flush()
			rc.Flush()
		}
	})
	s.metrics.addIndexed(ix.Name(), int(st.Documents))
	if err != nil {
		if lines == 0 {
			s.writeError(w, r, err)
			return
		}
		// The status line is sent already: report the failure in-band.
		status, code, msg := errorStatus(err)
		if status >= 500 {
			s.log.ErrorContext(ctx, "bulk failed", "request_id", requestID(ctx), "error", err, "lines", lines)
		}
		enc.Encode(BulkResult{Status: status, Error: &ErrorDetail{Code: code, Message: msg, RequestID: requestID(ctx)}})
	}
	bw.Flush()
}
