package index

// Term dictionaries of a search spread over several machines (scope.go).
// Query building asks dictionaries questions: is a term in a field (spelling
// variants, run-on words, typos), and which terms start with a prefix
// (prefix expansion, document frequencies for rescoring). One index would
// answer from every document, so the machines must agree on the answers
// before they build their queries, or each would build a different query.
// A scoped search therefore answers from ShardScope.Dict, the answers of
// every shard, when it has them, and records the other questions it asked
// (Questions). The coordinator gathers the questions, has every machine
// answer them (AnswerDict), merges the answers (DictAnswers.Merge) and asks
// again until no new question comes (usually one round).

import (
	"bytes"
	"context"
	"slices"
	"sync"

	bleveindex "github.com/blevesearch/bleve_index_api"
)

// DictAnswers are dictionary questions and, once answered, their answers.
type DictAnswers struct {
	Contains []DictContains `json:"contains,omitempty"`
	Prefixes []DictPrefix   `json:"prefixes,omitempty"`
}

// DictContains asks whether Term is in Field's dictionary.
type DictContains struct {
	Field string `json:"f"`
	Term  []byte `json:"t"`
	Yes   bool   `json:"yes,omitempty"`
}

// DictPrefix asks for the terms of Field starting with Prefix, up to Upto
// included, or all of them with All.
type DictPrefix struct {
	Field  string     `json:"f"`
	Prefix []byte     `json:"p"`
	Upto   []byte     `json:"upto,omitempty"`
	All    bool       `json:"all,omitempty"`
	Terms  []DictTerm `json:"terms,omitempty"`
}

// DictTerm is one term with the number of documents holding it.
type DictTerm struct {
	Term  []byte `json:"t"`
	Count uint64 `json:"n"`
}

func containsKey(field string, term []byte) string { return field + "\x00" + string(term) }

// Len is the number of questions.
func (a DictAnswers) Len() int { return len(a.Contains) + len(a.Prefixes) }

// Merge adds the answers of other shards to a: a term is in a dictionary
// when any shard has it; prefix terms are united, their counts summed. A
// question of o that a lacks is added.
func (a *DictAnswers) Merge(o DictAnswers) {
	at := map[string]int{}
	for i, c := range a.Contains {
		at[containsKey(c.Field, c.Term)] = i
	}
	for _, c := range o.Contains {
		if i, ok := at[containsKey(c.Field, c.Term)]; ok {
			a.Contains[i].Yes = a.Contains[i].Yes || c.Yes
			continue
		}
		at[containsKey(c.Field, c.Term)] = len(a.Contains)
		a.Contains = append(a.Contains, c)
	}
	pat := map[string]int{}
	for i, p := range a.Prefixes {
		pat[containsKey(p.Field, p.Prefix)] = i
	}
	for _, p := range o.Prefixes {
		i, ok := pat[containsKey(p.Field, p.Prefix)]
		if !ok {
			pat[containsKey(p.Field, p.Prefix)] = len(a.Prefixes)
			a.Prefixes = append(a.Prefixes, p)
			continue
		}
		a.Prefixes[i].Terms = mergeTerms(a.Prefixes[i].Terms, p.Terms)
	}
}

// widen makes q ask for at least what o asks.
func (q *DictPrefix) widen(o DictPrefix) {
	q.All = q.All || o.All
	if bytes.Compare(o.Upto, q.Upto) > 0 {
		q.Upto = o.Upto
	}
}

func mergeTerms(a, b []DictTerm) []DictTerm {
	out := slices.Clone(a)
	for _, t := range b {
		i, found := slices.BinarySearchFunc(out, t.Term, func(x DictTerm, k []byte) int { return bytes.Compare(x.Term, k) })
		if found {
			out[i].Count += t.Count
		} else {
			out = slices.Insert(out, i, t)
		}
	}
	return out
}

// Questions returns the dictionary questions a scoped search or
// BuildQuery asked that Scope.Dict does not answer.
func (s *ShardScope) Questions() DictAnswers {
	if s.log == nil {
		return DictAnswers{}
	}
	return s.log.questions()
}

// BuildQuery builds the query of req as Search would, without running it:
// with a scope in ctx, to gather its dictionary questions.
func (ix *Index) BuildQuery(ctx context.Context, req Request) error {
	ctx, leave, err := ix.gate.enter(ctx, ix.name)
	if err != nil {
		return err
	}
	defer leave()
	if err := normalizePaging(&req); err != nil {
		return err
	}
	_, err = newBuilder(ix.dictsFor(ctx), ix.view(), req, defaultRank()).build()
	return err
}

