package server

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/fahras/fahras/client"
)

// TestE2ERelated: through the API, a page that the matches of a query do
// not fill goes on with related verses, marked and counted; related=false
// (URL parameter or JSON field) gives the matches alone, identical.
func TestE2ERelated(t *testing.T) {
	cat, _ := mustCatalog(t)
	ts, c := mustServe(t, cat, Options{})
	ctx := context.Background()
	on, err := c.Search(ctx, testIndex, client.Request{Query: "البرق"})
	if err != nil {
		t.Fatal(err)
	}
	n := int(on.Total)
	if n == 0 || len(on.Hits) <= n || on.Related == 0 {
		t.Fatalf("total %d, %d hits, related %d: want matches, then related hits", on.Total, len(on.Hits), on.Related)
	}
	for i, h := range on.Hits {
		if h.Related != (i >= n) {
			t.Errorf("hit %d (%s): related %v, want %v", i, h.ID, h.Related, i >= n)
		}
		if h.Related && (h.Highlights != nil || h.Score >= on.Hits[n-1].Score) {
			t.Errorf("related hit %s: highlights %v, score %g (last match %g)", h.ID, h.Highlights, h.Score, on.Hits[n-1].Score)
		}
	}
	off, err := c.Search(ctx, testIndex, client.Request{Query: "البرق", Related: new(false)})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(on.Hits[:n], off.Hits); diff != "" || off.Related != 0 {
		t.Errorf("related false: related %d, hits (-matches with related on +off):\n%s", off.Related, diff)
	}
	for _, tc := range []struct {
		param string
		want  int
	}{{"", len(on.Hits)}, {"&related=true", len(on.Hits)}, {"&related=false", n}, {"&related=0", n}} {
		t.Run("GET"+tc.param, func(t *testing.T) {
			resp, err := http.Get(ts.URL + "/v1/indexes/" + testIndex + "/search?q=" + url.QueryEscape("البرق") + tc.param)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var res client.Result
			if err := json.NewDecoder(resp.Body).Decode(&res); err != nil || resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d, %v", resp.StatusCode, err)
			}
			if len(res.Hits) != tc.want {
				t.Errorf("%d hits, want %d", len(res.Hits), tc.want)
			}
		})
	}
	resp, err := http.Get(ts.URL + "/v1/indexes/" + testIndex + "/search?q=x&related=maybe")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("related=maybe: status %d, want 400", resp.StatusCode)
	}
}

// TestE2ERewrites: through the API, a run-on word is searched as its two
// words and a mistyped word through its neighbours, and the result says
// so.
func TestE2ERewrites(t *testing.T) {
	cat, _ := mustCatalog(t)
	_, c := mustServe(t, cat, Options{})
	res, err := c.Search(context.Background(), testIndex, client.Request{Query: "يكادالبرق", Related: new(false)})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]client.Rewrite{{Word: "يكادالبرق", Split: []string{"يكاد", "البرق"}}}, res.Rewrites); diff != "" {
		t.Errorf("rewrites (-want +got):\n%s", diff)
	}
	if len(res.Hits) == 0 || res.Hits[0].ID != "2:20" {
		t.Errorf("hits %+v, want 2:20 (يكاد البرق) first", res.Hits)
	}
	res, err = c.Search(context.Background(), testIndex, client.Request{Query: "المستقيمم", Related: new(false)})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]client.Rewrite{{Word: "المستقيمم", Typo: true}}, res.Rewrites); diff != "" || res.Total == 0 {
		t.Errorf("%d hits, rewrites (-want +got):\n%s", res.Total, diff)
	}
}
