// Package apikey keeps the API keys of a fahras server: scoped keys,
// optionally limited to some indexes and to a lifetime, created over the
// API and stored in a JSON file that holds only their SHA-256 hashes.
//
// Contract:
//   - A Store is safe for concurrent use; every change is written to its
//     file (atomically: a temporary file renamed over it, fsynced, mode
//     0600) before the call returns, and a failed write changes nothing.
//   - The secret of a key is returned once, by Create; the store keeps its
//     hash, so a lost secret cannot be recovered, only replaced.
//   - Lookup tells a key it does not know (ErrUnknown) from an expired one
//     (ErrExpired); Key.Allows decides what a known key may do.
//   - Scopes: "search" (search, multi-search, analyze, the index list),
//     "documents:read" (stored documents and schemas), "documents:write"
//     (document writes, bulk, delete by query) and "admin" (everything:
//     indexes, keys, metrics). Only "admin" implies the others.
//   - The package knows nothing of HTTP or of indexes: index names are
//     strings it compares.
package apikey
