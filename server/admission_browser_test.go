package server

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserRetryAfter drives the search page while the server's only
// search slot is taken and no search may wait: the page's search is
// refused with 503 and Retry-After, and the page asks again after it and
// shows the hits once the slot is free.
func TestBrowserRetryAfter(t *testing.T) {
	ctx := newBrowser(t)
	cat, _ := mustCatalog(t)
	s, err := New(FromCatalog(cat), Options{MaxSearches: 1, SearchQueue: -1, Analyze: splitAnalyze})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	release, err := s.admission.admit(context.Background()) // the test holds the slot
	if err != nil {
		t.Fatal(err)
	}
	run(ctx, t, "open the page and type while the server is busy",
		chromedp.Navigate(ts.URL+"/"),
		waitJS(`document.body.dataset.ready === 'true'`),
		chromedp.Focus(chromedp.CSS("#q")),
		chromedp.SendKeys(chromedp.CSS("#q"), "الله"),
		waitJS(`Number(document.body.dataset.retries || 0) >= 1`),
	)
	if got := evalString(ctx, t, `document.body.dataset.rendered || ''`); got != "" {
		t.Errorf("page rendered %q while every search was refused", got)
	}
	release()
	run(ctx, t, "the retried search shows the hits",
		waitJS(`document.body.dataset.rendered === 'الله' && document.querySelectorAll('#results li.hit').length === 10`),
	)
	if got := evalString(ctx, t, `document.getElementById('status').classList.contains('error') ? 'error' : 'ok'`); got != "ok" {
		t.Errorf("status shows an error after the retry: %s", evalString(ctx, t, `document.getElementById('status').textContent`))
	}
}
