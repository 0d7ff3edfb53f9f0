// Package index is the fahras search index: a bleve v2 scorch index on disk
// with an Arabic mapping, bulk loading, query planning (the clauses that
// package syntax parses, made word groups), ranking, and the term
// locations of the page's hits handed to package highlight.
//
// Contract: index is the only package that imports bleve's top-level API;
// everything it returns is its own type. An *Index is safe for concurrent
// use. Errors wrap the sentinels in types.go so that callers can branch with
// errors.Is.
//
// Bad input costs only itself: a bulk load reports every bad record (with
// its source and line) and keeps every good one, and the records read are
// the documents indexed plus those rejected (a CSV quote never closed
// costs its record alone: source_csv.go); Sources names every file of a
// folder it does not read and why. A query never fails for its length in
// terms (query_limit.go) nor, with Request.Lenient, for its syntax.
//
// For a cluster (package cluster), an index can also apply a replicated
// write log to one shard with the log position in the same batch
// (ApplyShard, AppliedSeq: apply.go) and search some of its shards with
// statistics and dictionary answers gathered from other machines
// (ShardScope: scope.go, scope_dict.go); without a scope in the context a
// search is exactly that of one machine.
//
// A Catalog also keeps aliases (catalog_alias.go: second names resolved
// by Get, moved in one step, saved in aliases.json), changes schemas in
// place or through a background reindex task swapped in under an alias
// (schema_change.go, reindex.go, tasks.go; writes into the index being
// rebuilt fail with ErrBusy), and restores snapshots as new indexes. An
// Index writes a snapshot of itself, consistent while writes go on
// (snapshot.go), and Restore brings one back in any folder (restore.go).
// An index's schema also fixes, at creation, its stop list (StopWords:
// stopwords.go), with which its documents and queries are analyzed, and
// the form of each date field's values (Field.Format: dates.go).
package index
