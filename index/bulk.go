package index

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
)

// BulkOptions tune a bulk load. Zero values mean defaults.
type BulkOptions struct {
	// BatchSize is the number of documents per bleve batch (default 1000).
	BatchSize int
	// BatchBytes bounds the record bytes of one batch (default 32 MiB), so
	// that large documents make smaller batches.
	BatchBytes int
	// MaxDocBytes bounds one record (default: the index's maximum).
	MaxDocBytes int
	// IDField derives missing ids from this field (default: the schema's).
	IDField string
	// OnReject is called for every bad record, in input order, after the
	// batch it belongs to was written (or when the load stops).
	OnReject func(*Reject)
	// OnProgress is called after every batch with the running totals.
	OnProgress func(BulkStats)
}

const (
	defaultBatchSize  = 1000
	defaultBatchBytes = 32 << 20
)

// BulkStats counts what a bulk load did.
type BulkStats struct {
	Documents  int64         `json:"documents"`   // indexed and on disk
	Rejected   int64         `json:"rejected"`    // bad records
	Bytes      int64         `json:"bytes"`       // record bytes of indexed documents
	InputBytes int64         `json:"input_bytes"` // bytes read from the sources (compressed for .gz)
	Elapsed    time.Duration `json:"elapsed"`
}

// Reject is a bad record: where it was and why it was refused.
type Reject struct {
	Source string // file name, or "-"
	Line   int    // 1-based line the record starts on; 0 for a whole source
	ID     string // the document's id, when known
	Raw    []byte // the record as read, when available (for reject files)
	Err    error  // wraps ErrInvalid for bad data
}

func (r *Reject) Error() string {
	if r.Line == 0 {
		return fmt.Sprintf("%s: %v", r.Source, r.Err)
	}
	return fmt.Sprintf("%s:%d: %v", r.Source, r.Line, r.Err)
}

func (r *Reject) Unwrap() error { return r.Err }

// Bulk indexes every record of srcs. Bad records are reported through
// opts.OnReject and never stop the good ones; a source that cannot be
// opened or read to the end is reported the same way (line 0, or the line
// where reading failed). Documents with an id already in the index replace
// it, so running a load twice is harmless.
//
// Bulk returns an error only when the index itself fails or ctx is done;
// then every batch counted in the returned stats is on disk, and the
// records after it were not indexed.
func (ix *Index) Bulk(ctx context.Context, srcs []Source, opts BulkOptions) (BulkStats, error) {
	return ix.bulkWith(ctx, srcs, opts, nil)
}

// bulkWith is Bulk with transform applied to every decoded document.
func (ix *Index) bulkWith(ctx context.Context, srcs []Source, opts BulkOptions, transform func(Document) error) (BulkStats, error) {
	return ix.bulk(ctx, srcs, opts, transform, func(res result) {
		if res.reject != nil && opts.OnReject != nil {
			opts.OnReject(res.reject)
		}
	})
}

// BulkNDJSON indexes the JSON Lines stream r (called name in messages) and
// reports every non-blank line to onResult, in order, once its fate is
// known: err is nil when the document is on disk, a *Reject wrapping
// ErrInvalid for a bad record, or the index's error. Blank lines have no
// result.
func (ix *Index) BulkNDJSON(ctx context.Context, r io.Reader, name string, opts BulkOptions, onResult func(line int, id string, err error)) (BulkStats, error) {
	return ix.bulk(ctx, []Source{ReaderSource(name, r)}, opts, nil, func(res result) {
		if res.reject != nil && opts.OnReject != nil {
			opts.OnReject(res.reject)
		}
		if onResult != nil {
			onResult(res.line, res.id, res.err())
		}
	})
}

// result is the fate of one record.
type result struct {
	line   int
	id     string
	reject *Reject
	failed error // the batch failed
}

func (r result) err() error {
	if r.reject != nil {
		return r.reject
	}
	return r.failed
}

// batch is a bleve batch with the results of its records.
type batch struct {
	b       *bleve.Batch
	results []result
	docs    int64
	bytes   int64
}

