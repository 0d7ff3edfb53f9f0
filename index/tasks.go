package index

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Task statuses.
const (
	TaskRunning   = "running"
	TaskSucceeded = "succeeded"
	TaskFailed    = "failed"
)

// TaskInfo describes a background task of a catalog (a reindex) at one
// instant.
type TaskInfo struct {
	ID     string `json:"id"`
	Kind   string `json:"kind"`  // "reindex"
	Index  string `json:"index"` // the name the change was asked for (an index or an alias)
	From   string `json:"from"`  // the index rebuilt
	To     string `json:"to"`    // the index built, swapped in under the names of From
	Status string `json:"status"`
	// Reasons say why the change needed a reindex.
	Reasons   []string `json:"reasons,omitempty"`
	DocsDone  int64    `json:"docs_done"`
	DocsTotal int64    `json:"docs_total"`
	Error     string   `json:"error,omitempty"`
	// Warning tells what went wrong after a successful swap (the old
	// index could not be deleted).
	Warning  string     `json:"warning,omitempty"`
	Started  time.Time  `json:"started"`
	Finished *time.Time `json:"finished,omitempty"`
}

// task is the live state of one task.
type task struct {
	mu   sync.Mutex
	info TaskInfo
	done atomic.Int64
}

func (t *task) snapshot() TaskInfo {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := t.info
	out.Reasons = slices.Clone(t.info.Reasons)
	out.DocsDone = t.done.Load()
	return out
}

func (t *task) finish(err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := time.Now().UTC()
	t.info.Finished = &now
	t.info.Status = TaskSucceeded
	if err != nil {
		t.info.Status, t.info.Error = TaskFailed, err.Error()
	}
}

// taskList is the tasks of a catalog, kept in memory: a restart forgets
// them (an interrupted reindex leaves its source index as it was).
type taskList struct {
	mu    sync.Mutex
	next  int
	tasks map[string]*task
}

func (l *taskList) add(info TaskInfo) *task {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.next++
	info.ID = info.Kind + "-" + strconv.Itoa(l.next)
	if l.tasks == nil {
		l.tasks = map[string]*task{}
	}
	t := &task{info: info}
	l.tasks[info.ID] = t
	return t
}

// Task returns the task id; the error wraps ErrNotFound.
func (c *Catalog) Task(id string) (TaskInfo, error) {
	c.tasks.mu.Lock()
	t, ok := c.tasks.tasks[id]
	c.tasks.mu.Unlock()
	if !ok {
		return TaskInfo{}, fmt.Errorf("%w: task %q", ErrNotFound, id)
	}
	return t.snapshot(), nil
}

// Tasks returns every task since the catalog was opened, sorted by id.
func (c *Catalog) Tasks() []TaskInfo {
	c.tasks.mu.Lock()
	ids := slices.SortedFunc(maps.Keys(c.tasks.tasks), func(a, b string) int {
		return cmp.Or(cmp.Compare(len(a), len(b)), cmp.Compare(a, b)) // reindex-2 before reindex-10
	})
	ts := make([]*task, len(ids))
	for i, id := range ids {
		ts[i] = c.tasks.tasks[id]
	}
	c.tasks.mu.Unlock()
	out := make([]TaskInfo, len(ts))
	for i, t := range ts {
		out[i] = t.snapshot()
	}
	return out
}
