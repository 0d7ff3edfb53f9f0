package index

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func TestValidateName(t *testing.T) {
	tests := []struct {
		name string
		ok   bool
	}{
		{"quran", true},
		{"a", true},
		{"news_2024-ar", true},
		{"0day", true},
		{strings.Repeat("a", 64), true},
		{"", false},
		{strings.Repeat("a", 65), false},
		{"Quran", false},
		{"..", false},
		{"../etc", false},
		{"a/b", false},
		{`a\b`, false},
		{".hidden", false},
		{"-a", false},
		{"_a", false},
		{"a.b", false},
		{"a b", false},
		{"فهرس", false},
		{"a\x00", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := ValidateName(tc.name)
			if (err == nil) != tc.ok {
				t.Fatalf("ValidateName(%q) = %v, want ok=%v", tc.name, err, tc.ok)
			}
			if err != nil && !errors.Is(err, ErrInvalid) {
				t.Errorf("error %v does not wrap ErrInvalid", err)
			}
		})
	}
}

func mustOpenCatalog(t *testing.T, dir string) *Catalog {
	t.Helper()
	c, err := OpenCatalog(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func catalogNames(c *Catalog) string {
	var out []string
	for _, ix := range c.List() {
		out = append(out, ix.Name())
	}
	return strings.Join(out, " ")
}

func TestCatalogLifecycle(t *testing.T) {
	dir := t.TempDir()
	c := mustOpenCatalog(t, dir)
	if got := catalogNames(c); got != "" {
		t.Fatalf("new catalog lists %q", got)
	}
	for _, name := range []string{"news", "books"} {
		if _, err := c.Create(name, Schema{}); err != nil {
			t.Fatalf("Create(%s): %v", name, err)
		}
	}
	if got, want := catalogNames(c), "books news"; got != want {
		t.Errorf("List = %q, want %q", got, want)
	}
	if _, err := c.Create("news", Schema{}); !errors.Is(err, ErrExists) {
		t.Errorf("Create twice: %v, want ErrExists", err)
	}
	if _, err := c.Create("../escape", Schema{}); !errors.Is(err, ErrInvalid) {
		t.Errorf("Create(../escape): %v, want ErrInvalid", err)
	}
	if _, err := c.Create("bad", Schema{Fields: []Field{{Name: "x", Type: "blob"}}}); !errors.Is(err, ErrInvalid) {
		t.Errorf("Create with a bad schema: %v, want ErrInvalid", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "bad")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a failed Create left its folder: %v", err)
	}
	ix, err := c.Get("news")
	if err != nil || ix.Name() != "news" {
		t.Fatalf("Get(news) = %v, %v", ix, err)
	}
	if _, err := c.Get("nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get(nope): %v, want ErrNotFound", err)
	}
	if err := c.Drop("books"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "books")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Drop left the folder: %v", err)
	}
	if err := c.Drop("books"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Drop twice: %v, want ErrNotFound", err)
	}
	if err := c.Drop("../" + filepath.Base(dir)); !errors.Is(err, ErrInvalid) {
		t.Errorf("Drop(traversal): %v, want ErrInvalid", err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Get("news"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get after Close: %v, want ErrNotFound", err)
	}
	reopened := mustOpenCatalog(t, dir)
	if got, want := catalogNames(reopened), "news"; got != want {
		t.Errorf("reopened catalog lists %q, want %q", got, want)
	}
}

func TestOpenCatalogSkips(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"good", "Bad.Name"} {
		ix, err := Create(filepath.Join(dir, name), Schema{})
		if err != nil {
			t.Fatal(err)
		}
		ix.Close()
	}
	if err := os.Mkdir(filepath.Join(dir, "not-an-index"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "file.txt"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	c := mustOpenCatalog(t, dir)
	if got, want := catalogNames(c), "good"; got != want {
		t.Errorf("List = %q, want %q", got, want)
	}
	if got := c.Skipped(); len(got) != 1 || got[0] != "Bad.Name" {
		t.Errorf("Skipped = %q, want [Bad.Name]", got)
	}
	if _, err := c.Create("not-an-index", Schema{}); !errors.Is(err, ErrExists) {
		t.Errorf("Create over an existing folder: %v, want ErrExists", err)
	}
}

func TestOpenCatalogLocked(t *testing.T) {
	dir := t.TempDir()
	c := mustOpenCatalog(t, dir)
	if _, err := c.Create("news", Schema{}); err != nil {
		t.Fatal(err)
	}
	if c2, err := OpenCatalog(dir); !errors.Is(err, ErrLocked) {
		if c2 != nil {
			c2.Close()
		}
		t.Fatalf("second OpenCatalog: %v, want ErrLocked", err)
	}
}

func TestFixedCatalog(t *testing.T) {
	ix, err := Create(filepath.Join(t.TempDir(), "demo"), Schema{})
	if err != nil {
		t.Fatal(err)
	}
	c, err := FixedCatalog("quran", ix)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if got, err := c.Get("quran"); err != nil || got != ix {
		t.Errorf("Get(quran) = %v, %v", got, err)
	}
	if got := strings.Join(c.Names(), " "); got != "quran" {
		t.Errorf("Names = %q, want quran", got)
	}
	if _, err := c.Create("other", Schema{}); !errors.Is(err, ErrReadOnly) {
		t.Errorf("Create on a fixed catalog: %v, want ErrReadOnly", err)
	}
	if err := c.Drop("quran"); !errors.Is(err, ErrReadOnly) {
		t.Errorf("Drop on a fixed catalog: %v, want ErrReadOnly", err)
	}
	if _, err := FixedCatalog("../x", ix); !errors.Is(err, ErrInvalid) {
		t.Errorf("FixedCatalog with a bad name: %v, want ErrInvalid", err)
	}
}

// TestCatalogConcurrentCreate races creations of one name with readers:
// exactly one creation wins.
func TestCatalogConcurrentCreate(t *testing.T) {
	c := mustOpenCatalog(t, t.TempDir())
	const n = 4
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() { _, errs[i] = c.Create("same", Schema{}) })
		wg.Go(func() { c.List(); c.Get("same") })
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		switch {
		case err == nil:
			won++
		case !errors.Is(err, ErrExists):
			t.Errorf("Create: %v, want nil or ErrExists", err)
		}
	}
	if won != 1 {
		t.Errorf("%d creations succeeded, want 1", won)
	}
}