// bulk runs the load: one goroutine reads, decodes and validates records
// into batches while the caller's goroutine writes the previous batch
// (bleve analyzes the documents of a batch in parallel).
func (ix *Index) bulk(ctx context.Context, srcs []Source, opts BulkOptions, transform func(Document) error, report func(result)) (BulkStats, error) {
	opts = ix.bulkDefaults(opts)
	start := time.Now()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var input atomic.Int64
	batches := make(chan *batch, 1)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(batches)
		p := producer{ix: ix, opts: opts, transform: transform, out: batches, input: &input}
		p.run(ctx, srcs)
	}()
	var st BulkStats
	var err error
	for bt := range batches {
		if err == nil {
			err = ix.writeBatch(ctx, bt, &st, report)
		}
		if err != nil {
			cancel() // the producer stops; drain what it already sent
			continue
		}
		st.InputBytes, st.Elapsed = input.Load(), time.Since(start)
		if opts.OnProgress != nil {
			opts.OnProgress(st)
		}
	}
	wg.Wait()
	st.InputBytes, st.Elapsed = input.Load(), time.Since(start)
	if err == nil {
		err = ctx.Err()
	}
	return st, err
}

func (ix *Index) bulkDefaults(o BulkOptions) BulkOptions {
	if o.BatchSize <= 0 {
		o.BatchSize = defaultBatchSize
	}
	if o.BatchBytes <= 0 {
		o.BatchBytes = defaultBatchBytes
	}
	if o.MaxDocBytes <= 0 {
		o.MaxDocBytes = ix.maxDocBytes
	}
	return o
}

// writeBatch commits bt and reports its records. A canceled context
// leaves bt unwritten and unreported.
func (ix *Index) writeBatch(ctx context.Context, bt *batch, st *BulkStats, report func(result)) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	var err error
	if bt.docs > 0 {
		err = ix.commit(bt.b)
	}
	for _, res := range bt.results {
		if res.reject == nil && err != nil {
			res.failed = err
		}
		report(res)
		if res.reject != nil {
			st.Rejected++
		}
	}
	if err != nil {
		return fmt.Errorf("write batch: %w", err)
	}
	st.Documents += bt.docs
	st.Bytes += bt.bytes
	return nil
}

// producer turns sources into batches.
type producer struct {
	ix        *Index
	opts      BulkOptions
	transform func(Document) error
	out       chan<- *batch
	input     *atomic.Int64
	cur       *batch
}

var errStop = errors.New("stop")

func (p *producer) run(ctx context.Context, srcs []Source) {
	p.cur = p.newBatch()
	for _, s := range srcs {
		if p.source(ctx, s) != nil {
			return
		}
	}
	p.flush(ctx)
}

// source decodes one source. A source that fails to open or read is a
// reject; only cancellation stops the run (errStop).
func (p *producer) source(ctx context.Context, s Source) error {
	r, c, err := s.reader(func(n int) { p.input.Add(int64(n)) })
	if err != nil {
		return p.add(ctx, s, record{err: err})
	}
	defer c.Close()
	line := 0
	err = decode(r, s, p.opts.MaxDocBytes, func(rec record) error {
		line = rec.line
		return p.add(ctx, s, rec)
	})
	if err == nil || errors.Is(err, errStop) {
		return err
	}
	return p.add(ctx, s, record{line: line, err: fmt.Errorf("read: %w", err)})
}

// add validates rec into the current batch, sending it when full.
func (p *producer) add(ctx context.Context, s Source, rec record) error {
	if ctx.Err() != nil {
		return errStop
	}
	res := result{line: rec.line}
	if rec.doc != nil {
		res.id, _ = rec.doc[IDName].(string)
	}
	if rec.err == nil && p.transform != nil {
		rec.err = p.transform(rec.doc)
	}
	if rec.err == nil {
		doc, err := p.ix.prepare(rec.doc, p.opts.IDField, rec.fromText)
		if err == nil {
			res.id = doc.ID()
			err = p.cur.b.IndexAdvanced(doc)
		}
		if err == nil {
			p.cur.docs++
			p.cur.bytes += int64(rec.size)
		}
		rec.err = err
	}
	if rec.err != nil {
		res.reject = &Reject{Source: s.Name, Line: rec.line, ID: res.id, Raw: rec.raw, Err: rec.err}
	}
	p.cur.results = append(p.cur.results, res)
	if p.cur.docs >= int64(p.opts.BatchSize) || p.cur.bytes >= int64(p.opts.BatchBytes) || len(p.cur.results) >= 4*p.opts.BatchSize {
		return p.flush(ctx)
	}
	return nil
}

// flush sends the current batch, if it holds anything.
func (p *producer) flush(ctx context.Context) error {
	if len(p.cur.results) == 0 {
		return nil
	}
	select {
	case p.out <- p.cur:
		p.cur = p.newBatch()
		return nil
	case <-ctx.Done():
		return errStop
	}
}

func (p *producer) newBatch() *batch { return &batch{b: p.ix.bi.NewBatch()} }
