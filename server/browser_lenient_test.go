package server

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserUnfinishedQuery: the page searches while the query is being
// typed and sends lenient, so an opening quote not yet closed, a trailing
// - or a lone * show results (or none), never an error.
func TestBrowserUnfinishedQuery(t *testing.T) {
	ctx := newBrowser(t)
	cat, _ := mustCatalog(t)
	ts, _ := mustServe(t, cat, Options{})
	run(ctx, t, "open the page", chromedp.Navigate(ts.URL+"/"), waitJS(`document.body.dataset.ready === 'true'`))
	for _, tc := range []struct {
		q    string
		hits bool
	}{
		{`"الصلاة`, true},
		{`"يقيمون الصلاة`, true},
		{`الصلاة -`, true},
		{`الصلاة *`, true},
		{`*`, false},
	} {
		run(ctx, t, "type "+tc.q, typeQuery(tc.q))
		status := evalString(ctx, t, `document.getElementById('status').className + ' | ' + document.getElementById('status').textContent`)
		hits := evalString(ctx, t, `String(document.querySelectorAll('#results li.hit').length)`)
		if evalString(ctx, t, `String(document.getElementById('status').classList.contains('error'))`) == "true" {
			t.Errorf("typed %q: the page shows an error: %s", tc.q, status)
		}
		if (hits != "0") != tc.hits {
			t.Errorf("typed %q: %s hits, want hits: %v (status %s)", tc.q, hits, tc.hits, status)
		}
		if tc.hits && evalString(ctx, t, `String(document.querySelector('#results li.hit mark') !== null)`) != "true" {
			t.Errorf("typed %q: no marked word in the hits", tc.q)
		}
	}
}
