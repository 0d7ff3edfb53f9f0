package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/fahras/fahras/index"
)

// ErrorBody is the JSON shape of every error answer:
// {"error": {"code": "...", "message": "..."}}.
type ErrorBody struct {
	Error ErrorDetail `json:"error"`
}

// ErrorDetail is the code and message of an error answer. Code is stable
// and meant for programs; Message is for people.
type ErrorDetail struct {
	Code      string `json:"code"`
	Message   string `json:"message"`
	RequestID string `json:"request_id,omitempty"`
}

// apiError is an error the server itself raises with a known status.
type apiError struct {
	status  int
	code    string
	message string
}

func (e *apiError) Error() string { return e.message }

func errorf(status int, code, format string, args ...any) error {
	return &apiError{status: status, code: code, message: fmt.Sprintf(format, args...)}
}

func badRequest(format string, args ...any) error {
	return errorf(http.StatusBadRequest, "invalid_request", format, args...)
}

// errEmptyBody is the error for a missing JSON body.
var errEmptyBody = &apiError{http.StatusBadRequest, "invalid_request", "request body: empty, want a JSON object"}

func isEmptyBody(err error) bool { return err == errEmptyBody }

// statusClientClosed is the (nginx) status recorded when the client went
// away before the answer; the client never sees it.
const statusClientClosed = 499

// errorStatus maps an error to its HTTP status, code and public message.
// It is the only place where errors become statuses.
func errorStatus(err error) (status int, code, message string) {
	var ae *apiError
	var mbe *http.MaxBytesError
	var oe *overloadedError
	switch {
	case errors.As(err, &ae):
		return ae.status, ae.code, ae.message
	case errors.As(err, &oe):
		return http.StatusServiceUnavailable, "overloaded", oe.Error()
	case errors.As(err, &mbe):
		return http.StatusRequestEntityTooLarge, "too_large", fmt.Sprintf("request body larger than %d bytes", mbe.Limit)
	case errors.Is(err, index.ErrNotFound):
		return http.StatusNotFound, "not_found", err.Error()
	case errors.Is(err, index.ErrExists):
		return http.StatusConflict, "exists", err.Error()
	case errors.Is(err, index.ErrConflict):
		return http.StatusConflict, "conflict", err.Error()
	case errors.Is(err, index.ErrBusy):
		return http.StatusServiceUnavailable, "busy", err.Error()
	case errors.Is(err, index.ErrInvalidQuery):
		return http.StatusBadRequest, "invalid_query", err.Error()
	case errors.Is(err, index.ErrInvalid):
		return http.StatusBadRequest, "invalid", err.Error()
	case errors.Is(err, index.ErrReadOnly):
		return http.StatusMethodNotAllowed, "read_only", err.Error()
	case errors.Is(err, index.ErrDiskFull):
		return http.StatusInsufficientStorage, "disk_full", "the disk of the index is almost full: writes are refused until space is freed (searches go on)"
	case errors.Is(err, index.ErrUnavailable):
		return http.StatusServiceUnavailable, "unavailable", "the cluster cannot serve this now (its write log has no quorum, or no replica of a shard answers); retry with the same ids"
	case errors.Is(err, index.ErrLocked):
		return http.StatusServiceUnavailable, "locked", "the index is locked by another process"
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusGatewayTimeout, "timeout", "the request took too long"
	case errors.Is(err, context.Canceled):
		return statusClientClosed, "canceled", "the request was canceled"
	default:
		return http.StatusInternalServerError, "internal", "internal error"
	}
}

// busyRetryAfter is the Retry-After of a write refused during a reindex,
// in seconds.
const busyRetryAfter = "5"

// writeError answers err. Server errors are logged with their detail,
// which the client never sees.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	status, code, msg := errorStatus(err)
	id := requestID(r.Context())
	if status >= 500 && status != http.StatusServiceUnavailable {
		s.log.LogAttrs(r.Context(), slog.LevelError, "request failed",
			slog.String("request_id", id), slog.Int("status", status), slog.String("error", err.Error()))
	}
	if status == http.StatusMethodNotAllowed && w.Header().Get("Allow") == "" {
		w.Header().Set("Allow", strings.Join(s.readMethods(r), ", "))
	}
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="fahras"`)
	}
	if code == "busy" {
		w.Header().Set("Retry-After", busyRetryAfter)
	}
	if oe := (*overloadedError)(nil); errors.As(err, &oe) {
		setRetryAfter(w, oe)
	}
	writeJSON(w, status, ErrorBody{ErrorDetail{Code: code, Message: msg, RequestID: id}})
}

// writeJSON answers v as JSON with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v) // the client may be gone; nothing useful to do
}

// decodeJSON reads one JSON value from r's body (limited by instrument)
// into v. Unknown fields, trailing data and invalid UTF-8 (which the JSON
// decoder would silently replace) are errors naming what is wrong. A
// leading byte order mark is ignored, as in bulk files.
func decodeJSON(r *http.Request, v any) error {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return err
		}
		return badRequest("request body: %v", err)
	}
	body = bytes.TrimPrefix(body, []byte("\xef\xbb\xbf"))
	if i := invalidUTF8(body); i >= 0 {
		return badRequest("request body: invalid UTF-8 at byte %d", i+1)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return badRequest("request body: unexpected data after the JSON value")
	}
	return nil
}

// invalidUTF8 returns the offset of the first byte of b that is not valid
// UTF-8, or -1.
func invalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return -1
}

// jsonError turns a decoding error into a client error saying what and
// where.
func jsonError(err error) error {
	var mbe *http.MaxBytesError
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &mbe):
		return err
	case errors.Is(err, io.EOF):
		return errEmptyBody
	case errors.As(err, &se):
		return badRequest("request body: invalid JSON at byte %d: %v", se.Offset, se)
	case errors.As(err, &te) && te.Field == "":
		return badRequest("request body: want a JSON object, got %s", te.Value)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return badRequest("request body: invalid JSON: unexpected end of the body")
	case errors.As(err, &te):
		return badRequest("request body: field %q: want %s, got JSON %s", te.Field, te.Type, te.Value)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return errorf(http.StatusBadRequest, "unknown_field", "request body: %s", strings.TrimPrefix(err.Error(), "json: "))
	default:
		return badRequest("request body: %v", err)
	}
}
