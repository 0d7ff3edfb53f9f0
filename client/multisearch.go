package client

import (
	"context"
	"encoding/json"
	"net/http"
)

// MultiSearchQuery is one search of MultiSearch: the index and the
// request.
type MultiSearchQuery struct {
	Index string `json:"index"`
	Request
}

// SearchAnswer is the answer to one search of MultiSearch: Result when
// Status is 200, Error otherwise.
type SearchAnswer struct {
	Index  string       `json:"index"`
	Status int          `json:"status"`
	Error  *ErrorDetail `json:"error,omitempty"`
	Result *Result      `json:"-"`
}

// MultiSearch runs several searches, on one or several indexes, in one
// request; the answers come in the order of the queries, and one failing
// search does not fail the others.
func (c *Client) MultiSearch(ctx context.Context, queries []MultiSearchQuery) ([]SearchAnswer, error) {
	var out struct {
		Results []json.RawMessage `json:"results"`
	}
	in := struct {
		Searches []MultiSearchQuery `json:"searches"`
	}{queries}
	if err := c.do(ctx, http.MethodPost, "/v1/multi_search", in, &out); err != nil {
		return nil, err
	}
	answers := make([]SearchAnswer, len(out.Results))
	for i, raw := range out.Results {
		if err := json.Unmarshal(raw, &answers[i]); err != nil {
			return nil, err
		}
		if answers[i].Status == http.StatusOK {
			answers[i].Result = &Result{}
			if err := json.Unmarshal(raw, answers[i].Result); err != nil {
				return nil, err
			}
		}
	}
	return answers, nil
}
