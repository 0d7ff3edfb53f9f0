package server

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/fahras/fahras/client"
	"github.com/fahras/fahras/index"
)

// TestE2EAliases searches, gets and writes through an alias, swaps it to
// another index in one step, and finds it again after the catalog is
// reopened (a restart).
func TestE2EAliases(t *testing.T) {
	cat, _ := mustCatalog(t)
	_, c := mustServe(t, cat, Options{APIKey: testKey})
	ctx := context.Background()
	if err := c.SetAlias(ctx, "live", testIndex); err != nil {
		t.Fatal(err)
	}
	res, err := c.Search(ctx, "live", client.Request{Query: "الرحمن"})
	if err != nil || res.Total == 0 {
		t.Fatalf("search through the alias: %v, %v", res, err)
	}
	if _, err := c.Get(ctx, "live", "1:1"); err != nil {
		t.Fatalf("get through the alias: %v", err)
	}
	if _, err := c.Put(ctx, "live", "w1", client.Document{"text": "كتب الطالب الدرس"}); err != nil {
		t.Fatalf("write through the alias: %v", err)
	}
	if _, err := c.Get(ctx, testIndex, "w1"); err != nil {
		t.Errorf("the write through the alias is not in %s: %v", testIndex, err)
	}
	sum, err := c.Bulk(ctx, "live", strings.NewReader(`{"id": "w2", "text": "قرأ الطالب الكتاب"}`), nil)
	if err != nil || sum.Totals == nil || sum.Totals.Indexed != 1 {
		t.Fatalf("bulk through the alias: %+v, %v", sum, err)
	}
	answers, err := c.MultiSearch(ctx, []client.MultiSearchQuery{{Index: "live", Request: client.Request{Query: "الطالب"}}})
	if err != nil || len(answers) != 1 || answers[0].Status != 200 || answers[0].Result.Total != 2 {
		t.Fatalf("multi-search through the alias: %+v, %v", answers, err)
	}

	if _, err := c.BulkWith(ctx, "news", strings.NewReader(`{"id": "n1", "text": "وزير الخارجية في القاهرة"}`), client.BulkOptions{Create: true}, nil); err != nil {
		t.Fatal(err)
	}
	if err := c.SetAlias(ctx, "live", "news"); err != nil {
		t.Fatal(err)
	}
	res, err = c.Search(ctx, "live", client.Request{Query: "الخارجية"})
	if err != nil || res.Total != 1 {
		t.Fatalf("search after the swap: %v, %v", res, err)
	}
	got, err := c.Aliases(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]client.Alias{{Name: "live", Index: "news"}}, got); diff != "" {
		t.Errorf("aliases (-want +got):\n%s", diff)
	}

	dir := cat.Dir()
	cat.Close()
	cat2, err := index.OpenCatalog(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cat2.Close() })
	_, c2 := mustServe(t, cat2, Options{})
	if res, err := c2.Search(ctx, "live", client.Request{Query: "الخارجية"}); err != nil || res.Total != 1 {
		t.Fatalf("search through the alias after a restart: %v, %v", res, err)
	}
	if err := c2.DeleteAlias(ctx, "live"); err != nil {
		t.Fatal(err)
	}
	if _, err := c2.Search(ctx, "live", client.Request{Query: "الخارجية"}); !client.IsNotFound(err) {
		t.Errorf("search through a deleted alias: %v, want 404", err)
	}
}

// TestE2EAliasErrors: each refusal names what is wrong.
func TestE2EAliasErrors(t *testing.T) {
	cat, _ := mustCatalog(t)
	_, c := mustServe(t, cat, Options{})
	ctx := context.Background()
	if err := c.SetAlias(ctx, "live", testIndex); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		do   func() error
		code string
		msg  string
	}{
		{"alias of a missing index", func() error { return c.SetAlias(ctx, "x", "nope") }, "not_found", `index "nope"`},
		{"alias of an alias", func() error { return c.SetAlias(ctx, "x", "live") }, "invalid", "is an alias"},
		{"alias named like an index", func() error { return c.SetAlias(ctx, testIndex, testIndex) }, "exists", "an index has that name"},
		{"bad alias name", func() error { return c.SetAlias(ctx, "Bad.Name", testIndex) }, "invalid", "index name"},
		{"index named like an alias", func() error { _, err := c.CreateIndex(ctx, "live", nil); return err }, "exists", "is an alias"},
		{"drop an aliased index", func() error { return c.DropIndex(ctx, testIndex) }, "conflict", `alias "live"`},
		{"delete a missing alias", func() error { return c.DeleteAlias(ctx, "nope") }, "not_found", "nope"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.do()
			var ce *client.Error
			if !errors.As(err, &ce) || ce.Code != tt.code || !strings.Contains(ce.Message, tt.msg) {
				t.Errorf("err = %v, want %s naming %q", err, tt.code, tt.msg)
			}
		})
	}
}
