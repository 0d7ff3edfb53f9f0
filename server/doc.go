// Package server serves fahras indexes over HTTP: a versioned JSON API under
// /v1, health and Prometheus endpoints, an OpenAPI description and the
// right-to-left Arabic search page at /, with a readable view of one
// document at /doc/INDEX/ID.
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
//     Errors before any handler are JSON too: 404 no_route, 405 with an
//     Allow header, 414 and 431 for a URI or headers over
//     Options.MaxURIBytes / MaxHeaderBytes (limits.go), provided the
//     http.Server allows ListenerHeaderBytes.
//   - With an admin key configured (Options.APIKey), every route but the
//     page, health and OpenAPI ones needs a key: the admin key or a scoped
//     key of Options.Keys whose scope and indexes cover the route (auth.go);
//     401 without a valid key, 403 for a key that may not. PublicSearch
//     opens the search routes only.
//   - Bulk loads stream both ways: the body goes to the index line by line
//     and result lines go back as batches reach the disk, so memory does
//     not grow with the body.
//   - Bulk answers end with a summary line; a body may be JSON Lines or one
//     JSON array (bulk_array.go).
//   - Aliases, schema changes with their tasks, and snapshots are served
//     when the catalog offers them (optional interfaces AliasCatalog,
//     schemaCatalog, restoreCatalog; 501 otherwise). A write refused
//     during a reindex is 503 busy with Retry-After.
//   - gorilla/mux is confined to routes.go.
package server
