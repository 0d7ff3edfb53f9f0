package client

import (
	"cmp"
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
	// Totals is the server's own count, the last line of its answer (nil
	// from a server that does not send it).
	Totals *BulkTotals
}

// BulkOptions are the options of BulkWith.
type BulkOptions struct {
	// Create creates the index on first write when it does not exist
	// (with the default schema: fields discovered from the documents).
	Create bool
	// ContentType of the body (default application/x-ndjson); the server
	// tells a JSON array body from JSON Lines by its first byte anyway.
	ContentType string
}

// Bulk streams the JSON Lines of r into index name. The server answers one
// BulkResult per non-blank input line, in order, while it reads; each is
// passed to fn (which may be nil) as it arrives, and an error from fn stops
// the load. Neither side holds the whole body in memory. If the server stops
// the load part way, Bulk returns the lines counted so far and an *Error.
func (c *Client) Bulk(ctx context.Context, name string, r io.Reader, fn func(BulkResult) error) (BulkSummary, error) {
	return c.BulkWith(ctx, name, r, BulkOptions{}, fn)
}

// BulkWith is Bulk with options. The body r may also be one JSON array of
// documents and action lines; element N is then reported as line N.
func (c *Client) BulkWith(ctx context.Context, name string, r io.Reader, o BulkOptions, fn func(BulkResult) error) (BulkSummary, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var sum BulkSummary
	path := indexPath(name) + "/documents"
	if o.Create {
		path += "?create=true"
	}
	resp, err := c.send(ctx, http.MethodPost, path, cmp.Or(o.ContentType, "application/x-ndjson"), r)
	if err != nil {
		return sum, err
	}
	defer resp.Body.Close()
	dec := json.NewDecoder(resp.Body)
	var stopped error // the in-band failure, followed by the summary
	for {
		var res BulkResult
		if err := dec.Decode(&res); errors.Is(err, io.EOF) {
			return sum, stopped
		} else if err != nil {
			return sum, cmp.Or(stopped, fmt.Errorf("fahras: bulk %s: read answer: %w", name, err))
		}
		if res.Summary != nil {
			sum.Totals = res.Summary
			continue
		}
		if res.Line == 0 && res.Error != nil {
			stopped = &Error{Status: res.Status, Code: res.Error.Code, Message: res.Error.Message, RequestID: res.Error.RequestID}
			continue
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
