package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
)

// BulkSummary counts the lines of a bulk load.
type BulkSummary struct {
	Indexed int // lines stored
	Failed  int // lines rejected
}

// Bulk streams the JSON Lines of r into index name. The server answers one
// BulkResult per non-blank input line, in order, while it reads; each is
// passed to fn (which may be nil) as it arrives, and an error from fn stops
// the load. Neither side holds the whole body in memory. If the server stops
// the load part way, Bulk returns the lines counted so far and an *Error.
func (c *Client) Bulk(ctx context.Context, name string, r io.Reader, fn func(BulkResult) error) (BulkSummary, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var sum BulkSummary
	resp, err := c.send(ctx, http.MethodPost, indexPath(name)+"/documents", "application/x-ndjson", r)
	if err != nil {
		return sum, err
	}
	defer resp.Body.Close()
	dec := json.NewDecoder(resp.Body)
	for {
		var res BulkResult
		if err := dec.Decode(&res); errors.Is(err, io.EOF) {
			return sum, nil
		} else if err != nil {
			return sum, fmt.Errorf("fahras: bulk %s: read answer: %w", name, err)
		}
		if res.Line == 0 && res.Error != nil {
			return sum, &Error{Status: res.Status, Code: res.Error.Code, Message: res.Error.Message, RequestID: res.Error.RequestID}
		}
		if res.Error == nil {
			sum.Indexed++
		} else {
			sum.Failed++
		}
		if fn != nil {
			if err := fn(res); err != nil {
				return sum, err
			}
		}
	}
}
