package index

// Applying a replicated write log to a shard (package cluster). Every
// batch of the log is written to the shard in one bleve batch together with
// the log position it reaches, under a key of the caller's choosing, so
// that after a crash the shard knows exactly which writes it holds and the
// log is replayed from the next one: no write is lost or applied twice.

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"

	"github.com/blevesearch/bleve/v2/document"
)

// ShardOp is one write of a shard's log: Doc is put (replacing the
// document with the same id), or, when nil, document ID is deleted.
type ShardOp struct {
	ID  string
	Doc Document
}

// ShardOf returns the shard, of n, that holds the document with id: the
// routing of a sharded index, which a cluster uses too.
func ShardOf(id string, n int) int {
	if n <= 1 {
		return 0
	}
	return shardOf(id, n)
}

// Validate checks d as Put would and returns its id, without writing it.
// Fields d uses for the first time are added to the schema.
func (ix *Index) Validate(d Document) (string, error) {
	if data, err := json.Marshal(d); err != nil {
		return "", fmt.Errorf("%w: %v", ErrInvalid, err)
	} else if len(data) > ix.maxDocBytes {
		return "", fmt.Errorf("%w: document of %d bytes is larger than the maximum of %d", ErrInvalid, len(data), ix.maxDocBytes)
	}
	doc, err := ix.prepare(d, "", false)
	if err != nil {
		return "", err
	}
	return doc.ID(), nil
}

// ApplyShard writes ops to shard i in one batch that also stores seq under
// key. Operations that fail validation are skipped and reported in
// rejected (op index → reason); the others are written. When it returns
// nil the batch and seq are on disk.
func (ix *Index) ApplyShard(ctx context.Context, i int, ops []ShardOp, key string, seq uint64) (rejected map[int]error, err error) {
	ctx, leave, err := ix.gate.enter(ctx, ix.name)
	if err != nil {
		return nil, err
	}
	defer leave()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	sh, err := ix.shards.shard(i)
	if err != nil {
		return nil, err
	}
	b := sh.NewBatch()
	docs := make(map[string]*document.Document, len(ops))
	for n, op := range ops {
		if ix.shards.route(op.ID) != i {
			return nil, fmt.Errorf("%w: document %q belongs to shard %d, not %d", ErrInvalid, op.ID, ix.shards.route(op.ID), i)
		}
		if op.Doc == nil {
			b.Delete(op.ID)
			docs[op.ID] = nil
			continue
		}
		doc, err := ix.prepare(op.Doc, "", false)
		if err == nil {
			err = b.IndexAdvanced(doc)
		}
		if err != nil {
			if rejected == nil {
				rejected = map[int]error{}
			}
			rejected[n] = err
			continue
		}
		docs[doc.ID()] = doc
	}
	var v [8]byte
	binary.BigEndian.PutUint64(v[:], seq)
	b.SetInternal([]byte(key), v[:])
	if err := ix.commit(i, b, docs); err != nil {
		return nil, fmt.Errorf("apply to shard %d up to %d: %w", i, seq, err)
	}
	return rejected, nil
}

// AppliedSeq returns the log position ApplyShard last stored in shard i
// under key, 0 when none.
func (ix *Index) AppliedSeq(i int, key string) (uint64, error) {
	sh, err := ix.shards.shard(i)
	if err != nil {
		return 0, err
	}
	v, err := sh.GetInternal([]byte(key))
	if err != nil {
		return 0, fmt.Errorf("shard %d: %w", i, err)
	}
	if len(v) != 8 {
		return 0, nil
	}
	return binary.BigEndian.Uint64(v), nil
}

// ShardDocs returns the number of documents in shard i.
func (ix *Index) ShardDocs(i int) (uint64, error) {
	sh, err := ix.shards.shard(i)
	if err != nil {
		return 0, err
	}
	return sh.DocCount()
}

// ReadJSONL reads the JSON Lines stream r as BulkNDJSON does (lines up to
// max bytes, a byte order mark and CRLF accepted, blank lines skipped) and
// calls fn for every other line with its document or why it is bad (an
// error wrapping ErrInvalid). An error from fn stops the reading.
func ReadJSONL(r io.Reader, max int, fn func(line int, doc Document, err error) error) error {
	return decodeJSONL(r, max, func(rec record) error {
		return fn(rec.line, rec.doc, rec.err)
	})
}

// DecodeDocument decodes one JSON object as the bulk loader does (numbers
// kept exact).
func DecodeDocument(data []byte) (Document, error) {
	rec := jsonRecord(1, data)
	return rec.doc, rec.err
}

// AnalyzerFingerprint identifies what today's analyzer produces: two
// machines with the same fingerprint analyze text identically (a cluster
// records it in every index definition).
func AnalyzerFingerprint() string { return analysisFingerprint() }

// MatchingIDs returns the ids of every match of req as DeleteByQuery
// finds them; with a ShardScope in ctx, those of its shards (a cluster
// deletes by query on every shard this way).
func (ix *Index) MatchingIDs(ctx context.Context, req Request) ([]string, error) {
	ctx, leave, err := ix.gate.enter(ctx, ix.name)
	if err != nil {
		return nil, err
	}
	defer leave()
	return ix.matchingIDs(ctx, req)
}

// IsActionLine reports whether d is an Elasticsearch action line of a
// bulk body ({"index": {"_id": ...}}, {"delete": ...}) rather than a
// document.
func IsActionLine(d Document) bool {
	_, _, ok := parseAction(d)
	return ok
}
