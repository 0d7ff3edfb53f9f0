package index

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestBulkBatchBytes checks that batches are cut by their record bytes
// before their document count: the memory of a load is bounded by
// BatchBytes, whatever the size of the documents.
func TestBulkBatchBytes(t *testing.T) {
	tests := []struct {
		name        string
		batchBytes  int
		wantBatches int
	}{
		{"one batch by count", 1 << 20, 2},       // 20 documents, 10 a batch
		{"about two documents a batch", 500, 10}, // each record is 220-240 bytes
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix := mustCreate(t, Schema{})
			var in strings.Builder
			for i := range 20 {
				fmt.Fprintf(&in, "{\"id\": \"n%02d\", \"text\": \"%s\"}\n", i, strings.Repeat("خبر عن الاقتصاد ", 12))
			}
			batches := 0
			opts := BulkOptions{BatchSize: 10, BatchBytes: tt.batchBytes, Workers: 1, OnProgress: func(BulkStats) { batches++ }}
			st, err := ix.Bulk(context.Background(), []Source{ReaderSource("-", strings.NewReader(in.String()))}, opts)
			if err != nil {
				t.Fatal(err)
			}
			if st.Documents != 20 || batches != tt.wantBatches {
				t.Errorf("BatchBytes %d: %d documents in %d batches, want 20 in %d", tt.batchBytes, st.Documents, batches, tt.wantBatches)
			}
		})
	}
}

// TestBulkRejectRawIsCopied checks that a rejected record keeps the bytes
// it was read as, although good records borrow the reader's line buffer:
// the lines read after a reject must not overwrite it.
func TestBulkRejectRawIsCopied(t *testing.T) {
	ix := mustCreate(t, Schema{Fields: []Field{{Name: "year", Type: Number}}})
	bad := []string{
		`{"id": "b1", "year": "ألفان"}`,
		`{oops: "نص"}`,
		`{"index": {"_id": "b3"}}` + "\n" + `{"year": "سنة"}`,
	}
	lines := []string{bad[0], `{"id": "g1", "text": "افتتاح معرض الكتاب في الرياض"}`, bad[1], bad[2]}
	for i := range 30 {
		lines = append(lines, fmt.Sprintf(`{"id": "g%d", "text": "%s"}`, i+2, strings.Repeat("المكتبة العامة ", 5)))
	}
	var got []string
	opts := BulkOptions{BatchSize: 4, Workers: 1, OnReject: func(r *Reject) { got = append(got, string(r.Raw)) }}
	st, err := ix.Bulk(context.Background(), []Source{ReaderSource("-", strings.NewReader(strings.Join(lines, "\n")))}, opts)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(bad, got); diff != "" {
		t.Errorf("raw bytes of the rejected records (-want +got):\n%s", diff)
	}
	if st.Documents != 31 {
		t.Errorf("%d documents indexed, want 31", st.Documents)
	}
}
