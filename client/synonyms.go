package client

import (
	"context"
	"net/http"
)

// synonymsBody is the body of the synonyms routes.
type synonymsBody struct {
	Synonyms [][]string `json:"synonyms"`
}

// Synonyms returns the synonym sets of index name.
func (c *Client) Synonyms(ctx context.Context, name string) ([][]string, error) {
	var out synonymsBody
	if err := c.do(ctx, http.MethodGet, indexPath(name)+"/synonyms", nil, &out); err != nil {
		return nil, err
	}
	return out.Synonyms, nil
}

// SetSynonyms replaces the synonym sets of index name (nil removes them);
// the next search uses them, without reindexing.
func (c *Client) SetSynonyms(ctx context.Context, name string, sets [][]string) error {
	if sets == nil {
		sets = [][]string{}
	}
	return c.do(ctx, http.MethodPut, indexPath(name)+"/synonyms", synonymsBody{Synonyms: sets}, nil)
}
