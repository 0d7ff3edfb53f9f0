package server

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/fahras/fahras/client"
)

// TestE2ESnapshotRestore takes a snapshot over HTTP while a goroutine
// writes documents one by one, restores it as a new index, and checks
// that the restored index holds a prefix of the writes and searches
// Arabic text.
func TestE2ESnapshotRestore(t *testing.T) {
	cat, _ := mustCatalog(t)
	_, c := mustServe(t, cat, Options{APIKey: testKey, SnapshotDir: t.TempDir()})
	ctx := context.Background()
	var written atomic.Int64
	stop, done, started := make(chan struct{}), make(chan error), make(chan struct{})
	go func() {
		for i := 1; ; i++ {
			select {
			case <-stop:
				done <- nil
				return
			default:
			}
			if _, err := c.Put(ctx, testIndex, "w"+strconv.Itoa(i), client.Document{"text": fmt.Sprintf("كتب الطالب الدرس رقم %d", i)}); err != nil {
				done <- err
				return
			}
			written.Store(int64(i))
			if i == 3 {
				close(started) // some writes before the snapshot, more during it
			}
		}
	}()
	select {
	case <-started:
	case err := <-done:
		t.Fatal(err)
	}
	snap, err := c.SnapshotIndex(ctx, testIndex)
	close(stop)
	if werr := <-done; werr != nil {
		t.Fatal(werr)
	}
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(snap.Name, testIndex+"-") || !strings.HasSuffix(snap.Name, ".tar.gz") || snap.SizeBytes == 0 {
		t.Errorf("snapshot = %+v", snap)
	}
	list, err := c.Snapshots(ctx)
	if err != nil || len(list) != 1 || list[0].Name != snap.Name || list[0].SizeBytes != snap.SizeBytes {
		t.Fatalf("snapshots = %+v, %v, want the one written", list, err)
	}
	info, err := c.RestoreSnapshot(ctx, snap.Name, "restored")
	if err != nil {
		t.Fatal(err)
	}
	if info.Name != "restored" || info.Documents != snap.Documents {
		t.Errorf("restored %+v, want the %d documents of the snapshot", info, snap.Documents)
	}
	fixture := snap.Documents - uint64(countPrefix(t, c, "restored", int(written.Load())))
	res, err := c.Search(ctx, "restored", client.Request{Query: "الرحمن"})
	if err != nil || res.Total == 0 || fixture == 0 {
		t.Errorf("search الرحمن in the restored index: %v, %v (fixture documents %d)", res, err, fixture)
	}
}

// countPrefix returns n such that the index holds w1..wn and not wn+1.
func countPrefix(t *testing.T, c *client.Client, name string, written int) int {
	t.Helper()
	ctx := context.Background()
	n := 0
	for i := 1; i <= written+1; i++ {
		_, err := c.Get(ctx, name, "w"+strconv.Itoa(i))
		if client.IsNotFound(err) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		n = i
	}
	for i := n + 2; i <= written; i++ {
		if _, err := c.Get(ctx, name, "w"+strconv.Itoa(i)); err == nil {
			t.Fatalf("restored: w%d is missing but w%d is there: not a prefix", n+1, i)
		}
	}
	if n >= 1 {
		res, err := c.Search(ctx, name, client.Request{Query: "الدرس رقم", All: true})
		if err != nil || res.Total != uint64(n) {
			t.Errorf("search of the written documents in the restored index: %v, %v, want %d hits", res, err, n)
		}
	}
	return n
}

// TestE2ESnapshotErrors: no snapshot folder, a bad file name, a name taken.
func TestE2ESnapshotErrors(t *testing.T) {
	cat, _ := mustCatalog(t)
	_, off := mustServe(t, cat, Options{})
	_, c := mustServe(t, cat, Options{SnapshotDir: t.TempDir()})
	ctx := context.Background()
	snap, err := c.SnapshotIndex(ctx, testIndex)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, code string
		do         func() error
	}{
		{"no snapshot folder", "not_implemented", func() error { _, err := off.SnapshotIndex(ctx, testIndex); return err }},
		{"missing index", "not_found", func() error { _, err := c.SnapshotIndex(ctx, "nope"); return err }},
		{"path in the name", "invalid_request", func() error { _, err := c.RestoreSnapshot(ctx, "../x.tar.gz", "r"); return err }},
		{"missing snapshot", "not_found", func() error { _, err := c.RestoreSnapshot(ctx, "none.tar.gz", "r"); return err }},
		{"name taken", "exists", func() error { _, err := c.RestoreSnapshot(ctx, snap.Name, testIndex); return err }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ce *client.Error
			if err := tt.do(); !errors.As(err, &ce) || ce.Code != tt.code {
				t.Errorf("err = %v, want code %s", err, tt.code)
			}
		})
	}
}
