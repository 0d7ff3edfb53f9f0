package index

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"
)

// BulkOptions tune a bulk load. Zero values mean defaults.
type BulkOptions struct {
	// BatchSize is the number of documents per bleve batch (default 1000).
	BatchSize int
	// BatchBytes bounds the record bytes of one batch (default 2 MiB), so
	// that large documents make smaller batches. A batch being written
	// holds about 25 bytes of memory per record byte (its analyzed tokens
	// and the segment built from them; profiled on the news corpus), so
	// this bounds the memory of a load: Workers batches of BatchBytes.
	BatchBytes int
	// MaxDocBytes bounds one record (default: the index's maximum).
	MaxDocBytes int
	// Workers is the number of batches written at once (default: the
	// number of CPUs, at most 4). bleve analyzes the documents of a batch in
	// parallel but builds its index segment on one goroutine; concurrent
	// batches overlap that too (1.6x faster on 2 cores, BenchmarkBulkNews).
	Workers int
	// IDField derives missing ids from this field (default: the schema's).
	IDField string
	// OnReject is called for every bad record, in input order, after the
	// batch it belongs to was written (or when the load stops).
	OnReject func(*Reject)
	// OnProgress is called with the running totals after every batch is
	// written; InputBytes is then the input read up to that batch's end.
	OnProgress func(BulkStats)
}

const (
	defaultBatchSize  = 1000
	defaultBatchBytes = 2 << 20
)

// BulkStats counts what a bulk load did.
type BulkStats struct {
	Documents  int64         `json:"documents"`   // indexed and on disk
	Updated    int64         `json:"updated"`     // of Documents, those that replaced a document of the same id
	Deleted    int64         `json:"deleted"`     // delete action lines done (bulk_actions.go)
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
	ctx, leave, err := ix.gate.enter(ctx, ix.name)
	if err != nil {
		return BulkStats{}, err
	}
	defer leave()
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
	ctx, leave, err := ix.gate.enter(ctx, ix.name)
	if err != nil {
		return BulkStats{}, err
	}
	defer leave()
	if err := ix.writable(); err != nil { // before any line is read: the caller can answer 503 at once
		return BulkStats{}, err
	}
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
	shard  int // the shard of its document
	reject *Reject
	failed error // the batch (of its shard) failed
}

func (r result) err() error {
	if r.reject != nil {
		return r.reject
	}
	return r.failed
}

// batch is the records of one batch: their results, and their documents
// split into one bleve batch per shard.
type batch struct {
	parts   []part
	results []result
	inputAt int64 // input bytes read when the batch was full
	docs    int64
	bytes   int64
}

// part is the bleve batch of one shard.
type part struct {
	b       *bleve.Batch                  // nil until the shard has a document
	ids     map[string]*document.Document // the documents in b by id, nil for a delete (the last one of an id wins, as in bleve)
	docs    int64
	deletes int64 // delete actions (bulk_actions.go)
	bytes   int64
	updated int64 // documents that replaced one of the same id, once written
}

// overlaps reports whether b and o hold a document with the same id (in
// the same shard, then).
func (b *batch) overlaps(o *batch) bool {
	for i := range b.parts {
		x, y := b.parts[i].ids, o.parts[i].ids
		if len(y) < len(x) {
			x, y = y, x
		}
		for id := range x {
			if _, ok := y[id]; ok {
				return true
			}
		}
	}
	return false
}

// bulk runs the load: one goroutine (the producer) reads, decodes and
// validates records into batches, which the caller's goroutine hands to
// up to opts.Workers writers (see committer). Decoding is a small part of
// the cost (profiled on the news corpus: bleve's analysis and segment
// building dominate), so one producer is enough.
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
	c := committer{ctx: ctx, ix: ix, opts: opts, report: report, cancel: cancel, began: start}
	for bt := range batches {
		if c.err != nil || ctx.Err() != nil {
			continue // not started, so not acknowledged: dropped
		}
		c.start(bt)
	}
	c.drain(0)
	wg.Wait()
	c.st.InputBytes, c.st.Elapsed = input.Load(), time.Since(start)
	if c.err == nil {
		c.err = ctx.Err()
	}
	return c.st, c.err
}

// committer writes up to opts.Workers batches at once and reports them in
// input order. A batch that shares an id with a batch being written waits
// for it, so the later record of an id always wins.
type committer struct {
	began    time.Time
	ctx      context.Context
	ix       *Index
	opts     BulkOptions
	report   func(result)
	cancel   func()
	inflight []*pending
	st       BulkStats
	err      error
}

type pending struct {
	bt   *batch
	done chan []error // per shard
}

