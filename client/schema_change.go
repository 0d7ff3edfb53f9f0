package client

import (
	"context"
	"net/http"
	"net/url"
	"time"
)

// SchemaChange changes an index's schema: each field is added, or replaces
// the declaration of the field of the same name.
type SchemaChange struct {
	Fields    []Field    `json:"fields,omitempty"`
	StopWords *StopWords `json:"stop_words,omitempty"` // a new stop list: a reindex
}

// SchemaChangeResult is the answer of ChangeSchema: Applied with the index
// when the change was made in place, else the reindex Task that makes it.
type SchemaChangeResult struct {
	Applied bool       `json:"applied"`
	Index   *IndexInfo `json:"index,omitempty"`
	Task    *Task      `json:"task,omitempty"`
}

// Task is a background task of the server (a reindex).
type Task struct {
	ID        string     `json:"id"`
	Kind      string     `json:"kind"`
	Index     string     `json:"index"`
	From      string     `json:"from"`
	To        string     `json:"to"`
	Status    string     `json:"status"` // running, succeeded, failed
	Reasons   []string   `json:"reasons,omitempty"`
	DocsDone  int64      `json:"docs_done"`
	DocsTotal int64      `json:"docs_total"`
	Error     string     `json:"error,omitempty"`
	Warning   string     `json:"warning,omitempty"`
	Started   time.Time  `json:"started"`
	Finished  *time.Time `json:"finished,omitempty"`
}

// ChangeSchema changes the schema of index name without deleting it: in
// place when the index allows it, else through a reindex task whose
// progress Task reports; writes are refused (503, Retry-After) until it
// is swapped in.
func (c *Client) ChangeSchema(ctx context.Context, name string, ch SchemaChange) (*SchemaChangeResult, error) {
	var out SchemaChangeResult
	if err := c.do(ctx, http.MethodPatch, indexPath(name), ch, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Task returns the background task id.
func (c *Client) Task(ctx context.Context, id string) (*Task, error) {
	var out Task
	if err := c.do(ctx, http.MethodGet, "/v1/tasks/"+url.PathEscape(id), nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Tasks returns the background tasks since the server started.
func (c *Client) Tasks(ctx context.Context) ([]Task, error) {
	var out struct {
		Tasks []Task `json:"tasks"`
	}
	err := c.do(ctx, http.MethodGet, "/v1/tasks", nil, &out)
	return out.Tasks, err
}