// AnswerDict answers q from the shards of the scope in ctx.
func (ix *Index) AnswerDict(ctx context.Context, q DictAnswers) (DictAnswers, error) {
	d := ix.scopeDicts(scopeOf(ctx))
	out := DictAnswers{}
	rd := openDictReader(d)
	if rd != nil {
		defer rd.Close()
	}
	for _, c := range q.Contains {
		c.Yes = false
		if rd != nil {
			if fc, err := rd.FieldDictContains(c.Field); err == nil {
				c.Yes, _ = fc.Contains(c.Term)
			}
		}
		out.Contains = append(out.Contains, c)
	}
	for _, p := range q.Prefixes {
		p.Terms = nil
		fd, err := d.FieldDictPrefix(p.Field, p.Prefix)
		if err != nil {
			return out, err
		}
		for e, err := fd.Next(); e != nil && err == nil; e, err = fd.Next() {
			if !p.All && bytes.Compare([]byte(e.Term), p.Upto) > 0 {
				break
			}
			p.Terms = append(p.Terms, DictTerm{Term: []byte(e.Term), Count: e.Count})
		}
		fd.Close()
		out.Prefixes = append(out.Prefixes, p)
	}
	return out, nil
}

// scopeDicts is the union of the dictionaries of the shards of s.
func (ix *Index) scopeDicts(s *ShardScope) termDicts {
	if s == nil || !ix.shards.sharded() {
		return ix.dicts()
	}
	var d shardDicts
	for _, i := range s.Shards {
		if i >= 0 && i < len(ix.shards.all) && ix.shards.all[i] != nil {
			d = append(d, ix.shards.all[i])
		}
	}
	return d
}

// dictsFor returns the dictionaries query building reads: with a scope,
// those of its shards behind its answers, recording the other questions.
func (ix *Index) dictsFor(ctx context.Context) termDicts {
	s := scopeOf(ctx)
	if s == nil || !ix.shards.sharded() {
		return ix.dicts()
	}
	if s.log == nil {
		s.log = newDictLog(s.Dict)
	}
	return &scopedDicts{inner: ix.scopeDicts(s), log: s.log}
}

// dictLog holds a scope's known answers and the questions asked beyond
// them.
type dictLog struct {
	known    map[string]bool
	prefixes map[string]DictPrefix
	mu       sync.Mutex
	asked    map[string]DictContains
	askedP   map[string]DictPrefix
}

func newDictLog(known *DictAnswers) *dictLog {
	l := &dictLog{known: map[string]bool{}, prefixes: map[string]DictPrefix{}, asked: map[string]DictContains{}, askedP: map[string]DictPrefix{}}
	if known != nil {
		for _, c := range known.Contains {
			l.known[containsKey(c.Field, c.Term)] = c.Yes
		}
		for _, p := range known.Prefixes {
			l.prefixes[containsKey(p.Field, p.Prefix)] = p
		}
	}
	return l
}

func (l *dictLog) questions() DictAnswers {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out DictAnswers
	for _, c := range l.asked {
		out.Contains = append(out.Contains, c)
	}
	for _, p := range l.askedP {
		out.Prefixes = append(out.Prefixes, p)
	}
	return out
}

// scopedDicts answers from a dictLog's known answers, else from inner,
// recording the question.
type scopedDicts struct {
	inner termDicts
	log   *dictLog
}

func (s *scopedDicts) FieldDictPrefix(field string, prefix []byte) (bleveindex.FieldDict, error) {
	if p, ok := s.log.prefixes[containsKey(field, prefix)]; ok {
		return &replayDict{terms: p.Terms, all: p.All, upto: p.Upto, field: field, prefix: prefix, inner: s.inner}, nil
	}
	d, err := s.inner.FieldDictPrefix(field, prefix)
	if err != nil {
		return nil, err
	}
	return &recordingDict{FieldDict: d, log: s.log, q: DictPrefix{Field: field, Prefix: slices.Clone(prefix)}}, nil
}

// recordingDict records how far a question's dictionary was read.
type recordingDict struct {
	bleveindex.FieldDict
	log *dictLog
	q   DictPrefix
}

func (r *recordingDict) Next() (*bleveindex.DictEntry, error) {
	e, err := r.FieldDict.Next()
	if err == nil && e == nil {
		r.q.All = true
	} else if e != nil {
		r.q.Upto = []byte(e.Term)
	}
	return e, err
}

func (r *recordingDict) Close() error {
	r.log.mu.Lock()
	k := containsKey(r.q.Field, r.q.Prefix)
	q, ok := r.log.askedP[k]
	if ok {
		q.widen(r.q)
	} else {
		q = r.q
	}
	r.log.askedP[k] = q
	r.log.mu.Unlock()
	return r.FieldDict.Close()
}

