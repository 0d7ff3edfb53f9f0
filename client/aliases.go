package client

import (
	"context"
	"net/http"
	"net/url"
)

// Alias is a second name of an index: searches, gets and writes through it
// reach the index.
type Alias struct {
	Name  string `json:"name"`
	Index string `json:"index"`
}

// Aliases returns every alias of the server, sorted by name.
func (c *Client) Aliases(ctx context.Context) ([]Alias, error) {
	var out struct {
		Aliases []Alias `json:"aliases"`
	}
	err := c.do(ctx, http.MethodGet, "/v1/aliases", nil, &out)
	return out.Aliases, err
}

// SetAlias creates the alias name or points it at another index, in one
// atomic step.
func (c *Client) SetAlias(ctx context.Context, name, index string) error {
	return c.do(ctx, http.MethodPut, "/v1/aliases/"+url.PathEscape(name), map[string]string{"index": index}, nil)
}

// DeleteAlias removes the alias name; its index stays.
func (c *Client) DeleteAlias(ctx context.Context, name string) error {
	return c.do(ctx, http.MethodDelete, "/v1/aliases/"+url.PathEscape(name), nil, nil)
}
