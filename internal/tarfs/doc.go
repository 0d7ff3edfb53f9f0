// Package tarfs writes a folder as a tar stream and extracts one into a
// folder. It is the format of the shard copies a cluster's replicas start
// from.
//
// Contract:
//   - Write archives the regular files and folders under dir, with paths
//     relative to it (slash-separated), in a stable order.
//   - Extract writes such a stream into dir, creating it; it refuses
//     absolute paths, paths that leave dir, links and devices, and syncs
//     every file it writes.
package tarfs
