package index

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestBulkActionLines(t *testing.T) {
	ix, err := Create(filepath.Join(t.TempDir(), "books"), Schema{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	input := strings.Join([]string{
		`{"id": "a", "text": "كتاب الأدب"}`,        // 1 a plain document
		`{"index": {"_id": "b"}}`,                  // 2
		`{"text": "مكتبة المدينة"}`,                // 3 indexed as b
		`{"index": {"_id": 7, "_index": "books"}}`, // 4 an integer _id
		`{"id": "7", "text": "رواية"}`,             // 5
		`{"index": {}}`,                            // 6 no _id: the document's
		`{"id": "c", "text": "ديوان شعر"}`,         // 7
		`{"delete": {"_id": "a"}}`,                 // 8
		`{"delete": {"_id": "absent"}}`,            // 9 not an error
		`{"index": {"_id": "d"}}`,                  // 10 an action without its document
		`{"delete": {"_id": "c"}}`,                 // 11
		`{"index": {"_id": "e"}}`,                  // 12
		`{"id": "f", "text": "x"}`,                 // 13 ids differ
		`{"create": {"_id": "g"}}`,                 // 14
		`{"index": {"_id": "h", "routing": 1}}`,    // 15
		`{"index": {"_id": "i"}}`,                  // 16
		`{"text": "نص بلا قوس"`,                    // 17 invalid JSON
		`{"delete": {}}`,                           // 18
		`{"index": {"_index": "other"}}`,           // 19
		`{"index": {"_id": "j"}}`,                  // 20 the last line: no document
	}, "\n")
	var got []string
	st, err := ix.BulkNDJSON(context.Background(), strings.NewReader(input), "in", BulkOptions{}, func(line int, id string, err error) {
		msg := "ok"
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("line %d: %v does not wrap ErrInvalid", line, err)
			}
			msg = err.Error()
		}
		got = append(got, fmt.Sprintf("%d %s: %s", line, id, msg))
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"1 a: ok",
		"3 b: ok",
		"5 7: ok",
		"7 c: ok",
		"8 a: ok",
		"9 absent: ok",
		"10 d: in:10: invalid input: index action without a document on the next line",
		"11 c: ok",
		`13 f: in:13: invalid input: field "id" is f, the index action of line 12 says _id "e"`,
		`14 : in:14: invalid input: action "create" is not supported: use index (which creates or replaces) or delete`,
		`15 : in:15: invalid input: action index: unknown key "routing" (want _id, _index)`,
		"17 : in:17: invalid input: invalid JSON: unexpected end of line",
		"18 : in:18: invalid input: action delete: missing _id",
		`19 : in:19: invalid input: action index: _index other: this load goes to index "books"`,
		"20 j: in:20: invalid input: index action without a document on the next line",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("results (-want +got):\n%s", diff)
	}
	if st.Documents != 4 || st.Deleted != 3 || st.Rejected != 8 {
		t.Errorf("stats %+v, want 4 documents, 3 deletes, 8 rejected", st)
	}
	ctx := context.Background()
	for id, want := range map[string]bool{"a": false, "b": true, "7": true, "c": false, "d": false, "e": false, "f": false} {
		_, err := ix.Get(ctx, id)
		if found := err == nil; found != want {
			t.Errorf("document %q stored %v, want %v (%v)", id, found, want, err)
		}
	}
	if d, _ := ix.Get(ctx, "b"); d["text"] != "مكتبة المدينة" {
		t.Errorf("b = %v", d)
	}
	res, err := ix.Search(ctx, Request{Query: "مكتبة"})
	if err != nil || res.Total != 1 || res.Hits[0].ID != "b" {
		t.Errorf("search مكتبة: %+v, %v; want b", res, err)
	}
}
