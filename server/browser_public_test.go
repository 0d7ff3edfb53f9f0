package server

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserPublicSearch opens the search page of a server with an admin
// key and -public-search: the page lists the index, searches and offers
// its facet from the trimmed schema that an anonymous caller gets.
func TestBrowserPublicSearch(t *testing.T) {
	ctx := newBrowser(t)
	cat, _ := mustCatalog(t)
	ts, _ := mustServe(t, cat, Options{APIKey: testKey, PublicSearch: true})
	run(ctx, t, "open the page without a key",
		chromedp.Navigate(ts.URL+"/"),
		waitJS(`document.body.dataset.ready === 'true'`),
	)
	run(ctx, t, "search and see the sura facet",
		typeQuery("الله"),
		waitJS(`document.querySelectorAll('#results li.hit').length === 10 && document.querySelector('#results mark') !== null`),
		waitJS(`document.querySelectorAll('#facets input[data-field="title"]').length > 1`),
	)
	if got := evalString(ctx, t, `document.querySelector('#results .hit .hit-title').textContent`); got == "" {
		t.Errorf("hits have no title: the trimmed schema lost the title field")
	}
}
