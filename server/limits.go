package server

import (
	"net/http"
)

// withLimits refuses, in JSON, a request whose URI or header block is
// larger than Options.MaxURIBytes or Options.MaxHeaderBytes, before any
// handler reads it. cmd/fahras gives http.Server a larger limit of its own
// (ListenerHeaderBytes), so that these requests reach this check instead
// of getting Go's plain-text 431.
func (s *Server) withLimits(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n := len(r.RequestURI); n > s.opts.MaxURIBytes {
			s.writeError(w, r, errorf(http.StatusRequestURITooLong, "uri_too_long",
				"request URI: %d bytes, at most %d allowed: send a long query as JSON with POST", n, s.opts.MaxURIBytes))
			return
		}
		if n := headerBytes(r.Header); n > s.opts.MaxHeaderBytes {
			s.writeError(w, r, errorf(http.StatusRequestHeaderFieldsTooLarge, "headers_too_large",
				"request headers: %d bytes, at most %d allowed", n, s.opts.MaxHeaderBytes))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// headerBytes is the size of h as sent: "Key: value\r\n" per value.
func headerBytes(h http.Header) int {
	n := 0
	for k, vs := range h {
		for _, v := range vs {
			n += len(k) + len(v) + 4
		}
	}
	return n
}

// ListenerHeaderBytes is the http.Server.MaxHeaderBytes to serve a Server
// with: past it Go itself answers 431 in plain text, so it is well above
// the limits the Server answers in JSON (Options.MaxURIBytes and
// MaxHeaderBytes, 64 KiB by default).
const ListenerHeaderBytes = 1 << 20
