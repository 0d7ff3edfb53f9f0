package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/fahras/fahras/index"
)

// These tests SIGKILL real fahras processes in the middle of writes and
// check that nothing acknowledged is lost and that re-running converges.

// fahrasProcess starts the test binary as the fahras command.
func fahrasProcess(t *testing.T, args ...string) (*exec.Cmd, *syncBuffer) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), envRunAsMain+"=1")
	stderr := new(syncBuffer)
	cmd.Stderr = stderr
	cmd.Stdout = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	return cmd, stderr
}

// syncBuffer is a bytes.Buffer that a process writes while a test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// crashCorpus writes n documents built from the Qur'an verses, with ids
// "c<i>", and returns the file and the documents by id.
func crashCorpus(t *testing.T, n int) (string, map[string]string) {
	t.Helper()
	f, err := os.Open("../../testdata/quran/verses.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var verses []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var v struct{ Text string }
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			t.Fatal(err)
		}
		verses = append(verses, v.Text)
	}
	docs := make(map[string]string, n)
	var buf bytes.Buffer
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("c%05d", i)
		text := verses[i%len(verses)] + " " + verses[(i*7+3)%len(verses)]
		docs[id] = text
		line, _ := json.Marshal(map[string]string{"id": id, "text": text})
		buf.Write(line)
		buf.WriteByte('\n')
	}
	path := filepath.Join(t.TempDir(), "crash.jsonl")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path, docs
}

// checkIndex opens the index in dir and checks that every document in it
// is one of docs, intact, and that the ids in want are all there. It
// returns the number of documents.
func checkIndex(t *testing.T, dir string, docs map[string]string, want []string) uint64 {
	t.Helper()
	ix, err := index.Open(dir)
	if err != nil {
		t.Fatalf("open after kill: %v", err)
	}
	defer ix.Close()
	ctx := context.Background()
	st, err := ix.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range want {
		d, err := ix.Get(ctx, id)
		if err != nil {
			t.Errorf("acknowledged document %s lost: %v", id, err)
			continue
		}
		if d["text"] != docs[id] {
			t.Errorf("document %s changed: %q", id, d["text"])
		}
	}
	// Every stored document is findable by a search for its own words.
	res, err := ix.Search(ctx, index.Request{Query: "ٱللَّهِ", Size: 5})
	if err != nil {
		t.Fatalf("search after kill: %v", err)
	}
	if st.Documents > 0 && res.Total == 0 {
		t.Errorf("index has %d documents but a search for الله finds none", st.Documents)
	}
	return st.Documents
}

func TestCrashDuringBulkIndex(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills processes")
	}
	const n = 12000
	file, docs := crashCorpus(t, n)
	dir := filepath.Join(t.TempDir(), "ix")
	var counts []uint64
	for round, delay := range []time.Duration{300 * time.Millisecond, 1000 * time.Millisecond} {
		cmd, stderr := fahrasProcess(t, "index", "-index", dir, "-batch", "250", file)
		waitForFile(t, filepath.Join(dir, "index_meta.json"))
		time.Sleep(delay)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		got := checkIndex(t, dir, docs, nil)
		t.Logf("round %d: killed after %v with %d of %d documents on disk (stderr %q)", round, delay, got, n, stderr.String())
		counts = append(counts, got)
	}
	if counts[1] < counts[0] {
		t.Errorf("documents went from %d to %d across a second interrupted load", counts[0], counts[1])
	}
	finishLoad(t, dir, docs, "index", "-index", dir, file)
}

// finishLoad re-runs an interrupted load (fahras args) to the end and
// checks that the index then holds every document of docs, intact.
func finishLoad(t *testing.T, dir string, docs map[string]string, args ...string) {
	t.Helper()
	cmd, stderr := fahrasProcess(t, args...)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("final load: %v\n%s", err, stderr)
	}
	all := make([]string, 0, len(docs))
	for id := range docs {
		all = append(all, id)
	}
	if got := checkIndex(t, dir, docs, all); got != uint64(len(docs)) {
		t.Errorf("after the full load: %d documents, want %d", got, len(docs))
	}
}

