package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/fahras/fahras/client"
	"github.com/fahras/fahras/index"
)

const (
	testKey   = "e2e-key"
	testIndex = "quran"
	docsFile  = "testdata/docs.ndjson"
)

// mustCatalog opens a catalog in a temporary folder holding the index
// "quran" loaded from testdata.
func mustCatalog(t testing.TB) (*index.Catalog, *index.Index) {
	t.Helper()
	cat, err := index.OpenCatalog(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cat.Close() })
	raw, err := os.ReadFile("testdata/schema.json")
	if err != nil {
		t.Fatal(err)
	}
	schema, err := index.ParseSchema(raw)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := cat.Create(testIndex, schema)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(docsFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, err := ix.BulkNDJSON(context.Background(), f, docsFile, index.BulkOptions{}, func(line int, id string, err error) {
		if err != nil {
			t.Errorf("%s:%d: %v", docsFile, line, err)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if st.Documents < 60 {
		t.Fatalf("loaded %d documents, want the whole fixture", st.Documents)
	}
	return cat, ix
}

// mustServe serves cat on a loopback port and returns a client with the key.
func mustServe(t testing.TB, cat *index.Catalog, opts Options) (*httptest.Server, *client.Client) {
	t.Helper()
	if opts.Analyze == nil {
		opts.Analyze = splitAnalyze
	}
	s, err := New(FromCatalog(cat), opts)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	c := client.New(ts.URL)
	c.APIKey = opts.APIKey
	return ts, c
}

// fixtureWords returns the space-separated words of the "text" of document
// id in the fixture, so that tests use the exact code points of the data.
func fixtureWords(t testing.TB, id string) []string {
	t.Helper()
	raw, err := os.ReadFile(docsFile)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(raw), "\n") {
		var d struct{ ID, Text string }
		if json.Unmarshal([]byte(line), &d) == nil && d.ID == id {
			return strings.Fields(d.Text)
		}
	}
	t.Fatalf("no document %s in %s", id, docsFile)
	return nil
}

func mark(w string) string { return "<mark>" + w + "</mark>" }

func TestE2ESearchHighlights(t *testing.T) {
	cat, _ := mustCatalog(t)
	_, c := mustServe(t, cat, Options{APIKey: testKey})
	ctx := context.Background()
	fatiha2, fatiha3 := fixtureWords(t, "1:2"), fixtureWords(t, "1:3")
	tests := []struct {
		name    string
		req     client.Request
		wantID  string   // must be among the hits
		needles []string // in the highlights of wantID
		absent  []string // nowhere in any highlight
	}{
		{"vocalized word, bare query", client.Request{Query: "الرحمن"}, "1:3",
			[]string{mark(fatiha3[0])}, nil},
		{"whole word marked with its article", client.Request{Query: "الحمد"}, "1:2",
			[]string{mark(fatiha2[0])}, nil},
		{"vocalized query, diacritics on", client.Request{Query: fatiha3[1], Diacritics: true}, "1:3",
			[]string{mark(fatiha3[1])}, nil},
		{"bare query, diacritics on: matches the vocalized text through f.exact", client.Request{Query: "الرحمن", Diacritics: true}, "1:3",
			[]string{mark(fatiha3[0])}, nil},
		{"latin and digits", client.Request{Query: "iPhone"}, "mixed-1",
			[]string{mark("iPhone")}, nil},
		{"markup in a document is escaped", client.Request{Query: "تجربة الأمان"}, "hostile-1",
			[]string{"&lt;script&gt;", "&lt;img src=x onerror="}, []string{"<script", "<img"}},
		{"facet filter", client.Request{Query: "الله", Filters: []client.Filter{{Field: "title", Terms: []string{"الفاتحة"}}}}, "1:1",
			[]string{"<mark>"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := c.Search(ctx, testIndex, tc.req)
			if err != nil {
				t.Fatal(err)
			}
			var hit *client.Hit
			for i := range res.Hits {
				if res.Hits[i].ID == tc.wantID {
					hit = &res.Hits[i]
				}
				for _, frags := range res.Hits[i].Highlights {
					for _, bad := range tc.absent {
						if strings.Contains(strings.Join(frags, " "), bad) {
							t.Errorf("hit %s: highlight %q contains %q", res.Hits[i].ID, frags, bad)
						}
					}
				}
			}
			if hit == nil {
				t.Fatalf("%q: %s not among %d hits", tc.req.Query, tc.wantID, len(res.Hits))
			}
			all := strings.Join(hit.Highlights["text"], " … ")
			for _, n := range tc.needles {
				if !strings.Contains(all, n) {
					t.Errorf("highlights of %s = %q, want %q", tc.wantID, all, n)
				}
			}
		})
	}
}

// TestE2ESameAsIndex checks that a request gives the same answer through
// the API as through the index directly (what the CLI calls).
func TestE2ESameAsIndex(t *testing.T) {
	cat, ix := mustCatalog(t)
	_, c := mustServe(t, cat, Options{})
	ctx := context.Background()
	reqs := []client.Request{
		{Query: "الله", Size: 5},
		{Query: "الله", From: 5, Size: 5, Facets: map[string]client.FacetRequest{"title": {Field: "title"}}},
		{Query: "رب الحمد", All: true},
		{Query: fixtureWords(t, "1:3")[1], Diacritics: true},
		{Query: `"الحمد لله"`, Highlight: &client.HighlightOptions{Fragments: 1, FragmentSize: 40}},
	}
	for i, req := range reqs {
		t.Run(fmt.Sprint(i, " ", req.Query), func(t *testing.T) {
			var ireq index.Request
			convert(t, req, &ireq)
			direct, err := ix.Search(ctx, ireq)
			if err != nil {
				t.Fatal(err)
			}
			viaAPI, err := c.Search(ctx, testIndex, req)
			if err != nil {
				t.Fatal(err)
			}
			var want client.Result
			convert(t, direct, &want)
			want.TookMS, viaAPI.TookMS = 0, 0
			if len(want.Hits) == 0 {
				t.Fatalf("%q: no hits; the comparison would prove nothing", req.Query)
			}
			if diff := cmp.Diff(want, *viaAPI); diff != "" {
				t.Errorf("API answer differs from ix.Search (-index +api):\n%s", diff)
			}
		})
	}
}

// convert copies in to out through JSON.
func convert(t *testing.T, in, out any) {
	t.Helper()
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, out); err != nil {
		t.Fatal(err)
	}
}

func TestE2EIndexesAndDocuments(t *testing.T) {
	cat, _ := mustCatalog(t)
	_, c := mustServe(t, cat, Options{APIKey: testKey})
	ctx := context.Background()

	if _, err := c.CreateIndex(ctx, "news", &client.Schema{Fields: []client.Field{
		{Name: "headline", Type: "text"}, {Name: "section", Type: "keyword", Facet: true}}}); err != nil {
		t.Fatal(err)
	}
	list, err := c.ListIndexes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := names(list); got != "news quran" {
		t.Errorf("indexes = %q, want news quran", got)
	}
	doc := client.Document{"headline": "افتتاح المكتبة الوطنية الجديدة", "section": "ثقافة"}
	if id, err := c.Put(ctx, "news", "n/1", doc); err != nil || id != "n/1" {
		t.Fatalf("Put = %q, %v", id, err)
	}
	got, err := c.Get(ctx, "news", "n/1")
	if err != nil {
		t.Fatal(err)
	}
	if got["headline"] != doc["headline"] {
		t.Errorf("Get = %v, want headline %v", got, doc["headline"])
	}
	res, err := c.Search(ctx, "news", client.Request{Query: "مكتبة"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 1 || !strings.Contains(res.Hits[0].Highlights["headline"][0], "<mark>المكتبة</mark>") {
		t.Errorf("search after Put = %+v", res)
	}
	arabicID := "مقال/١ ؟#%"
	if _, err := c.Put(ctx, "news", arabicID, client.Document{"headline": "عنوان"}); err != nil {
		t.Fatal(err)
	}
	if got, err := c.Get(ctx, "news", arabicID); err != nil || got["id"] != arabicID {
		t.Errorf("Get(%q) = %v, %v", arabicID, got, err)
	}
	if err := c.Delete(ctx, "news", "n/1"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Get(ctx, "news", "n/1"); !client.IsNotFound(err) {
		t.Errorf("Get after Delete: %v, want not found", err)
	}
	if _, err := c.CreateIndex(ctx, "news", nil); errorCodeOf(err) != "exists" {
		t.Errorf("CreateIndex twice: %v, want exists", err)
	}
	if err := c.DropIndex(ctx, "news"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetIndex(ctx, "news"); !client.IsNotFound(err) {
		t.Errorf("GetIndex after drop: %v, want not found", err)
	}
	if _, err := os.Stat(cat.Dir() + "/news"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("folder of the dropped index: %v, want it gone", err)
	}
}

func names(list []client.IndexInfo) string {
	var out []string
	for _, ix := range list {
		out = append(out, ix.Name)
	}
	return strings.Join(out, " ")
}

func errorCodeOf(err error) string {
	var e *client.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

func TestE2EErrors(t *testing.T) {
	cat, _ := mustCatalog(t)
	ts, c := mustServe(t, cat, Options{APIKey: testKey, PublicSearch: true})
	ctx := context.Background()
	anon := client.New(ts.URL)
	tests := []struct {
		name string
		run  func() error
		code string
	}{
		{"query syntax", func() error {
			_, err := c.Search(ctx, testIndex, client.Request{Query: `"unclosed`})
			return err
		}, "invalid_query"},
		{"unknown facet field", func() error {
			_, err := c.Search(ctx, testIndex, client.Request{Query: "الله", Facets: map[string]client.FacetRequest{"x": {Field: "nope"}}})
			return err
		}, "invalid"},
		{"missing index", func() error {
			_, err := c.Search(ctx, "nope", client.Request{Query: "a"})
			return err
		}, "not_found"},
		{"write without key", func() error {
			_, err := anon.Put(ctx, testIndex, "x", client.Document{"text": "نص"})
			return err
		}, "unauthorized"},
		{"public search without key", func() error {
			_, err := anon.Search(ctx, testIndex, client.Request{Query: "الله"})
			return err
		}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := errorCodeOf(tc.run()); got != tc.code {
				t.Errorf("error code = %q, want %q", got, tc.code)
			}
		})
	}
}

func TestE2EBulk(t *testing.T) {
	cat, _ := mustCatalog(t)
	_, c := mustServe(t, cat, Options{APIKey: testKey})
	ctx := context.Background()
	body := strings.Join([]string{
		`{"id": "n1", "title": "أخبار", "text": "وصل الوفد إلى القاهرة صباح اليوم"}`,
		``,
		`{"id": "n2", "title": "أخبار", "text": "نص ناقص`,
		`{"id": "n3", "title": {"nested": true}, "text": "كائن متداخل"}`,
		`{"id": "n4", "title": "أخبار", "text": "عاد الوفد من القاهرة مساءً"}`,
	}, "\n")
	var got []string
	sum, err := c.Bulk(ctx, testIndex, strings.NewReader(body), func(r client.BulkResult) error {
		code := ""
		if r.Error != nil {
			code = r.Error.Code
		}
		got = append(got, fmt.Sprintf("%d %s %d %s", r.Line, r.ID, r.Status, code))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"1 n1 200 ", "3  400 invalid", "4 n3 400 invalid", "5 n4 200 "}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("bulk results (-want +got):\n%s", diff)
	}
	if sum.Indexed != 2 || sum.Failed != 2 {
		t.Errorf("summary = %+v, want 2 indexed, 2 failed", sum)
	}
	res, err := c.Search(ctx, testIndex, client.Request{Query: "الوفد القاهرة", All: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 2 {
		t.Errorf("search after bulk: %d hits, want 2", res.Total)
	}
}

// TestE2EBulkStreams checks that results come back while the body is still
// being sent: the writer sends 100 documents and then waits for a result
// before it sends the rest. A server that read the whole body before
// answering would never answer.
func TestE2EBulkStreams(t *testing.T) {
	cat, _ := mustCatalog(t)
	_, c := mustServe(t, cat, Options{APIKey: testKey, BulkBatchSize: 10})
	pr, pw := io.Pipe()
	firstResult := make(chan struct{})
	line := func(i int) { fmt.Fprintf(pw, `{"id": "s%d", "text": "سطر رقم %d"}`+"\n", i, i) }
	go func() {
		for i := 1; i <= 100; i++ {
			line(i)
		}
		select {
		case <-firstResult:
		case <-time.After(time.Minute): // a guard against a hang, not a speed check
			t.Error("no result arrived while the body was still open")
		}
		for i := 101; i <= 110; i++ {
			line(i)
		}
		pw.Close()
	}()
	n := 0
	sum, err := c.Bulk(context.Background(), testIndex, pr, func(r client.BulkResult) error {
		if n++; n == 1 {
			close(firstResult)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Indexed != 110 || sum.Failed != 0 {
		t.Errorf("summary = %+v, want 110 indexed", sum)
	}
}

func TestE2EBodyLimit(t *testing.T) {
	cat, _ := mustCatalog(t)
	ts, _ := mustServe(t, cat, Options{MaxBulkBytes: 1 << 10})
	var body bytes.Buffer
	for i := 0; body.Len() < 4<<10; i++ {
		fmt.Fprintf(&body, `{"id": "big%d", "text": "نص طويل"}`+"\n", i)
	}
	resp, err := http.Post(ts.URL+"/v1/indexes/quran/documents", "application/x-ndjson", &body)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if !strings.Contains(string(b), `"status":413`) {
		t.Errorf("bulk over the limit answered %d %s, want a 413 result", resp.StatusCode, b)
	}
}

func TestE2EMetrics(t *testing.T) {
	cat, _ := mustCatalog(t)
	ts, c := mustServe(t, cat, Options{})
	ctx := context.Background()
	if _, err := c.Search(ctx, testIndex, client.Request{Query: "الله"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Put(ctx, testIndex, "m1", client.Document{"text": "نص"}); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"البرق", "المستقيمم", "يكادالبرق", "xyzzy"} { // related hits, a typo, a run-on word, nothing
		if _, err := c.Search(ctx, testIndex, client.Request{Query: q}); err != nil {
			t.Fatal(err)
		}
	}
	resp, err := http.Get(ts.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	for _, needle := range []string{
		`fahras_http_requests_total{code="200",method="POST",route="search"} 5`,
		`fahras_http_request_duration_seconds_bucket{route="search",le="+Inf"} 5`,
		`fahras_searches_total{index="quran",outcome="hits"} 4`,
		`fahras_searches_total{index="quran",outcome="no_hits"} 1`,
		`fahras_searches_total{index="quran",outcome="related"} 3`,
		`fahras_searches_total{index="quran",outcome="typo"} 1`,
		`fahras_searches_total{index="quran",outcome="split"} 1`,
		`fahras_index_documents{index="quran"} 66`,
		`fahras_documents_indexed_total{index="quran"} 1`,
		`fahras_index_size_bytes{index="quran"}`,
	} {
		if !strings.Contains(string(b), needle) {
			t.Errorf("metrics lack %s", needle)
		}
	}
}
