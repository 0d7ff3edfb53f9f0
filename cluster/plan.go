package cluster

import (
	"context"
	"errors"
	"slices"
	"sync"

	"github.com/fahras/fahras/index"
)

// plan picks one replica of every shard of an index for one request (the
// same in every phase of a search) and fails over to the next replica of
// a shard when its node does not answer.
type plan struct {
	order [][]string // shard → its replicas in preference order
	cur   []int      // shard → the replica in use

	mu     sync.Mutex     // for the callers' results
	failed map[int]string // shard → why none of its replicas answered
}

func newPlan(n *Node, d indexDef) *plan {
	p := &plan{order: make([][]string, d.shards()), cur: make([]int, d.shards()), failed: map[int]string{}}
	for i := range p.order {
		p.order[i] = n.replicaOrder(d, i)
	}
	return p
}

// run calls fn once per chosen node with the shards it searches for this
// request, in parallel. The shards of a node that fails with
// index.ErrUnavailable move to their next replica and fn is called again
// for them; a shard with no replica left is recorded in p.failed. Any
// other error is returned.
func (p *plan) run(ctx context.Context, fn func(ctx context.Context, node string, shards []int) error) error {
	var todo []int
	for i := range p.order {
		if _, ok := p.failed[i]; !ok {
			todo = append(todo, i)
		}
	}
	for len(todo) > 0 {
		groups := map[string][]int{}
		for _, i := range todo {
			node := p.order[i][p.cur[i]]
			groups[node] = append(groups[node], i)
		}
		errs := make(map[string]error, len(groups))
		var wg sync.WaitGroup
		var emu sync.Mutex
		for node, shards := range groups {
			wg.Go(func() {
				err := fn(ctx, node, shards)
				emu.Lock()
				errs[node] = err
				emu.Unlock()
			})
		}
		wg.Wait()
		todo = todo[:0]
		for node, err := range errs {
			if err == nil {
				continue
			}
			if !errors.Is(err, index.ErrUnavailable) || ctx.Err() != nil {
				return err
			}
			for _, i := range groups[node] {
				p.cur[i]++
				if p.cur[i] < len(p.order[i]) {
					todo = append(todo, i)
				} else {
					p.failed[i] = err.Error()
				}
			}
		}
		slices.Sort(todo)
	}
	return nil
}

// failedShards returns the shards with no replica that answered, sorted.
func (p *plan) failedShards() []int {
	out := make([]int, 0, len(p.failed))
	for i := range p.failed {
		out = append(out, i)
	}
	slices.Sort(out)
	return out
}
