// Package server serves fahras indexes over HTTP: a versioned JSON API under
// /v1, health and Prometheus endpoints, an OpenAPI description and the
// right-to-left Arabic search page at /.
//
// Contract:
//   - Server implements http.Handler; the caller owns the http.Server, its
//     timeouts and its shutdown.
//   - Server depends only on the Catalog and Index interfaces defined here
//     (satisfied through FromCatalog by *index.Catalog); it never imports
//     bleve or the analysis package.
//   - Every handler parses and validates its input, calls the index with the
//     request's context bounded by Options.Timeout, and answers errors through
//     one function as {"error": {"code": …, "message": …}}. Server errors
//     (5xx) never show internal detail; it is logged with the request id.
//   - Write routes need the API key when one is configured; read routes need
//     it too unless Options.PublicSearch is set.
//   - Bulk loads stream both ways: the body goes to the index line by line
//     and result lines go back as batches reach the disk, so memory does
//     not grow with the body.
//   - gorilla/mux is confined to routes.go.
package server
