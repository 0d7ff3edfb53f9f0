package index

// Term expansion over every shard. bleve expands a prefix or fuzzy query
// into the matching terms of the dictionary of the index it searches, and
// scores them as a disjunction whose coordination counts those terms: a
// shard that holds fewer of them would score its documents differently
// from one index. A shard opened with its group in its runtime
// configuration (shardGroupKey) therefore expands over the union of the
// dictionaries of every shard of the group; terms it does not hold find
// no document there and count, as everywhere, their global frequency.

import (
	"sync"

	"github.com/blevesearch/bleve/v2/index/scorch"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// Runtime configuration keys of a shard: its group and its number.
const (
	shardGroupKey  = "fahras_shard_group"
	shardNumberKey = "fahras_shard_number"
)

// shardGroup is the open shards of one sharded index.
type shardGroup struct {
	mu     sync.RWMutex
	shards map[int]*scorch.Scorch
}

func newShardGroup() *shardGroup { return &shardGroup{shards: map[int]*scorch.Scorch{}} }

// config returns the runtime configuration of shard i of the group.
func (g *shardGroup) config(base map[string]any, i int) map[string]any {
	cfg := make(map[string]any, len(base)+2)
	for k, v := range base {
		cfg[k] = v
	}
	cfg[shardGroupKey], cfg[shardNumberKey] = g, i
	return cfg
}

func (g *shardGroup) add(i int, s *scorch.Scorch) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.shards[i] = s
}

// siblings opens a snapshot of every shard of the group but self.
func (g *shardGroup) siblings(self int) []bleveindex.IndexReader {
	g.mu.RLock()
	defer g.mu.RUnlock()
	var out []bleveindex.IndexReader
	for i, s := range g.shards {
		if i == self {
			continue
		}
		if r, err := s.Reader(); err == nil && r.(*scorch.IndexSnapshot) != nil {
			out = append(out, r)
		}
	}
	return out
}

// union merges dictionary d of this shard with the dictionaries open
// returns for the other shards of the group.
func (r shardReader) union(d bleveindex.FieldDict, open func(bleveindex.IndexReader) (bleveindex.FieldDict, error)) (bleveindex.FieldDict, error) {
	m := &mergedDict{}
	add := func(d bleveindex.FieldDict) error {
		e, err := d.Next()
		if err != nil {
			d.Close()
			return err
		}
		m.dicts, m.heads = append(m.dicts, d), append(m.heads, e)
		return nil
	}
	m.release = r.group.siblings(r.num)
	if err := add(d); err != nil {
		m.Close()
		return nil, err
	}
	for _, s := range m.release {
		sd, err := open(s)
		if err == nil {
			err = add(sd)
		}
		if err != nil {
			m.Close()
			return nil, err
		}
	}
	return m, nil
}

func (r shardReader) FieldDictPrefix(field string, prefix []byte) (bleveindex.FieldDict, error) {
	d, err := r.IndexSnapshot.FieldDictPrefix(field, prefix)
	if err != nil || r.group == nil {
		return d, err
	}
	return r.union(d, func(s bleveindex.IndexReader) (bleveindex.FieldDict, error) { return s.FieldDictPrefix(field, prefix) })
}

func (r shardReader) FieldDictFuzzyAutomaton(field, term string, fuzziness int, prefix string) (bleveindex.FieldDict, bleveindex.FuzzyAutomaton, error) {
	d, a, err := r.IndexSnapshot.FieldDictFuzzyAutomaton(field, term, fuzziness, prefix)
	if err != nil || r.group == nil {
		return d, a, err
	}
	u, err := r.union(d, func(s bleveindex.IndexReader) (bleveindex.FieldDict, error) {
		d, _, err := s.(*scorch.IndexSnapshot).FieldDictFuzzyAutomaton(field, term, fuzziness, prefix)
		return d, err
	})
	return u, a, err
}
