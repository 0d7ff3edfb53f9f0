package server

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"testing"

	"github.com/fahras/fahras/client"
)

// TestE2ESynonyms: synonym sets set over the API change the next search,
// without reindexing; a bad set is a 400 that changes nothing; writes need
// the key.
func TestE2ESynonyms(t *testing.T) {
	cat, _ := mustCatalog(t)
	_, c := mustServe(t, cat, Options{APIKey: testKey})
	ctx := context.Background()
	if _, err := c.CreateIndex(ctx, "cars", &client.Schema{Fields: []client.Field{{Name: "text", Type: "text"}}}); err != nil {
		t.Fatal(err)
	}
	for id, text := range map[string]string{"c1": "اشتريت سيارة جديدة", "c2": "الموتر واقف عند الباب", "c3": "ركبنا القطار"} {
		if _, err := c.Put(ctx, "cars", id, client.Document{"text": text}); err != nil {
			t.Fatal(err)
		}
	}
	search := func() *client.Result {
		t.Helper()
		res, err := c.Search(ctx, "cars", client.Request{Query: "سيارة", Related: new(bool)})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	if res := search(); res.Total != 1 {
		t.Fatalf("before synonyms: %d hits", res.Total)
	}
	if err := c.SetSynonyms(ctx, "cars", [][]string{{"سيارة", "موتر"}}); err != nil {
		t.Fatal(err)
	}
	res := search()
	if got := hitIDs(res); !slices.Equal(got, []string{"c1", "c2"}) {
		t.Errorf("with synonyms: %v, want c1 then c2", got)
	}
	if len(res.Rewrites) != 1 || !slices.Equal(res.Rewrites[0].Synonyms, []string{"موتر"}) {
		t.Errorf("rewrites %+v", res.Rewrites)
	}
	if len(res.Hits) == 2 && len(res.Hits[1].Highlights["text"]) == 0 {
		t.Errorf("the synonym is not marked: %+v", res.Hits[1])
	}
	var apiErr *client.Error
	if err := c.SetSynonyms(ctx, "cars", [][]string{{"سيارة"}}); !errors.As(err, &apiErr) || apiErr.Status != http.StatusBadRequest {
		t.Errorf("a one-word set: %v, want 400", err)
	}
	if got, err := c.Synonyms(ctx, "cars"); err != nil || len(got) != 1 {
		t.Errorf("after a refused set: %v, %v", got, err)
	}
	anon := client.New(c.BaseURL)
	if err := anon.SetSynonyms(ctx, "cars", nil); !errors.As(err, &apiErr) || apiErr.Status != http.StatusUnauthorized {
		t.Errorf("without the key: %v, want 401", err)
	}
	if err := c.SetSynonyms(ctx, "cars", nil); err != nil {
		t.Fatal(err)
	}
	if res := search(); res.Total != 1 {
		t.Errorf("after removing the synonyms: %d hits", res.Total)
	}
}

func hitIDs(res *client.Result) []string {
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.ID)
	}
	return out
}