// waitForFile waits until path exists: the kill should land in the middle
// of the load, not before the index exists.
func waitForFile(t *testing.T, path string) {
	t.Helper()
	for i := 0; i < 1200; i++ {
		if _, err := os.Stat(path); err == nil {
			return
		}
		time.Sleep(25 * time.Millisecond)
	}
	t.Fatalf("%s did not appear", path)
}

var servingRE = regexp.MustCompile(`serving on (http://[0-9.:]+)`)

// startServer runs "fahras serve -index dir" and returns its base URL.
func startServer(t *testing.T, dir string) (*exec.Cmd, string) {
	t.Helper()
	cmd, stderr := fahrasProcess(t, "serve", "-index", dir, "-addr", "127.0.0.1:0", "-log", "off")
	for i := 0; i < 600; i++ {
		if m := servingRE.FindStringSubmatch(stderr.String()); m != nil {
			return cmd, m[1]
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("server did not start: %s", stderr)
	return nil, ""
}

func TestCrashServerDuringWrites(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills processes")
	}
	const n = 3000
	_, docs := crashCorpus(t, n)
	dir := filepath.Join(t.TempDir(), "live")
	if ix, err := index.Create(dir, index.Schema{}); err != nil {
		t.Fatal(err)
	} else {
		ix.Close()
	}
	cmd, base := startServer(t, dir)
	name := filepath.Base(dir)

	// Four writers PUT documents and one reader searches, until the kill.
	ids := make([]string, 0, n)
	for id := range docs {
		ids = append(ids, id)
	}
	var mu sync.Mutex
	var acked []string
	stop := make(chan struct{})
	var wg sync.WaitGroup
	client := &http.Client{Timeout: 10 * time.Second}
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < len(ids); i += 4 {
				select {
				case <-stop:
					return
				default:
				}
				id := ids[i]
				body, _ := json.Marshal(map[string]string{"text": docs[id]})
				req, _ := http.NewRequest(http.MethodPut, base+"/v1/indexes/"+name+"/documents/"+id, bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				resp, err := client.Do(req)
				if err != nil {
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode/100 == 2 {
					mu.Lock()
					acked = append(acked, id)
					mu.Unlock()
				} else if resp.StatusCode >= 500 {
					t.Errorf("PUT %s: status %d", id, resp.StatusCode)
				}
			}
		}(w)
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			resp, err := client.Get(base + "/v1/indexes/" + name + "/search?q=" + "الله")
			if err != nil {
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	}()
	time.Sleep(1500 * time.Millisecond)
	mu.Lock()
	before := len(acked)
	mu.Unlock()
	cmd.Process.Signal(syscall.SIGKILL)
	close(stop)
	wg.Wait()
	cmd.Wait()
	mu.Lock()
	ackedNow := append([]string(nil), acked...)
	mu.Unlock()
	t.Logf("killed the server after %d acknowledged writes (%d when the kill was sent)", len(ackedNow), before)
	if len(ackedNow) == 0 {
		t.Fatal("no write was acknowledged before the kill")
	}
	got := checkIndex(t, dir, docs, ackedNow)
	t.Logf("after restart: %d documents on disk, all %d acknowledged ones intact", got, len(ackedNow))

	// Restart the server and re-send everything through the bulk API: the
	// index converges to the whole collection.
	cmd, base = startServer(t, dir)
	var nd strings.Builder
	for _, id := range ids {
		line, _ := json.Marshal(map[string]string{"id": id, "text": docs[id]})
		nd.Write(line)
		nd.WriteByte('\n')
	}
	bulkClient := &http.Client{Timeout: 5 * time.Minute}
	resp, err := bulkClient.Post(base+"/v1/indexes/"+name+"/documents", "application/x-ndjson", strings.NewReader(nd.String()))
	if err != nil {
		t.Fatal(err)
	}
	results, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("bulk after restart: status %d: %.300s", resp.StatusCode, results)
	}
	cmd.Process.Signal(syscall.SIGTERM)
	cmd.Wait()
	if got := checkIndex(t, dir, docs, ids); got != n {
		t.Errorf("after re-sending: %d documents, want %d", got, n)
	}
}
