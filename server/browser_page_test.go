package server

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/fahras/fahras/index"
)

// verseCatalog holds "verses", the first three verses of the first twelve
// suras with the demo's schema (sura_name a keyword facet, sura and aya
// numbers), and "spare", an index the test drops while the page is open.
func verseCatalog(t *testing.T) (*index.Catalog, map[string]string) {
	t.Helper()
	cat, err := index.OpenCatalog(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cat.Close() })
	ix, err := cat.Create("verses", index.DemoSchema())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cat.Create("spare", index.Schema{}); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open("../testdata/quran/verses.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	texts := map[string]string{}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var d index.Document
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			t.Fatal(err)
		}
		s, a, _ := strings.Cut(d["id"].(string), ":")
		sura, _ := strconv.Atoi(s)
		aya, _ := strconv.Atoi(a)
		if sura > 12 {
			break
		}
		if aya > 3 {
			continue
		}
		d["sura_name"], d["sura"], d["aya"] = d["title"], sura, aya
		if _, err := ix.Put(context.Background(), d); err != nil {
			t.Fatal(err)
		}
		texts[d["id"].(string)] = d["text"].(string)
	}
	return cat, texts
}

// status returns the status line's text and class.
func status(ctx context.Context, t *testing.T) string {
	return evalString(ctx, t, `document.getElementById('status').className + ' | ' + document.getElementById('status').textContent`)
}

// TestBrowserPageMessages drives the page through what issue 16 item 10
// asks of it: Arabic messages with numbers isolated, a no-result hint
// that fits the switches, facets with "more", filters kept on a new query
// with a visible clear control, a hit's text never replaced by a keyword
// field, errors in Arabic, and the document link opening a readable view.
func TestBrowserPageMessages(t *testing.T) {
	ctx := newBrowser(t)
	cat, texts := verseCatalog(t)
	ts, _ := mustServe(t, cat, Options{})
	shots := screenshotDir(t)
	run(ctx, t, "open the page on the verses",
		chromedp.Navigate(ts.URL+"/?index=verses"),
		waitJS(`document.body.dataset.ready === 'true'`),
		typeQuery("الله"),
		waitJS(`document.querySelectorAll('#results li.hit').length > 0`),
	)
	st := evalString(ctx, t, `document.getElementById('status').textContent`)
	if strings.ContainsAny(st, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") || !strings.Contains(st, "نتيجة") {
		t.Errorf("status %q: want an Arabic count, no Latin", st)
	}
	if got := evalString(ctx, t, `[...document.querySelectorAll('#status bdi')].map(b => b.textContent).join(' ')`); got == "" {
		t.Errorf("the numbers of the status line are not isolated in <bdi>: %q", st)
	}

	// Facets: eight suras, then "more" asks for the others.
	suras := `document.querySelectorAll('#facets input[data-field="sura_name"]').length`
	if got := evalString(ctx, t, `String(`+suras+`)`); got != "8" {
		t.Errorf("%s sura terms offered, want 8 before more", got)
	}
	run(ctx, t, "more suras",
		chromedp.Click(chromedp.CSS(`#facets button[data-more="sura_name"]`)),
		waitJS(suras+` > 8`),
	)

	// A filter is kept when the query changes, shown above the results
	// with a control that clears it.
	run(ctx, t, "filter on two suras, then search a sura's name",
		chromedp.Click(chromedp.CSS(`#facets input[data-field="sura_name"][data-term="آل عمران"]`)),
		waitJS(`document.querySelectorAll('#active-filters .chip').length === 1`),
		chromedp.Click(chromedp.CSS(`#facets input[data-field="sura_name"][data-term="الفاتحة"]`)),
		waitJS(`document.querySelectorAll('#active-filters .chip').length === 2`),
		typeQuery("title:عمران"),
		waitJS(`document.querySelectorAll('#results li.hit').length === 3`),
	)
	if got := evalString(ctx, t, `new URL(location.href).searchParams.getAll('filter').join(' ') + ' | ' + document.getElementById('active-filters').textContent`); !strings.Contains(got, "sura_name:آل عمران sura_name:الفاتحة |") || !strings.Contains(got, "إلغاء التصفية") {
		t.Errorf("after a new query: filters and their bar %q, want both suras kept and a clear control", got)
	}
	// عمران is only in the verses' title: each hit shows its verse, not
	// the sura's name from the keyword field.
	for i, id := range []string{"3:1", "3:2", "3:3"} {
		frag := evalString(ctx, t, `(() => { const h = [...document.querySelectorAll('#results li.hit')].find(h => h.querySelector('.id').textContent === `+strconv.Quote(id)+`); return h ? h.querySelector('.frag').textContent : 'missing'; })()`)
		want := texts[id]
		if len([]rune(want)) > 220 {
			want = string([]rune(want)[:220]) + "…"
		}
		if frag != want {
			t.Errorf("hit %d (%s) shows %q, want its verse %q", i, id, frag, want)
		}
	}
	save(ctx, t, filepath.Join(shots, "search-page-filters.png"))
	run(ctx, t, "clear the filters",
		chromedp.Click(chromedp.CSS(`#clear-filters`)),
		waitJS(`document.getElementById('active-filters').hidden && new URL(location.href).searchParams.get('filter') === null
			&& !document.getElementById('results').hasAttribute('aria-busy')`),
	)

	// No results: the hint names what is switched on, and only that.
	run(ctx, t, "no results, nothing switched on", typeQuery("ززززززز"))
	if st := status(ctx, t); !strings.Contains(st, "لا نتائج") || strings.Contains(st, "التشكيل") || strings.Contains(st, "التصفية") {
		t.Errorf("no-result status %q: want a hint without the switches that are off", st)
	}
	run(ctx, t, "no results with the diacritics match",
		js(`document.getElementById('diacritics').click()`),
		waitJS(`document.getElementById('status').textContent.includes('«مطابقة التشكيل»')`),
		js(`document.getElementById('diacritics').click()`),
		waitJS(`!document.getElementById('status').textContent.includes('«مطابقة التشكيل»')`),
	)

	// An unfinished quote while typing is not shown as an error.
	run(ctx, t, "an open quote", typeQuery(`"الرحمن`))
	class := evalString(ctx, t, `document.getElementById('status').className`)
	text := evalString(ctx, t, `document.getElementById('status').textContent`)
	if strings.Contains(class, "error") || strings.ContainsAny(text, "abcdefghijklmnopqrstuvwxyz") {
		t.Errorf("status with an open quote: %q (class %q), want no error and no English", text, class)
	}

	// A server error is shown in Arabic, the server's words as a tooltip.
	if err := cat.Drop("spare"); err != nil {
		t.Fatal(err)
	}
	run(ctx, t, "search an index dropped meanwhile",
		chromedp.SetValue(chromedp.CSS("#index"), "spare"),
		js(`document.getElementById('index').dispatchEvent(new Event('change'))`),
		waitJS(`document.getElementById('status').classList.contains('error')`),
	)
	if got := evalString(ctx, t, `document.getElementById('status').textContent + ' | ' + document.getElementById('status').title`); !strings.Contains(got, "هذا الفهرس غير موجود") || !strings.Contains(got, `index "spare"`) {
		t.Errorf("error status %q, want the Arabic message and the server's detail as its title", got)
	}

	// The document link opens a readable page, not JSON.
	run(ctx, t, "open a document",
		chromedp.SetValue(chromedp.CSS("#index"), "verses"),
		js(`document.getElementById('index').dispatchEvent(new Event('change'))`),
		typeQuery("الحمد"),
		waitJS(`document.querySelector('#results .doc-link') !== null`),
	)
	href := evalString(ctx, t, `document.querySelector('#results .doc-link').href`)
	if want := ts.URL + "/doc/verses/1%3A2"; href != want {
		t.Fatalf("document link %q, want %q", href, want)
	}
	run(ctx, t, "open the document link",
		chromedp.Navigate(href),
		waitJS(`document.body.dataset.ready === 'true'`),
	)
	checkDocPage(ctx, t, "1:2", texts["1:2"])
	save(ctx, t, filepath.Join(shots, "doc-page.png"))
}

