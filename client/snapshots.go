package client

import (
	"context"
	"net/http"
	"net/url"
	"time"
)

// Snapshot describes one snapshot file of the server's snapshot folder.
type Snapshot struct {
	Name      string    `json:"name"`
	Index     string    `json:"index,omitempty"`
	Documents uint64    `json:"documents,omitempty"`
	SizeBytes int64     `json:"size_bytes"`
	Created   time.Time `json:"created"`
}

// SnapshotIndex writes a snapshot of index name into the server's
// snapshot folder while writes go on, and describes it.
func (c *Client) SnapshotIndex(ctx context.Context, name string) (*Snapshot, error) {
	var out Snapshot
	if err := c.do(ctx, http.MethodPost, indexPath(name)+"/snapshot", nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Snapshots lists the snapshot files of the server, sorted by name.
func (c *Client) Snapshots(ctx context.Context) ([]Snapshot, error) {
	var out struct {
		Snapshots []Snapshot `json:"snapshots"`
	}
	err := c.do(ctx, http.MethodGet, "/v1/snapshots", nil, &out)
	return out.Snapshots, err
}

// RestoreSnapshot restores the snapshot file as the new index name.
func (c *Client) RestoreSnapshot(ctx context.Context, file, name string) (*IndexInfo, error) {
	var out IndexInfo
	if err := c.do(ctx, http.MethodPost, "/v1/snapshots/"+url.PathEscape(file)+"/restore", map[string]string{"index": name}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}
