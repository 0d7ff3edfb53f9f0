package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// newsDates are news-like records whose dates come in the forms a
// collection holds: the news corpus's own (2015-07-21 02:51:32), RFC 3339
// with a zone, Unix seconds, and a declared format (02/01/2006).
const newsDates = `{"id": "n1", "title": "وزير الخارجية يزور الرياض", "text": "وصل وزير الخارجية إلى الرياض اليوم", "source": "aawsat", "date_extracted": "2015-07-21 02:51:32", "issued": "21/07/2015"}
{"id": "n2", "title": "وزير المالية يعلن الميزانية", "text": "أعلن وزير المالية ميزانية العام الجديد", "source": "okaz", "date_extracted": "2015-07-22 10:00:00", "issued": "22/07/2015"}
{"id": "n3", "title": "وزير التعليم يفتتح مدرسة", "text": "افتتح وزير التعليم مدرسة جديدة في جدة", "source": "aawsat", "date_extracted": "2015-07-20T08:00:00+03:00", "issued": "20/07/2015"}
{"id": "n4", "title": "وزير الصحة يتفقد المستشفى", "text": "تفقد وزير الصحة المستشفى الجامعي", "source": "sabq", "date_extracted": 1437550000, "issued": "22/07/2015"}
{"id": "bad", "title": "وزير بلا تاريخ صحيح", "text": "خبر تاريخه بصيغة أخرى", "source": "sabq", "date_extracted": "2015-07-21 03:00:00", "issued": "2015-07-21"}
`

const newsDatesSchema = `{"fields": [
  {"name": "title", "type": "text", "boost": 2},
  {"name": "text", "type": "text"},
  {"name": "source", "type": "keyword", "facet": true},
  {"name": "date_extracted", "type": "date", "filter": true, "sort": true},
  {"name": "issued", "type": "date", "format": "02/01/2006", "filter": true, "sort": true}]}`

// TestNewsDates indexes news-like records through "fahras index" and
// sorts and filters them by date over HTTP from "fahras serve".
func TestNewsDates(t *testing.T) {
	tmp := t.TempDir()
	data, schema := filepath.Join(tmp, "news.jsonl"), filepath.Join(tmp, "schema.json")
	os.WriteFile(data, []byte(newsDates), 0o644)
	os.WriteFile(schema, []byte(newsDatesSchema), 0o644)
	dir := filepath.Join(tmp, "news")
	code, _, stderr := indexRun(t, "", "-index", dir, "-schema", schema, data)
	want := data + `:5: invalid input: field "issued": "2015-07-21" does not match the field's format "02/01/2006"`
	if code != 1 || !strings.Contains(stderr, want) || !strings.Contains(stderr, "4 documents indexed, 1 rejected") {
		t.Fatalf("fahras index: exit %d, want 1 with %q and 4 documents indexed:\n%s", code, want, stderr)
	}
	s := startServe(t, "-index", dir)
	tests := []struct {
		name string
		get  url.Values // a GET search, or
		post string     // a POST search body
		want string     // the ids in order
	}{
		{"sort by the news date", url.Values{"q": {"وزير"}, "sort": {"-date_extracted"}}, "", "n2 n4 n1 n3"},
		{"sort by the formatted date, then the news date", url.Values{"q": {"وزير"}, "sort": {"issued,date_extracted"}}, "", "n3 n1 n4 n2"},
		{"a whole day in the query", url.Values{"q": {"وزير date_extracted:2015-07-21"}}, "", "n1"},
		{"a day in the field's format", url.Values{"q": {"وزير issued:22/07/2015"}, "sort": {"date_extracted"}}, "", "n4 n2"},
		{"an open range from a time", url.Values{"q": {"وزير date_extracted:>=2015-07-22T00:00:00"}, "sort": {"date_extracted"}}, "", "n4 n2"},
		{"a filter in the news form", nil, `{"query": "وزير", "sort": ["date_extracted"], "filters": [{"field": "date_extracted", "min": "2015-07-21 00:00:00", "max": "2015-07-22 08:00:00"}]}`, "n1 n4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var resp *http.Response
			var err error
			if tt.get != nil {
				resp, err = http.Get(s.url + "/v1/indexes/news/search?" + tt.get.Encode())
			} else {
				resp, err = http.Post(s.url+"/v1/indexes/news/search", "application/json", strings.NewReader(tt.post))
			}
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var body bytes.Buffer
			body.ReadFrom(resp.Body)
			var res struct {
				Hits []struct {
					ID     string
					Fields map[string]any
				}
			}
			if err := json.Unmarshal(body.Bytes(), &res); err != nil || resp.StatusCode != 200 {
				t.Fatalf("status %d: %s", resp.StatusCode, &body)
			}
			var ids []string
			for _, h := range res.Hits {
				ids = append(ids, h.ID)
				if h.ID == "n1" && h.Fields["date_extracted"] != "2015-07-21T02:51:32Z" {
					t.Errorf("n1's date_extracted = %v, want 2015-07-21T02:51:32Z", h.Fields["date_extracted"])
				}
			}
			if got := strings.Join(ids, " "); got != tt.want {
				t.Errorf("hits %q, want %q", got, tt.want)
			}
		})
	}
}

// TestNewsCorpusDates loads the first 300 articles of SaudiNewsNet
// (../shared, skipped when absent) with date_extracted declared a date in
// its own form (2015-07-21 02:51:32): every article is accepted.
func TestNewsCorpusDates(t *testing.T) {
	f, err := os.Open("../../../shared/corpora/saudinewsnet/docs.jsonl.gz")
	if err != nil {
		t.Skipf("news corpus absent: %v", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var head bytes.Buffer
	sc := bufio.NewScanner(zr)
	sc.Buffer(nil, 4<<20)
	for n := 0; n < 300 && sc.Scan(); n++ {
		head.Write(sc.Bytes())
		head.WriteByte('\n')
	}
	tmp := t.TempDir()
	schema := filepath.Join(tmp, "schema.json")
	os.WriteFile(schema, []byte(`{"fields": [{"name": "title", "type": "text", "boost": 2}, {"name": "text", "type": "text"},
		{"name": "source", "type": "keyword", "facet": true}, {"name": "date_extracted", "type": "date", "sort": true, "filter": true}]}`), 0o644)
	dir := filepath.Join(tmp, "news")
	code, _, stderr := indexRun(t, head.String(), "-index", dir, "-schema", schema, "-compact=false", "-")
	if code != 0 || !strings.Contains(stderr, "300 documents indexed, 0 rejected") {
		t.Fatalf("fahras index of 300 articles: exit %d:\n%s", code, lastLines(stderr, 3))
	}
}
