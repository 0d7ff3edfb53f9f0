package apikey

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Scope is what a key may do.
type Scope string

// The scopes of a key.
const (
	Search         Scope = "search"
	DocumentsRead  Scope = "documents:read"
	DocumentsWrite Scope = "documents:write"
	Admin          Scope = "admin"
)

// Scopes lists every scope, for messages and validation.
var Scopes = []Scope{Search, DocumentsRead, DocumentsWrite, Admin}

// Errors of Lookup and of the store's changes.
var (
	ErrUnknown  = errors.New("unknown API key")
	ErrExpired  = errors.New("API key expired")
	ErrNotFound = errors.New("no such key")
	ErrInvalid  = errors.New("invalid key request")
)

// Key is a stored key: everything but its secret.
type Key struct {
	ID        string     `json:"id"`
	Name      string     `json:"name,omitempty"`
	Prefix    string     `json:"prefix"` // the first characters of the secret, to recognize it
	Scopes    []Scope    `json:"scopes"`
	Indexes   []string   `json:"indexes,omitempty"` // empty: every index
	ExpiresAt *time.Time `json:"expires_at,omitempty"`
	CreatedAt time.Time  `json:"created_at"`
}

// Spec is what Create makes a key of.
type Spec struct {
	Name      string     `json:"name,omitempty"`
	Scopes    []Scope    `json:"scopes"`
	Indexes   []string   `json:"indexes,omitempty"`
	ExpiresAt *time.Time `json:"expires_at,omitempty"`
}

// check reports what is wrong with s at time now; validIndex checks an
// index name.
func (s Spec) check(now time.Time, validIndex func(string) error) error {
	if len(s.Scopes) == 0 {
		return fmt.Errorf("%w: scopes: give at least one of %s", ErrInvalid, scopeList())
	}
	for _, sc := range s.Scopes {
		if !slices.Contains(Scopes, sc) {
			return fmt.Errorf("%w: scopes: unknown scope %q (want %s)", ErrInvalid, sc, scopeList())
		}
	}
	for _, ix := range s.Indexes {
		if err := validIndex(ix); err != nil {
			return fmt.Errorf("%w: indexes: %w", ErrInvalid, err)
		}
	}
	if s.ExpiresAt != nil && !s.ExpiresAt.After(now) {
		return fmt.Errorf("%w: expires_at %s is not in the future", ErrInvalid, s.ExpiresAt.Format(time.RFC3339))
	}
	if len(s.Name) > 200 {
		return fmt.Errorf("%w: name: at most 200 bytes", ErrInvalid)
	}
	return nil
}

func scopeList() string {
	var out []string
	for _, s := range Scopes {
		out = append(out, string(s))
	}
	return strings.Join(out, ", ")
}

// Has reports whether k has scope s (admin has every scope).
func (k Key) Has(s Scope) bool {
	return slices.Contains(k.Scopes, Admin) || slices.Contains(k.Scopes, s)
}

// AllIndexes reports whether k may use every index.
func (k Key) AllIndexes() bool { return len(k.Indexes) == 0 }

// Covers reports whether k may use the index name.
func (k Key) Covers(name string) bool { return k.AllIndexes() || slices.Contains(k.Indexes, name) }

// Expired reports whether k has expired at now.
func (k Key) Expired(now time.Time) bool { return k.ExpiresAt != nil && !now.Before(*k.ExpiresAt) }
