// Package cluster runs fahras on several machines on top of NATS
// JetStream, which owns consensus, the replication of the write log,
// leader failover and a replicated key-value bucket for the cluster's
// metadata. fahras owns the rest: the write logs of the shards, the
// appliers that turn them into local bleve shards, and the search
// coordinator that searches one replica of every shard with global BM25
// statistics. docs/cluster.md describes the design and its limits;
// docs/guarantees.md what is guaranteed under failures.
//
// Contract:
//   - Open starts a node: an embedded NATS server (or a connection to
//     Config.NATSURL), the metadata bucket, the node's heartbeat, its RPC
//     handlers and an applier for every shard replica it hosts. Close
//     stops them in the reverse order. A node holds no global state.
//   - Node.Catalog implements server.Catalog and Node implements
//     server.ClusterInfo: the HTTP server is the one of a single machine,
//     unaware of NATS.
//   - Metadata lives in the bucket fahras (replicated on up to three
//     servers): indexes.NAME holds an index's definition (its schema, the
//     analyzer fingerprint and the shard → replica assignment, created by
//     compare-and-set), nodes.NAME every node's heartbeat and applied
//     sequences.
//   - Every (index, shard) has its own stream FAHRAS_NAME_SHARD, replicated
//     on up to three servers, with JetStream's sync-always and message-id
//     deduplication. Documents are routed to shards by index.ShardOf.
//     A write is acknowledged once the stream has it on a quorum.
//   - An applier is a durable pull consumer (never an ordered one); every
//     bleve batch stores the stream sequence it reaches
//     (index.ApplyShard), messages are acknowledged after the commit, and
//     redeliveries at or below the stored sequence are skipped.
//   - A search runs in two phases on one replica of every shard, the same
//     replica in both (local first, then the most advanced): statistics,
//     then the search with their sums (index.ShardScope); the hits are
//     merged by score, so rankings equal those of one index.
//   - AddReplica gives a node (one that joined later, say) a replica of a
//     shard by compare-and-set on the definition's revision; the node
//     starts it from the shard's snapshot when there is one (else from
//     the whole log) and reads it first only once it is caught up.
//   - Every SnapshotEvery the first live replica of a shard copies it
//     (index.CopyShard) into the object store fahras-snapshots, records
//     it under snapshots.NAME.SHARD, and purges the shard's log below the
//     lowest of the positions its replicas reported and the snapshot's.
//     A replica that is empty, or behind its log's first sequence, starts
//     from the snapshot (index.ReplaceShard through Catalog.Reopen).
//   - Every error wraps a sentinel of package index; a write the log
//     refuses wraps index.ErrUnavailable (HTTP 503).
package cluster
