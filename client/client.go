package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Client calls one fahras server. Its fields may be set before first use;
// it is safe for concurrent use afterwards.
type Client struct {
	// BaseURL is the server's root, e.g. "http://127.0.0.1:8080".
	BaseURL string
	// APIKey, when set, is sent as "Authorization: Bearer KEY".
	APIKey string
	// HTTP is the HTTP client (default http.DefaultClient).
	HTTP *http.Client
}

// New returns a client of the server at baseURL.
func New(baseURL string) *Client {
	return &Client{BaseURL: strings.TrimRight(baseURL, "/")}
}

// Error is an error answer of the server.
type Error struct {
	Status    int    // HTTP status
	Code      string // stable code, e.g. "not_found", "invalid_query"
	Message   string
	RequestID string
	// RetryAfter is the wait the server asks for before a retry (its
	// Retry-After header: a 503 "overloaded" search), or 0.
	RetryAfter time.Duration
}

func (e *Error) Error() string {
	return fmt.Sprintf("fahras: %d %s: %s", e.Status, e.Code, e.Message)
}

// IsNotFound reports whether err is a 404 answer.
func IsNotFound(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Status == http.StatusNotFound
}

// ListIndexes returns every index of the server, sorted by name.
func (c *Client) ListIndexes(ctx context.Context) ([]IndexInfo, error) {
	var out struct {
		Indexes []IndexInfo `json:"indexes"`
	}
	err := c.do(ctx, http.MethodGet, "/v1/indexes", nil, &out)
	return out.Indexes, err
}

// CreateIndex creates index name; a nil schema means the default one.
func (c *Client) CreateIndex(ctx context.Context, name string, s *Schema) (*IndexInfo, error) {
	var out IndexInfo
	var body any
	if s != nil {
		body = s
	}
	if err := c.do(ctx, http.MethodPut, indexPath(name), body, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// GetIndex returns the schema, document count and size of index name.
func (c *Client) GetIndex(ctx context.Context, name string) (*IndexInfo, error) {
	var out IndexInfo
	if err := c.do(ctx, http.MethodGet, indexPath(name), nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// CompactIndex merges index name into one segment per shard (after a bulk
// load) and returns its schema, count and size.
func (c *Client) CompactIndex(ctx context.Context, name string) (*IndexInfo, error) {
	var out IndexInfo
	if err := c.do(ctx, http.MethodPost, indexPath(name)+"/compact", nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// DropIndex deletes index name.
func (c *Client) DropIndex(ctx context.Context, name string) error {
	return c.do(ctx, http.MethodDelete, indexPath(name), nil, nil)
}

// Search runs req on index name.
func (c *Client) Search(ctx context.Context, name string, req Request) (*Result, error) {
	var out Result
	if err := c.do(ctx, http.MethodPost, indexPath(name)+"/search", req, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Get returns document id of index name.
func (c *Client) Get(ctx context.Context, name, id string) (Document, error) {
	var out Document
	if err := c.do(ctx, http.MethodGet, docPath(name, id), nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// Put stores doc as document id of index name and returns its id.
func (c *Client) Put(ctx context.Context, name, id string, doc Document) (string, error) {
	var out DocumentResult
	if err := c.do(ctx, http.MethodPut, docPath(name, id), doc, &out); err != nil {
		return "", err
	}
	return out.ID, nil
}

// Delete deletes document id of index name.
func (c *Client) Delete(ctx context.Context, name, id string) error {
	return c.do(ctx, http.MethodDelete, docPath(name, id), nil, nil)
}

// ClusterStatus returns the nodes of a cluster and the replicas of every
// shard with their lag (a 404 *Error from a server that is not a cluster
// node).
func (c *Client) ClusterStatus(ctx context.Context) (*ClusterStatus, error) {
	var out ClusterStatus
	if err := c.do(ctx, http.MethodGet, "/v1/cluster", nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// AddReplica makes node hold a replica of shard of index name on a
// cluster, built from the shard's log, and returns the index's shards.
func (c *Client) AddReplica(ctx context.Context, name string, shard int, node string) (*ClusterIndex, error) {
	var out ClusterIndex
	path := fmt.Sprintf("/v1/cluster/indexes/%s/shards/%d/replicas/%s", url.PathEscape(name), shard, url.PathEscape(node))
	if err := c.do(ctx, http.MethodPut, path, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Analyze runs the server's analyzer on text; level "" means every
// representation.
func (c *Client) Analyze(ctx context.Context, text, level string) (*AnalyzeResult, error) {
	return c.AnalyzeIndex(ctx, "", text, level)
}

// AnalyzeIndex runs the analyzer on text with the stop list of index name
// (the built-in list when name is ""), as that index analyzes its
// documents and queries.
func (c *Client) AnalyzeIndex(ctx context.Context, name, text, level string) (*AnalyzeResult, error) {
	var out AnalyzeResult
	in := struct {
		Text  string `json:"text"`
		Level string `json:"level,omitempty"`
		Index string `json:"index,omitempty"`
	}{text, level, name}
	if err := c.do(ctx, http.MethodPost, "/v1/analyze", in, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

func indexPath(name string) string { return "/v1/indexes/" + url.PathEscape(name) }

func docPath(name, id string) string { return indexPath(name) + "/documents/" + url.PathEscape(id) }

// do sends one JSON request and decodes the JSON answer into out.
func (c *Client) do(ctx context.Context, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return fmt.Errorf("fahras: encode request: %w", err)
		}
		body = bytes.NewReader(b)
	}
	resp, err := c.send(ctx, method, path, "application/json", body)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if out == nil {
		_, err = io.Copy(io.Discard, resp.Body)
		return err
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		return fmt.Errorf("fahras: %s %s: decode answer: %w", method, path, err)
	}
	return nil
}

// send sends a request and turns error answers into *Error.
func (c *Client) send(ctx context.Context, method, path, contentType string, body io.Reader) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, method, c.BaseURL+path, body)
	if err != nil {
		return nil, fmt.Errorf("fahras: %w", err)
	}
	if body != nil {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("Accept", "application/json")
	if c.APIKey != "" {
		req.Header.Set("Authorization", "Bearer "+c.APIKey)
	}
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("fahras: %w", err)
	}
	if resp.StatusCode < 300 {
		return resp, nil
	}
	defer resp.Body.Close()
	return nil, answerError(resp)
}

// answerError reads an error answer.
func answerError(resp *http.Response) error {
	var body struct {
		Error ErrorDetail `json:"error"`
	}
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	e := &Error{Status: resp.StatusCode, Code: "http", Message: strings.TrimSpace(string(raw))}
	if json.Unmarshal(raw, &body) == nil && body.Error.Code != "" {
		e = &Error{Status: resp.StatusCode, Code: body.Error.Code, Message: body.Error.Message, RequestID: body.Error.RequestID}
	}
	if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && s >= 0 {
		e.RetryAfter = time.Duration(s) * time.Second
	}
	return e
}