func (c *committer) start(bt *batch) {
	for i, p := range c.inflight {
		if p.bt.overlaps(bt) {
			c.drain(len(c.inflight) - i - 1)
			break
		}
	}
	c.drain(c.opts.Workers - 1)
	if c.err != nil || c.ctx.Err() != nil {
		return // stopped while waiting: bt is dropped
	}
	p := &pending{bt: bt, done: make(chan []error, 1)}
	go func() { p.done <- c.ix.commitParts(bt.parts) }()
	c.inflight = append(c.inflight, p)
}

// drain waits for the oldest batches until at most keep are in flight.
func (c *committer) drain(keep int) {
	for len(c.inflight) > max(keep, 0) {
		p := c.inflight[0]
		c.inflight = c.inflight[1:]
		c.finish(p.bt, <-p.done)
	}
}

// commitParts writes the bleve batch of every shard, in parallel, and
// returns the error of each.
func (ix *Index) commitParts(parts []part) []error {
	errs := make([]error, len(parts))
	if len(parts) == 1 {
		if parts[0].docs+parts[0].deletes > 0 {
			parts[0].updated, errs[0] = ix.commitCount(0, parts[0].b, parts[0].ids)
		}
		return errs
	}
	var wg sync.WaitGroup
	for i, pt := range parts {
		if pt.docs+pt.deletes == 0 {
			continue
		}
		wg.Go(func() {
			n, err := ix.commitCount(i, pt.b, pt.ids)
			if err != nil {
				errs[i] = fmt.Errorf("shard %d: %w", i, err)
			}
			parts[i].updated = n
		})
	}
	wg.Wait()
	return errs
}

// finish reports the records of a written (or failed) batch: the records
// of a shard whose batch failed fail with its error, the others are on
// disk.
func (c *committer) finish(bt *batch, errs []error) {
	for _, res := range bt.results {
		if res.reject == nil && errs[res.shard] != nil {
			res.failed = errs[res.shard]
		}
		c.report(res)
		if res.reject != nil {
			c.st.Rejected++
		}
	}
	var err error
	for i, pt := range bt.parts {
		if errs[i] != nil {
			err = cmp.Or(err, errs[i])
			continue
		}
		c.st.Documents += pt.docs
		c.st.Deleted += pt.deletes
		c.st.Updated += pt.updated
		c.st.Bytes += pt.bytes
	}
	if err != nil {
		if c.err == nil {
			c.err = fmt.Errorf("write batch: %w", err)
			c.cancel() // the producer stops
		}
		return
	}
	c.st.InputBytes = bt.inputAt
	c.st.Elapsed = time.Since(c.began)
	if c.opts.OnProgress != nil {
		c.opts.OnProgress(c.st)
	}
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
	if o.Workers <= 0 {
		o.Workers = min(runtime.GOMAXPROCS(0), 4)
	}
	return o
}

// producer turns sources into batches.
type producer struct {
	ix        *Index
	opts      BulkOptions
	transform func(Document) error
	out       chan<- *batch
	input     *atomic.Int64
	cur       *batch
	pending   *bulkAction // an index action waiting for its document (bulk_actions.go)
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
	p.orphan(s)
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
	rec, done := p.action(s, rec)
	if done {
		return p.flushIfFull(ctx)
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
		var pt *part
		if err == nil {
			res.id = doc.ID()
			res.shard = p.ix.shards.route(res.id)
			pt = p.part(res.shard)
			err = pt.b.IndexAdvanced(doc)
		}
		if err == nil {
			pt.ids[res.id] = doc
			pt.docs++
			pt.bytes += int64(rec.size)
			p.cur.docs++
			p.cur.bytes += int64(rec.size)
		}
		rec.err = err
	}
	if rec.err != nil {
		res.reject = &Reject{Source: s.Name, Line: rec.line, ID: res.id, Raw: bytes.Clone(rec.raw), Err: rec.err}
	}
	p.cur.results = append(p.cur.results, res)
	return p.flushIfFull(ctx)
}

// flushIfFull sends the current batch when it is full.
func (p *producer) flushIfFull(ctx context.Context) error {
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
	p.cur.inputAt = p.input.Load()
	select {
	case p.out <- p.cur:
		p.cur = p.newBatch()
		return nil
	case <-ctx.Done():
		return errStop
	}
}

func (p *producer) newBatch() *batch {
	return &batch{parts: make([]part, len(p.ix.shards.all))}
}

// part returns the part of shard i of the current batch, starting it if
// needed. A shard that is down gets a batch all the same: its commit
// fails with the reason.
func (p *producer) part(i int) *part {
	pt := &p.cur.parts[i]
	if pt.b == nil {
		sh := p.ix.shards.all[i]
		if sh == nil {
			sh = p.ix.shards.up()[0]
		}
		pt.b = sh.NewBatch()
		pt.ids = make(map[string]*document.Document, p.opts.BatchSize/len(p.cur.parts)+1)
	}
	return pt
}
