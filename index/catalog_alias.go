package index

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
)

// An alias is a second name of an index of the catalog: searches, gets and
// writes through it reach the index it points at, and pointing it at
// another index (SetAlias) is one atomic step, so that a client of the
// alias never sees the index missing. Aliases live in the data directory's
// aliases.json, written atomically, and are read again by OpenCatalog. An
// alias and an index never share a name, and an alias never points at an
// alias.

// aliasFile holds the aliases of a data directory.
const aliasFile = "aliases.json"

// Alias is one alias and its index.
type Alias struct {
	Name  string `json:"name"`
	Index string `json:"index"`
}

// loadAliases reads the aliases of the data directory, dropping (and
// reporting through skipped) those whose index is gone.
func (c *Catalog) loadAliases() error {
	c.aliases = map[string]string{}
	data, err := os.ReadFile(filepath.Join(c.dir, aliasFile))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read aliases: %w", err)
	}
	var list []Alias
	if err := json.Unmarshal(data, &list); err != nil {
		return fmt.Errorf("read aliases %s: %w", filepath.Join(c.dir, aliasFile), err)
	}
	for _, a := range list {
		if _, ok := c.ixs[a.Index]; !ok || ValidateName(a.Name) != nil {
			c.skipped = append(c.skipped, aliasFile+": "+a.Name)
			continue
		}
		c.aliases[a.Name] = a.Index
	}
	return nil
}

// saveAliasesLocked writes the aliases; callers hold mu.
func (c *Catalog) saveAliasesLocked(aliases map[string]string) error {
	data, err := json.MarshalIndent(aliasList(aliases), "", "  ")
	if err != nil {
		return fmt.Errorf("save aliases: %w", err)
	}
	if err := writeFileAtomic(c.dir, aliasFile, append(data, '\n')); err != nil {
		return fmt.Errorf("save aliases: %w", err)
	}
	return nil
}

func aliasList(m map[string]string) []Alias {
	out := make([]Alias, 0, len(m))
	for _, name := range slices.Sorted(maps.Keys(m)) {
		out = append(out, Alias{Name: name, Index: m[name]})
	}
	return out
}

// Aliases returns every alias, sorted by name.
func (c *Catalog) Aliases() []Alias {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return aliasList(c.aliases)
}

// Resolve returns the index name that name stands for: the index of an
// alias, or name itself.
func (c *Catalog) Resolve(name string) string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if target, ok := c.aliases[name]; ok {
		return target
	}
	return name
}

// SetAlias points the alias name at the index target, creating the alias
// or moving it in one step. The target must be an index, not an alias;
// the name must not be an index's.
func (c *Catalog) SetAlias(name, target string) error {
	if c.dir == "" {
		return fmt.Errorf("set alias %q: %w", name, ErrReadOnly)
	}
	if err := ValidateName(name); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.ixs[name]; ok || c.pending[name] {
		return fmt.Errorf("%w: alias %q: an index has that name", ErrExists, name)
	}
	if _, ok := c.ixs[target]; !ok {
		if _, isAlias := c.aliases[target]; isAlias {
			return fmt.Errorf("%w: alias %q: %q is an alias; point it at an index", ErrInvalid, name, target)
		}
		return fmt.Errorf("%w: alias %q: index %q", ErrNotFound, name, target)
	}
	next := maps.Clone(c.aliases)
	next[name] = target
	if err := c.saveAliasesLocked(next); err != nil {
		return err
	}
	c.aliases = next
	return nil
}

// DeleteAlias removes the alias name; its index stays.
func (c *Catalog) DeleteAlias(name string) error {
	if c.dir == "" {
		return fmt.Errorf("delete alias %q: %w", name, ErrReadOnly)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.aliases[name]; !ok {
		return fmt.Errorf("%w: alias %q", ErrNotFound, name)
	}
	next := maps.Clone(c.aliases)
	delete(next, name)
	if err := c.saveAliasesLocked(next); err != nil {
		return err
	}
	c.aliases = next
	return nil
}

// aliasesOfLocked returns the aliases pointing at index name, sorted.
func (c *Catalog) aliasesOfLocked(name string) []string {
	var out []string
	for a, target := range c.aliases {
		if target == name {
			out = append(out, a)
		}
	}
	slices.Sort(out)
	return out
}
