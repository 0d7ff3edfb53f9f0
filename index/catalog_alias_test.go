package index

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestAliasesPersist: aliases survive a reopening; one whose index is gone
// is left out and reported by Skipped.
func TestAliasesPersist(t *testing.T) {
	dir := t.TempDir()
	c, err := OpenCatalog(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"a", "b"} {
		if _, err := c.Create(n, Schema{}); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.SetAlias("live", "a"); err != nil {
		t.Fatal(err)
	}
	if err := c.SetAlias("old", "b"); err != nil {
		t.Fatal(err)
	}
	if err := c.SetAlias("live", "b"); err != nil { // moved
		t.Fatal(err)
	}
	if ix, err := c.Get("live"); err != nil || ix.Name() != "b" {
		t.Fatalf("Get(live) = %v, %v; want b", ix, err)
	}
	if err := c.Drop("b"); !errors.Is(err, ErrConflict) {
		t.Errorf("Drop(b) with aliases: %v, want ErrConflict", err)
	}
	if err := c.Drop("live"); !errors.Is(err, ErrConflict) {
		t.Errorf("Drop(live), an alias: %v, want ErrConflict", err)
	}
	c.Close()
	os.RemoveAll(filepath.Join(dir, "b")) // the index of both aliases, gone behind the catalog's back
	c2, err := OpenCatalog(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	if got := c2.Aliases(); len(got) != 0 {
		t.Errorf("aliases of a missing index kept: %v", got)
	}
	if got := c2.Skipped(); len(got) != 2 || got[0] != "aliases.json: live" {
		t.Errorf("Skipped = %q, want the two aliases", got)
	}
}
