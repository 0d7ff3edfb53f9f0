package server

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/fahras/fahras/index"
)

// findChromium returns the browser binary: $FAHRAS_CHROMIUM, or the first
// of the usual names on PATH.
func findChromium() string {
	if p := os.Getenv("FAHRAS_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// screenshotDir is $FAHRAS_SCREENSHOT_DIR, or a temporary folder.
func screenshotDir(t *testing.T) string {
	if d := os.Getenv("FAHRAS_SCREENSHOT_DIR"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	return t.TempDir()
}

// newBrowser starts headless Chromium with a fresh profile.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	bin := findChromium()
	if bin == "" {
		t.Skip("no Chromium found (install Debian's chromium, or set FAHRAS_CHROMIUM); skipping the browser test")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(bin),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("lang", "ar"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	// A cap against a hung browser only; no test depends on speed.
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start %s: %v", bin, err)
	}
	return ctx
}

type step = chromedp.Action[chromedp.Void]

// waitJS polls a JavaScript expression until it is true.
func waitJS(expr string) step {
	poll := chromedp.Poll[bool](expr, chromedp.WithPollingInterval(50*time.Millisecond))
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := poll(ctx, t)
		return chromedp.Void{}, err
	}
}

// js runs a JavaScript statement.
func js(expr string) step { return chromedp.Evaluate[chromedp.Void](expr) }

// evalString evaluates a JavaScript expression returning a string.
func evalString(ctx context.Context, t *testing.T, expr string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return s
}

// typeQuery replaces the text of the search box by typing q, and waits
// until the page shows the answer to q.
func typeQuery(q string) step {
	return chromedp.Steps(
		chromedp.Focus(chromedp.CSS("#q")),
		js(`document.getElementById('q').select()`),
		chromedp.SendKeys(chromedp.CSS("#q"), kb.Backspace),
		chromedp.SendKeys(chromedp.CSS("#q"), q),
		waitJS(fmt.Sprintf(`document.body.dataset.rendered === %s`, strconv.Quote(q))),
	)
}

// TestBrowserSearchPage drives the search page in headless Chromium over a
// real index: type an Arabic query, see highlighted results, filter by a
// facet, go to page 2, switch index, and prove that markup in documents and
// queries never runs. It saves screenshots of the page.
func TestBrowserSearchPage(t *testing.T) {
	ctx := newBrowser(t)
	cat, _ := mustCatalog(t)
	// A second index with a keyword facet and a number facet (which needs
	// ranges, so the page must not ask for its terms).
	news, err := cat.Create("news", index.Schema{Fields: []index.Field{
		{Name: "text", Type: index.Text}, {Name: "section", Type: index.Keyword, Facet: true},
		{Name: "year", Type: index.Number, Facet: true}}})
	if err != nil {
		t.Fatal(err)
	}
	for i, sec := range []string{"ثقافة", "اقتصاد"} {
		doc := index.Document{"id": fmt.Sprint("n", i), "text": "افتتاح معرض الكتاب الدولي", "section": sec, "year": 2020 + i}
		if _, err := news.Put(context.Background(), doc); err != nil {
			t.Fatal(err)
		}
	}
	ts, _ := mustServe(t, cat, Options{})
	shots := screenshotDir(t)

	// The page opens on the first index; the selector offers both.
	run(ctx, t, "open the page",
		chromedp.Navigate(ts.URL+"/"),
		waitJS(`document.body.dataset.ready === 'true'`),
	)
	if got := evalString(ctx, t, `document.documentElement.lang + ' ' + document.documentElement.dir`); got != "ar rtl" {
		t.Errorf("lang and dir = %q, want ar rtl", got)
	}
	if got := evalString(ctx, t, `[...document.querySelectorAll('#index option')].map(o => o.value).join(' ') + (document.getElementById('index-picker').hidden ? ' hidden' : '')`); got != "news quran" {
		t.Errorf("index selector = %q, want news quran, visible", got)
	}
	run(ctx, t, "choose the quran index",
		chromedp.SetValue(chromedp.CSS("#index"), testIndex),
		js(`document.getElementById('index').dispatchEvent(new Event('change'))`),
	)

	// Results as you type, highlighted.
	run(ctx, t, "type an Arabic query",
		typeQuery("الله"),
		waitJS(`document.querySelectorAll('#results li.hit').length === 10 && document.querySelector('#results mark') !== null`),
	)
	status := evalString(ctx, t, `document.getElementById('status').textContent`)
	if !strings.Contains(status, "نتيجة") || !strings.Contains(status, "ملّي ثانية") {
		t.Errorf("status = %q, want a result count and a time", status)
	}
	// Every marked word is a whole written form of الله, diacritics included.
	marks := evalString(ctx, t, `[...document.querySelectorAll('#results mark')].map(m => m.textContent).join(' ')`)
	bare := evalString(ctx, t, `[...new Set([...document.querySelectorAll('#results mark')].map(m =>
		m.textContent.replace(/[\u064B-\u065F\u0670\u06D6-\u06ED]/g, '').replace('ٱ', 'ا')))].join(' ')`)
	for _, w := range strings.Fields(bare) {
		if !strings.HasSuffix(w, "لله") || marks == bare {
			t.Errorf("marked words = %q (bare %q), want whole vocalized forms of الله", marks, bare)
			break
		}
	}
	if got := evalString(ctx, t, `new URL(location.href).searchParams.get('q')`); got != "الله" {
		t.Errorf("URL q = %q, want the query", got)
	}

	// Facet filter: fewer results, all from the chosen sura.
	run(ctx, t, "filter by sura",
		chromedp.Click(chromedp.CSS(`#facets input[data-field="title"][data-term="البقرة"]`)),
		waitJS(`document.getElementById('status').textContent !== `+strconv.Quote(status)),
		waitJS(`(() => { const titles = [...document.querySelectorAll('#results .hit .hit-title')];
			return titles.length === 10 && titles.every(t => t.textContent === 'البقرة'); })()`),
	)
	// The other suras stay offered: terms of one field can be combined.
	if got := evalString(ctx, t, `String(document.querySelectorAll('#facets input[data-field="title"]').length > 1)`); got != "true" {
		t.Errorf("with a sura chosen, the other suras are no longer offered")
	}
	total := evalString(ctx, t, `document.getElementById('page-info').textContent`)
	if !strings.Contains(total, "صفحة 1 من") {
		t.Errorf("page info = %q, want page 1 of several", total)
	}

	// Page 2.
	run(ctx, t, "go to page 2",
		chromedp.Click(chromedp.CSS("#next")),
		waitJS(`document.getElementById('page-info').textContent.startsWith('صفحة 2 ')
			&& document.querySelector('#results .hit .num').textContent === '11.'`),
	)
	if got := evalString(ctx, t, `new URL(location.href).searchParams.get('page') + ' ' + new URL(location.href).searchParams.get('filter')`); got != "2 title:البقرة" {
		t.Errorf("URL page and filter = %q", got)
	}
	save(ctx, t, filepath.Join(shots, "search-page.png"))

	// Keyboard: "/" brings the focus back to the search box.
	run(ctx, t, "slash focuses the search box",
		js(`document.activeElement.blur()`),
		chromedp.KeyEvent("/"),
		waitJS(`document.activeElement && document.activeElement.id === 'q'`),
	)

	// The diacritics toggle goes into the request and the URL.
	idle := `!document.getElementById('results').hasAttribute('aria-busy')`
	run(ctx, t, "diacritics toggle",
		js(`document.getElementById('diacritics').click()`),
		waitJS(`new URL(location.href).searchParams.get('diacritics') === '1' && `+idle),
		js(`document.getElementById('diacritics').click()`),
		waitJS(`new URL(location.href).searchParams.get('diacritics') === null && `+idle),
	)

	checkHostile(ctx, t)

	// Latin words and digits inside Arabic text, and documents with markup.
	run(ctx, t, "mixed scripts", typeQuery("iPhone OR تجربة"))
	save(ctx, t, filepath.Join(shots, "search-page-bidi.png"))

	// Switching index keeps the query and shows that index's facets.
	run(ctx, t, "switch to the news index",
		typeQuery("معرض"),
		chromedp.SetValue(chromedp.CSS("#index"), "news"),
		js(`document.getElementById('index').dispatchEvent(new Event('change'))`),
		waitJS(`document.querySelectorAll('#results li.hit').length === 2`),
	)
	if got := evalString(ctx, t, `[...document.querySelectorAll('#facets input')].map(i => i.dataset.field).join(' ') + ' | ' + document.getElementById('status').className`); got != "section section | status" {
		t.Errorf("facets of news = %q, want the two section terms and no error", got)
	}
	// معرض is not a word of the verses: what they show now is the
	// verses' own (their sura facet), not the news articles'.
	run(ctx, t, "back to the quran index",
		chromedp.SetValue(chromedp.CSS("#index"), testIndex),
		js(`document.getElementById('index').dispatchEvent(new Event('change'))`),
		waitJS(`document.querySelector('#facets input[data-field="section"]') === null
			&& [...document.querySelectorAll('#results .hit .id')].every(e => !/^n\d$/.test(e.textContent))
			&& `+idle),
	)

	// A query with few matches: the page goes on with related verses,
	// under a heading, after the matches.
	run(ctx, t, "related hits",
		typeQuery("البرق"),
		waitJS(`document.querySelector('#results .related-head') !== null`),
	)
	order := evalString(ctx, t, `[...document.querySelectorAll('#results > li')].map(li =>
		li.classList.contains('related-head') ? 'H' : li.classList.contains('related') ? 'r' : 'm').join('')`)
	if !regexp.MustCompile(`^m+Hr+$`).MatchString(order) {
		t.Errorf("results = %q, want matches (m), the heading (H), then related hits (r)", order)
	}
	if got := evalString(ctx, t, `document.getElementById('status').textContent`); !strings.Contains(got, "ذات صلة") {
		t.Errorf("status = %q, want it to say related results follow", got)
	}
	if got := evalString(ctx, t, `String(document.querySelectorAll('#results .hit.related mark').length)`); got != "0" {
		t.Errorf("%s marks in related hits, want none", got)
	}
	save(ctx, t, filepath.Join(shots, "search-page-related.png"))

	// Search as you type: an unfinished last word finds the words that
	// begin with it (يكا → يكاد).
	run(ctx, t, "unfinished word",
		typeQuery("يكا"),
		waitJS(`(() => { const id = document.querySelector('#results .hit .id'); return id !== null && id.textContent === '2:20'; })()`),
	)

	// A run-on word: the status says what was searched.
	run(ctx, t, "run-on word",
		typeQuery("يكادالبرق"),
		waitJS(`document.getElementById('status').textContent.includes('«يكاد البرق»')`),
	)
	if got := evalString(ctx, t, `document.querySelector('#results .hit .id').textContent`); got != "2:20" {
		t.Errorf("first hit %q, want 2:20", got)
	}

	// Mobile width.
	run(ctx, t, "narrow screen",
		chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile),
		typeQuery("الرحمن"),
		waitJS(`document.querySelector('#results mark') !== null && document.documentElement.scrollWidth <= 390`),
	)
	save(ctx, t, filepath.Join(shots, "search-page-mobile.png"))
}

// checkHostile searches the document holding <script> and <img onerror>
// markup, and types markup as the query: nothing may run or become an
// element.
func checkHostile(ctx context.Context, t *testing.T) {
	t.Helper()
	run(ctx, t, "clear the facet filter",
		chromedp.Click(chromedp.CSS(`#facets input[data-field="title"]:checked`)),
		waitJS(`document.querySelectorAll('#facets input:checked').length === 0`),
	)
	run(ctx, t, "search the hostile document",
		typeQuery("تجربة الأمان"),
		waitJS(`[...document.querySelectorAll('#results .hit')].some(h => h.textContent.includes('window.__pwned = 1'))`),
	)
	text := evalString(ctx, t, `document.getElementById('results').textContent`)
	for _, want := range []string{"<script>window.__pwned = 1</script>", `<img src=x onerror="window.__pwned = 2">`, "<b>عنوان</b>"} {
		if !strings.Contains(text, want) {
			t.Errorf("results text lacks %q as literal text:\n%s", want, text)
		}
	}
	run(ctx, t, "type markup as the query",
		typeQuery(`<img src=x onerror="window.__pwned=3">`),
		waitJS(`document.getElementById('status').textContent !== ''`),
	)
	got := evalString(ctx, t, `String(window.__pwned) + ' ' + document.querySelectorAll('#results img, #results script, #results b, #status img').length`)
	if got != "undefined 0" {
		t.Errorf("window.__pwned and injected elements = %q, want undefined 0", got)
	}
}

func run(ctx context.Context, t *testing.T, name string, steps ...step) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		status, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById('status').textContent`))
		t.Fatalf("%s: %v (status line: %q)", name, err, status)
	}
}

func save(ctx context.Context, t *testing.T, path string) {
	t.Helper()
	// The viewport only: Chromium's capture beyond the viewport shifts
	// right-to-left pages sideways.
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Log(fmt.Sprintf("screenshot: %s", path))
}