// checkDocPage checks the readable view of document id: right to left,
// its title, its verse as text.
func checkDocPage(ctx context.Context, t *testing.T, id, text string) {
	t.Helper()
	got := evalString(ctx, t, `[document.documentElement.dir, document.getElementById('doc-id').textContent,
		document.getElementById('doc-title').textContent,
		(document.querySelector('#fields dd[data-field="text"]') || {}).textContent, document.getElementById('status').textContent].join(' | ')`)
	if want := "rtl | " + id + " | الفاتحة | " + text + " | "; got != want {
		t.Errorf("document page = %q, want %q", got, want)
	}
}

// TestBrowserDocPagePublic opens the readable view of a document on a
// server with a key and -public-search: the page has no key, so it reads
// the document as a search for its id.
func TestBrowserDocPagePublic(t *testing.T) {
	ctx := newBrowser(t)
	cat, texts := verseCatalog(t)
	ts, _ := mustServe(t, cat, Options{APIKey: testKey, PublicSearch: true})
	run(ctx, t, "open a document without a key",
		chromedp.Navigate(ts.URL+"/doc/verses/1%3A2"),
		waitJS(`document.body.dataset.ready === 'true'`),
	)
	checkDocPage(ctx, t, "1:2", texts["1:2"])
	run(ctx, t, "an absent document",
		chromedp.Navigate(ts.URL+"/doc/verses/99%3A1"),
		waitJS(`document.body.dataset.ready === 'true'`),
	)
	if got := status(ctx, t); !strings.Contains(got, "error") || !strings.Contains(got, "لا يوجد مستند") {
		t.Errorf("absent document: status %q, want an Arabic error", got)
	}
}
