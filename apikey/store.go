package apikey

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

// SecretPrefix starts every secret, so that a leaked key is recognizable
// (by secret scanners too).
const SecretPrefix = "fhr_"

// stored is a key as its file holds it.
type stored struct {
	Key
	Hash string `json:"hash"` // hex SHA-256 of the secret
}

type file struct {
	Keys []stored `json:"keys"`
}

// Store holds the keys of one file.
type Store struct {
	path       string
	validIndex func(string) error

	mu   sync.RWMutex
	keys []stored
}

// Open reads the key file path (a missing file is an empty store).
// validIndex checks the index names of new keys.
func Open(path string, validIndex func(string) error) (*Store, error) {
	s := &Store{path: path, validIndex: validIndex}
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return nil, fmt.Errorf("open key file: %w", err)
	}
	var f file
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("key file %s: %w", path, err)
	}
	for i, k := range f.Keys {
		if len(k.Hash) != 2*sha256.Size || k.ID == "" {
			return nil, fmt.Errorf("key file %s: key %d: missing id or hash", path, i+1)
		}
	}
	s.keys = f.Keys
	return s, nil
}

// Path returns the file of the store.
func (s *Store) Path() string { return s.path }

// Create makes a key of spec, saves it and returns its secret, which is
// never shown again.
func (s *Store) Create(spec Spec, now time.Time) (secret string, k Key, err error) {
	if err := spec.check(now, s.validIndex); err != nil {
		return "", Key{}, err
	}
	raw := make([]byte, 24)
	rand.Read(raw) // never fails (crypto/rand)
	secret = SecretPrefix + base64.RawURLEncoding.EncodeToString(raw)
	id := make([]byte, 6)
	rand.Read(id)
	k = Key{
		ID: "k_" + hex.EncodeToString(id), Name: spec.Name, Prefix: secret[:len(SecretPrefix)+6],
		Scopes: slices.Compact(slices.Sorted(slices.Values(spec.Scopes))), Indexes: slices.Compact(slices.Sorted(slices.Values(spec.Indexes))),
		ExpiresAt: spec.ExpiresAt, CreatedAt: now.UTC().Truncate(time.Second),
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	keys := append(slices.Clone(s.keys), stored{Key: k, Hash: hash(secret)})
	if err := s.save(keys); err != nil {
		return "", Key{}, err
	}
	s.keys = keys
	return secret, k, nil
}

// List returns the keys, oldest first.
func (s *Store) List() []Key {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]Key, len(s.keys))
	for i, k := range s.keys {
		out[i] = k.Key
	}
	return out
}

// Delete removes the key id (ErrNotFound if absent).
func (s *Store) Delete(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	i := slices.IndexFunc(s.keys, func(k stored) bool { return k.ID == id })
	if i < 0 {
		return fmt.Errorf("key %q: %w", id, ErrNotFound)
	}
	keys := slices.Delete(slices.Clone(s.keys), i, i+1)
	if err := s.save(keys); err != nil {
		return err
	}
	s.keys = keys
	return nil
}

// Lookup returns the key whose secret is secret: ErrUnknown when there is
// none, ErrExpired (with the key) when it expired at now.
func (s *Store) Lookup(secret string, now time.Time) (Key, error) {
	if !strings.HasPrefix(secret, SecretPrefix) {
		return Key{}, ErrUnknown
	}
	h := hash(secret)
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, k := range s.keys {
		if k.Hash == h {
			if k.Expired(now) {
				return k.Key, fmt.Errorf("%w at %s", ErrExpired, k.ExpiresAt.UTC().Format(time.RFC3339))
			}
			return k.Key, nil
		}
	}
	return Key{}, ErrUnknown
}

func hash(secret string) string {
	h := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(h[:])
}

// save writes keys to the file: a temporary file in the same folder,
// fsynced, renamed over the file, and the folder fsynced.
func (s *Store) save(keys []stored) error {
	data, err := json.MarshalIndent(file{Keys: keys}, "", "  ")
	if err != nil {
		return fmt.Errorf("save keys: %w", err)
	}
	dir := filepath.Dir(s.path)
	tmp, err := os.CreateTemp(dir, ".keys-*.tmp")
	if err != nil {
		return fmt.Errorf("save keys: %w", err)
	}
	defer os.Remove(tmp.Name()) // after the rename, a no-op
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return fmt.Errorf("save keys: %w", err)
	}
	if _, err := tmp.Write(append(data, '\n')); err != nil {
		tmp.Close()
		return fmt.Errorf("save keys: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("save keys: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("save keys: %w", err)
	}
	if err := os.Rename(tmp.Name(), s.path); err != nil {
		return fmt.Errorf("save keys: %w", err)
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}
