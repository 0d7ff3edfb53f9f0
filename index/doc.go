// Package index is the fahras search index: a bleve v2 scorch index on disk
// with an Arabic mapping, bulk loading, query parsing, ranking and our own
// highlighter.
//
// Contract: index is the only package that imports bleve's top-level API;
// everything it returns is its own type. An *Index is safe for concurrent
// use. Errors wrap the sentinels in types.go so that callers can branch with
// errors.Is.
package index
