package client

import (
	"context"
	"net/http"
	"net/url"
	"time"
)

// KeyRequest asks for a scoped API key: scopes among "search",
// "documents:read", "documents:write" and "admin", optionally limited to
// some indexes and to a lifetime (ExpiresAt, or ExpiresIn such as "720h").
type KeyRequest struct {
	Name      string     `json:"name,omitempty"`
	Scopes    []string   `json:"scopes"`
	Indexes   []string   `json:"indexes,omitempty"`
	ExpiresAt *time.Time `json:"expires_at,omitempty"`
	ExpiresIn string     `json:"expires_in,omitempty"`
}

// Key is a stored key, without its secret.
type Key struct {
	ID        string     `json:"id"`
	Name      string     `json:"name,omitempty"`
	Prefix    string     `json:"prefix"`
	Scopes    []string   `json:"scopes"`
	Indexes   []string   `json:"indexes,omitempty"`
	ExpiresAt *time.Time `json:"expires_at,omitempty"`
	CreatedAt time.Time  `json:"created_at"`
}

// CreatedKey is a new key with its secret, which the server shows once.
type CreatedKey struct {
	Secret string `json:"key"`
	Key
}

// CreateKey creates a scoped key (it needs the admin key).
func (c *Client) CreateKey(ctx context.Context, req KeyRequest) (*CreatedKey, error) {
	var out CreatedKey
	if err := c.do(ctx, http.MethodPost, "/v1/keys", req, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// ListKeys lists the scoped keys, without their secrets.
func (c *Client) ListKeys(ctx context.Context) ([]Key, error) {
	var out struct {
		Keys []Key `json:"keys"`
	}
	if err := c.do(ctx, http.MethodGet, "/v1/keys", nil, &out); err != nil {
		return nil, err
	}
	return out.Keys, nil
}

// DeleteKey revokes the key id.
func (c *Client) DeleteKey(ctx context.Context, id string) error {
	return c.do(ctx, http.MethodDelete, "/v1/keys/"+url.PathEscape(id), nil, nil)
}
