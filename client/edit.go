package client

import (
	"context"
	"net/http"
)

// DeleteByQueryRequest selects the documents DeleteByQuery deletes, in the
// query language of Search.
type DeleteByQueryRequest struct {
	Query      string   `json:"query"`
	All        bool     `json:"all,omitempty"`
	Diacritics bool     `json:"diacritics,omitempty"`
	Filters    []Filter `json:"filters,omitempty"`
}

// DeleteByQueryResult is the answer to DeleteByQuery.
type DeleteByQueryResult struct {
	Index   string `json:"index"`
	Deleted int    `json:"deleted"`
}

// Patch merges fields into the stored document id of index name (a field
// set to nil is removed) and returns the merged document.
func (c *Client) Patch(ctx context.Context, name, id string, fields Document) (Document, error) {
	var out DocumentResult
	if err := c.do(ctx, http.MethodPatch, docPath(name, id), fields, &out); err != nil {
		return nil, err
	}
	return out.Document, nil
}

// DeleteByQuery deletes the documents of index name that match req and
// returns how many were deleted.
func (c *Client) DeleteByQuery(ctx context.Context, name string, req DeleteByQueryRequest) (int, error) {
	var out DeleteByQueryResult
	if err := c.do(ctx, http.MethodPost, indexPath(name)+"/delete_by_query", req, &out); err != nil {
		return 0, err
	}
	return out.Deleted, nil
}
