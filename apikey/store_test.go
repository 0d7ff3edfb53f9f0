package apikey

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func validName(s string) error {
	if s == "" || strings.ContainsAny(s, "/. ") {
		return fmt.Errorf("index name %q is not valid", s)
	}
	return nil
}

func TestStore(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keys.json")
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	s, err := Open(path, validName)
	if err != nil {
		t.Fatal(err)
	}
	later := now.Add(time.Hour)
	secret, k, err := s.Create(Spec{Name: "page", Scopes: []Scope{Search, Search}, Indexes: []string{"news"}, ExpiresAt: &later}, now)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(secret, SecretPrefix) || len(secret) < 30 || !strings.HasPrefix(secret, k.Prefix) {
		t.Errorf("secret %q, prefix %q", secret, k.Prefix)
	}
	if len(k.Scopes) != 1 {
		t.Errorf("scopes %v, want the repeated scope once", k.Scopes)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), secret) || !strings.Contains(string(data), hash(secret)) {
		t.Errorf("the key file holds the secret, or not its hash:\n%s", data)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %v, want 0600", fi.Mode().Perm())
	}
	// A new store reads the key back from the file.
	s2, err := Open(path, validName)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s2.Lookup(secret, now)
	if err != nil || got.ID != k.ID || !got.Has(Search) || got.Has(DocumentsRead) || !got.Covers("news") || got.Covers("books") {
		t.Errorf("Lookup = %+v, %v", got, err)
	}
	if _, err := s2.Lookup(secret, later); !errors.Is(err, ErrExpired) {
		t.Errorf("Lookup at expiry: %v, want ErrExpired", err)
	}
	for _, bad := range []string{"", "nope", secret + "x", SecretPrefix, strings.TrimPrefix(secret, SecretPrefix)} {
		if _, err := s2.Lookup(bad, now); !errors.Is(err, ErrUnknown) {
			t.Errorf("Lookup(%q) = %v, want ErrUnknown", bad, err)
		}
	}
	admin, ak, err := s2.Create(Spec{Scopes: []Scope{Admin}}, now)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := s2.Lookup(admin, now.Add(1000*time.Hour)); err != nil || !got.Has(DocumentsWrite) || !got.Covers("books") {
		t.Errorf("admin key: %+v, %v", got, err)
	}
	if err := s2.Delete(k.ID); err != nil {
		t.Fatal(err)
	}
	if err := s2.Delete(k.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("Delete twice: %v", err)
	}
	s3, err := Open(path, validName)
	if err != nil {
		t.Fatal(err)
	}
	if list := s3.List(); len(list) != 1 || list[0].ID != ak.ID {
		t.Errorf("keys after delete: %+v", list)
	}
	if _, err := s3.Lookup(secret, now); !errors.Is(err, ErrUnknown) {
		t.Errorf("deleted key: %v", err)
	}
}

func TestCreateInvalid(t *testing.T) {
	now := time.Now()
	past := now.Add(-time.Minute)
	s, err := Open(filepath.Join(t.TempDir(), "keys.json"), validName)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		spec Spec
		msg  string
	}{
		{"no scope", Spec{}, "give at least one of search, documents:read, documents:write, admin"},
		{"unknown scope", Spec{Scopes: []Scope{"write"}}, `unknown scope "write"`},
		{"bad index", Spec{Scopes: []Scope{Search}, Indexes: []string{"../x"}}, `index name "../x" is not valid`},
		{"expired already", Spec{Scopes: []Scope{Search}, ExpiresAt: &past}, "is not in the future"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := s.Create(tt.spec, now)
			if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("Create = %v, want ErrInvalid containing %q", err, tt.msg)
			}
		})
	}
	if len(s.List()) != 0 {
		t.Errorf("refused keys were stored: %+v", s.List())
	}
}

func TestOpenBadFile(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{
		"not JSON": "{",
		"no hash":  `{"keys": [{"id": "k_1", "scopes": ["admin"]}]}`,
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(name, " ", "_"))
			os.WriteFile(path, []byte(content), 0o600)
			if _, err := Open(path, validName); err == nil || !strings.Contains(err.Error(), path) {
				t.Errorf("Open = %v, want an error naming the file", err)
			}
		})
	}
}