// replayDict serves known prefix terms; past them, when the answer was
// not complete, the local dictionary's terms after upto.
type replayDict struct {
	terms  []DictTerm
	all    bool
	upto   []byte
	field  string
	prefix []byte
	inner  termDicts
	local  bleveindex.FieldDict
	done   bool
}

func (r *replayDict) Next() (*bleveindex.DictEntry, error) {
	if len(r.terms) > 0 {
		t := r.terms[0]
		r.terms = r.terms[1:]
		return &bleveindex.DictEntry{Term: string(t.Term), Count: t.Count}, nil
	}
	if r.all || r.done {
		return nil, nil
	}
	if r.local == nil {
		d, err := r.inner.FieldDictPrefix(r.field, r.prefix)
		if err != nil {
			return nil, err
		}
		r.local = d
	}
	for {
		e, err := r.local.Next()
		if err != nil || e == nil {
			r.done = true
			return e, err
		}
		if bytes.Compare([]byte(e.Term), r.upto) > 0 {
			return e, nil
		}
	}
}

func (r *replayDict) Close() error {
	if r.local != nil {
		return r.local.Close()
	}
	return nil
}

func (r *replayDict) Cardinality() int  { return len(r.terms) }
func (r *replayDict) BytesRead() uint64 { return 0 }

// scopedReader answers term look-ups from the known answers, else from
// the inner reader, recording the question.
type scopedReader struct {
	inner dictReader
	log   *dictLog
}

func (s *scopedDicts) reader() dictReader {
	in := openDictReader(s.inner)
	if in == nil {
		return nil
	}
	return scopedReader{in, s.log}
}

func (r scopedReader) FieldDictContains(field string) (bleveindex.FieldDictContains, error) {
	d, err := r.inner.FieldDictContains(field)
	if err != nil {
		return nil, err
	}
	return scopedContains{d, r.log, field}, nil
}

func (r scopedReader) Close() error { return r.inner.Close() }

type scopedContains struct {
	inner bleveindex.FieldDictContains
	log   *dictLog
	field string
}

func (c scopedContains) Contains(key []byte) (bool, error) {
	k := containsKey(c.field, key)
	if yes, ok := c.log.known[k]; ok {
		return yes, nil
	}
	yes, err := c.inner.Contains(key)
	if err == nil {
		c.log.mu.Lock()
		c.log.asked[k] = DictContains{Field: c.field, Term: slices.Clone(key)}
		c.log.mu.Unlock()
	}
	return yes, err
}

func (c scopedContains) BytesRead() uint64 { return c.inner.BytesRead() }

// Ask adds the questions of o that a lacks, widening a's prefix questions
// to o's bounds; answers are dropped.
func (a *DictAnswers) Ask(o DictAnswers) {
	at := map[string]bool{}
	for _, c := range a.Contains {
		at[containsKey(c.Field, c.Term)] = true
	}
	for _, c := range o.Contains {
		if k := containsKey(c.Field, c.Term); !at[k] {
			at[k] = true
			a.Contains = append(a.Contains, DictContains{Field: c.Field, Term: c.Term})
		}
	}
	pat := map[string]int{}
	for i, p := range a.Prefixes {
		pat[containsKey(p.Field, p.Prefix)] = i
	}
	for _, p := range o.Prefixes {
		if i, ok := pat[containsKey(p.Field, p.Prefix)]; ok {
			a.Prefixes[i].widen(p)
			continue
		}
		pat[containsKey(p.Field, p.Prefix)] = len(a.Prefixes)
		a.Prefixes = append(a.Prefixes, DictPrefix{Field: p.Field, Prefix: p.Prefix, Upto: p.Upto, All: p.All})
	}
}

// Without returns the questions of a that known does not answer.
func (a DictAnswers) Without(known DictAnswers) DictAnswers {
	have := map[string]bool{}
	for _, c := range known.Contains {
		have["c"+containsKey(c.Field, c.Term)] = true
	}
	for _, p := range known.Prefixes {
		have["p"+containsKey(p.Field, p.Prefix)] = true
	}
	var out DictAnswers
	for _, c := range a.Contains {
		if !have["c"+containsKey(c.Field, c.Term)] {
			out.Contains = append(out.Contains, c)
		}
	}
	for _, p := range a.Prefixes {
		if !have["p"+containsKey(p.Field, p.Prefix)] {
			out.Prefixes = append(out.Prefixes, p)
		}
	}
	return out
}
