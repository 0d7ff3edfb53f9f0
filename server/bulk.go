package server

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/fahras/fahras/apikey"
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
	// Summary is set on the last line of every answer, and only there.
	Summary *BulkSummary `json:"summary,omitempty"`
}

// BulkSummary counts what a bulk request did: the last line of its answer.
type BulkSummary struct {
	Indexed  int64 `json:"indexed"`  // documents written, new or replacing one of the same id
	Updated  int64 `json:"updated"`  // of Indexed, those that replaced a document of the same id
	Deleted  int64 `json:"deleted"`  // delete action lines done
	Rejected int64 `json:"rejected"` // lines refused (each has its own result line)
	// Errors is true when any line was rejected or the load stopped early.
	Errors bool `json:"errors"`
	// Created is true when the request created the index (?create=true).
	Created bool `json:"created,omitempty"`
}

// flushInterval bounds how long a result line waits before it is sent, so
// that the client sees progress while it is still sending the body.
const flushInterval = 50 * time.Millisecond

// handleBulk streams an NDJSON body into the index and streams back one
// result line per non-blank input line. Memory is bounded whatever the
// body size: the index reads the body line by line in batches, and results
// go out as batches reach the disk.
func (s *Server) handleBulk(w http.ResponseWriter, r *http.Request) {
	r, err := withWaitOr(r)
	var ix Index
	var created bool
	if err == nil {
		ix, created, err = s.bulkTarget(r)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	ctx, cancel := r.Context(), context.CancelFunc(func() {})
	if s.opts.BulkTimeout > 0 {
		ctx, cancel = context.WithTimeout(ctx, s.opts.BulkTimeout)
	}
	defer cancel()
	w.Header().Set("Content-Type", "application/x-ndjson; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	out := newResultStream(w)
	opts := index.BulkOptions{MaxDocBytes: s.opts.MaxLineBytes, BatchSize: s.opts.BulkBatchSize}
	body, stop := bulkBody(r.Body, s.opts.MaxLineBytes)
	defer stop()
	// A load that stopped before the end of the body leaves some of it
	// unread: closing it here, and not after the handler, avoids a panic of
	// net/http's full-duplex mode (golang/go#68560).
	defer r.Body.Close()
	st, err := ix.BulkNDJSON(ctx, body, "body", opts, func(line int, id string, lerr error) {
		res := BulkResult{Line: line, ID: id, Status: http.StatusOK}
		if lerr != nil {
			var rej *index.Reject
			if errors.As(lerr, &rej) {
				lerr = rej.Err
			}
			status, code, msg := errorStatus(lerr)
			res.Status, res.Error = status, &ErrorDetail{Code: code, Message: msg}
		}
		out.write(res) // a gone client cancels ctx, which stops the load
	})
	lines := out.close()
	s.metrics.addIndexed(ix.Name(), int(st.Documents))
	sum := &BulkSummary{Indexed: st.Documents, Updated: st.Updated, Deleted: st.Deleted, Rejected: st.Rejected,
		Errors: st.Rejected > 0 || err != nil, Created: created}
	if err != nil && lines == 0 && !created {
		s.writeError(w, r, err)
		return
	}
	if err != nil {
		// Results went out already with status 200: report the failure in-band.
		status, code, msg := errorStatus(err)
		if status >= 500 {
			s.log.ErrorContext(ctx, "bulk failed", "request_id", requestID(ctx), "error", err, "lines", lines)
		}
		out.write(BulkResult{Status: status, Error: &ErrorDetail{Code: code, Message: msg, RequestID: requestID(ctx)}})
	}
	out.write(BulkResult{Status: http.StatusOK, Summary: sum})
	out.close()
}

// bulkTarget returns the index of a bulk request; with ?create=true an
// index that does not exist is created with the default schema (every
// field discovered from the first document that has it), and created
// says so. Creating needs the admin scope, as PUT /v1/indexes/NAME does.
func (s *Server) bulkTarget(r *http.Request) (ix Index, created bool, err error) {
	name := r.PathValue("name")
	create := false
	if v := r.URL.Query().Get("create"); v != "" {
		if create, err = strconv.ParseBool(v); err != nil {
			return nil, false, badRequest("create=%q: want true or false", v)
		}
	}
	ix, err = s.cat.Get(name)
	if err == nil || !create || !errors.Is(err, index.ErrNotFound) {
		return ix, false, err
	}
	if !callerOf(r).has(apikey.Admin) { // as PUT /v1/indexes/NAME
		return nil, false, errorf(http.StatusForbidden, "forbidden", "index %q does not exist, and creating it (create=true) needs a key with the admin scope", name)
	}
	ix, err = s.cat.Create(name, index.Schema{})
	if errors.Is(err, index.ErrExists) { // created meanwhile by another request
		ix, err = s.cat.Get(name)
		return ix, false, err
	}
	return ix, err == nil, err
}

// resultStream writes result lines and flushes them to the client at most
// flushInterval after they were written, from a goroutine of its own.
type resultStream struct {
	rc *http.ResponseController

	mu    sync.Mutex // guards the fields below and the writer
	bw    *bufio.Writer
	enc   *json.Encoder
	dirty bool
	lines int

	stop chan struct{}
	done chan struct{}
}

func newResultStream(w http.ResponseWriter) *resultStream {
	rc := http.NewResponseController(w)
	// Result lines go out while the body is still being read. Writers that
	// cannot do this (HTTP/2 can anyway) send them at the end.
	rc.EnableFullDuplex()
	s := &resultStream{rc: rc, bw: bufio.NewWriter(w), stop: make(chan struct{}), done: make(chan struct{})}
	s.enc = json.NewEncoder(s.bw)
	s.enc.SetEscapeHTML(false)
	go s.flushLoop()
	return s
}

func (s *resultStream) write(res BulkResult) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.enc.Encode(res)
	s.dirty = true
	s.lines++
}

func (s *resultStream) flushLoop() {
	defer close(s.done)
	t := time.NewTicker(flushInterval)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
			s.mu.Lock()
			s.flushLocked()
			s.mu.Unlock()
		}
	}
}

func (s *resultStream) flushLocked() {
	if s.dirty {
		s.bw.Flush()
		s.rc.Flush()
		s.dirty = false
	}
}

// close stops the flusher, sends what is left and returns the number of
// lines written. It may be called again after more writes.
func (s *resultStream) close() int {
	select {
	case <-s.stop:
	default:
		close(s.stop)
		<-s.done
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.flushLocked()
	return s.lines
}
