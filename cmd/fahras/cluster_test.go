package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/fahras/fahras/index"
)

// These tests run a cluster of three fahras nodes on 127.0.0.1: the test
// binary re-executed as "fahras serve -node ...", each with its own
// folder and free ports, every process killed by its PID at the end.

// clusterSchema is the index of the cluster tests.
const clusterSchema = `{"shards": 3, "replicas": 2, "fields": [{"name": "text", "type": "text", "search": true}, {"name": "title", "type": "keyword", "facet": true}]}`

// clusterWait bounds every wait for a condition of the cluster: generous,
// for a loaded two-core machine.
const clusterWait = 90 * time.Second

type testNode struct {
	name, dir, listen, url string
	cmd                    *exec.Cmd
	stderr                 *syncBuffer
}

type testCluster struct {
	t     *testing.T
	nodes []*testNode
	join  string
}

func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// newTestCluster starts n nodes and waits until each sees all of them.
func newTestCluster(t *testing.T, n int) *testCluster {
	t.Helper()
	c := &testCluster{t: t}
	var listens []string
	for i := range n {
		nd := &testNode{name: fmt.Sprintf("n%d", i+1), dir: filepath.Join(t.TempDir(), fmt.Sprintf("n%d", i+1)), listen: freePort(t)}
		c.nodes = append(c.nodes, nd)
		listens = append(listens, nd.listen)
	}
	c.join = strings.Join(listens, ",")
	for i := range c.nodes {
		c.startProcess(i)
	}
	for i := range c.nodes {
		c.waitServing(i)
	}
	for i := range c.nodes {
		c.waitAlive(i, n)
	}
	return c
}

// startProcess starts node i without waiting; t.Cleanup kills it.
func (c *testCluster) startProcess(i int) {
	nd := c.nodes[i]
	nd.cmd, nd.stderr = fahrasProcess(c.t, "serve", "-data", nd.dir, "-addr", "127.0.0.1:0", "-node", nd.name,
		"-cluster-listen", nd.listen, "-cluster-join", c.join, "-log", "text", "-nats-log",
		"-cluster-snapshot-every", "2s") // snapshots and truncation run through every scenario
}

func (c *testCluster) waitServing(i int) {
	nd := c.nodes[i]
	deadline := time.Now().Add(clusterWait)
	for time.Now().Before(deadline) {
		if m := servingRE.FindStringSubmatch(nd.stderr.String()); m != nil {
			nd.url = m[1]
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	for _, o := range c.nodes {
		c.t.Logf("node %s:\n%s", o.name, lastLines(o.stderr.String(), 40))
	}
	c.t.Fatalf("node %s did not start", nd.name)
}

// kill SIGKILLs node i and reaps it.
func (c *testCluster) kill(i int) {
	nd := c.nodes[i]
	nd.cmd.Process.Signal(syscall.SIGKILL)
	nd.cmd.Wait()
}

// addNode starts one more node, whose join list names every node, and
// returns its number.
func (c *testCluster) addNode() int {
	i := len(c.nodes)
	nd := &testNode{name: fmt.Sprintf("n%d", i+1), dir: filepath.Join(c.t.TempDir(), fmt.Sprintf("n%d", i+1)), listen: freePort(c.t)}
	c.nodes = append(c.nodes, nd)
	c.join += "," + nd.listen
	c.startProcess(i)
	c.waitServing(i)
	return i
}

// restart starts node i again on its folder and cluster port.
func (c *testCluster) restart(i int) {
	c.startProcess(i)
	c.waitServing(i)
}

func (c *testCluster) waitAlive(i, n int) {
	c.waitFor("every node alive", func() (bool, string) {
		var st clusterStatus
		if err := getJSON(c.nodes[i].url+"/v1/cluster", &st); err != nil {
			return false, err.Error()
		}
		alive := 0
		for _, nd := range st.Nodes {
			if nd.Alive {
				alive++
			}
		}
		return alive == n, fmt.Sprintf("%d of %d alive", alive, n)
	})
}

// waitFor polls cond until it holds, failing after clusterWait with its
// last message.
func (c *testCluster) waitFor(what string, cond func() (bool, string)) {
	c.t.Helper()
	deadline := time.Now().Add(clusterWait)
	last := ""
	for time.Now().Before(deadline) {
		ok, msg := cond()
		if ok {
			return
		}
		last = msg
		time.Sleep(250 * time.Millisecond)
	}
	c.t.Fatalf("%s: not after %s: %s", what, clusterWait, last)
}

type clusterStatus struct {
	Nodes []struct {
		Name  string
		Alive bool
	}
	Indexes []struct {
		Name   string
		Shards []struct {
			Shard    int
			LastSeq  uint64 `json:"last_seq"`
			FirstSeq uint64 `json:"first_seq"`
			Leader   string
			Snapshot *struct {
				Seq  uint64
				Node string
			}
			Replicas []struct {
				Node    string
				Alive   bool
				Applied uint64
				Lag     uint64
			}
		}
	}
}

var httpClient = &http.Client{Timeout: 30 * time.Second}

func getJSON(u string, out any) error {
	resp, err := httpClient.Get(u)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %d %s", u, resp.StatusCode, body)
	}
	return json.Unmarshal(body, out)
}

func send(method, u, body string) (int, string, error) {
	req, err := http.NewRequest(method, u, strings.NewReader(body))
	if err != nil {
		return 0, "", err
	}
	resp, err := httpClient.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), err
}

// clusterVerses returns the first n verses of the Qur'an as NDJSON lines
// with their ids.
func clusterVerses(t *testing.T, n int) (lines, ids []string) {
	t.Helper()
	f, err := os.Open("../../testdata/quran/verses.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() && len(lines) < n {
		var v struct{ ID string }
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, sc.Text())
		ids = append(ids, v.ID)
	}
	return lines, ids
}

// bulkOnce posts lines to a node and returns the ids acknowledged (status
// 200 on their result line).
func bulkOnce(base, name string, lines []string) (map[string]bool, error) {
	resp, err := httpClient.Post(base+"/v1/indexes/"+name+"/documents", "application/x-ndjson", strings.NewReader(strings.Join(lines, "\n")+"\n"))
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	acked := map[string]bool{}
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		var r struct {
			ID     string
			Status int
		}
		if json.Unmarshal(sc.Bytes(), &r) == nil && r.Status == http.StatusOK && r.ID != "" {
			acked[r.ID] = true
		}
	}
	return acked, sc.Err()
}

// bulkRetry posts lines until every one is acknowledged, retrying the
// others with the same ids (the log deduplicates them).
func bulkRetry(t *testing.T, base, name string, lines, ids []string, acked map[string]bool) {
	t.Helper()
	todo, todoIDs := lines, ids
	for try := 0; len(todo) > 0; try++ {
		if try == 40 {
			t.Fatalf("%d writes never acknowledged", len(todo))
		}
		got, err := bulkOnce(base, name, todo)
		var rest, restIDs []string
		for k, id := range todoIDs {
			if got[id] {
				acked[id] = true
			} else {
				rest, restIDs = append(rest, todo[k]), append(restIDs, id)
			}
		}
		todo, todoIDs = rest, restIDs
		if len(todo) > 0 {
			t.Logf("retrying %d writes (%v)", len(todo), err)
			time.Sleep(500 * time.Millisecond)
		}
	}
}

type searchHit struct {
	ID    string
	Score float64
}

type searchAnswer struct {
	Total  uint64
	Hits   []searchHit
	Shards *struct{ Total, Successful, Failed int }
}

func clusterSearch(base, name, q string, size int) (searchAnswer, error) {
	var out searchAnswer
	err := getJSON(base+"/v1/indexes/"+name+"/search?size="+fmt.Sprint(size)+"&related=false&q="+url.QueryEscape(q), &out)
	return out, err
}

// TestClusterKillDuringWrites SIGKILLs a node while documents are
// written, then checks that every acknowledged document is on every node
// (the killed one once it is back and has caught up from the log), and
// that searches on every node rank as one index holding the same
// documents does.
func TestClusterKillDuringWrites(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a cluster of three processes")
	}
	c := newTestCluster(t, 3)
	if code, body, err := send("PUT", c.nodes[1].url+"/v1/indexes/quran", clusterSchema); err != nil || code != http.StatusCreated {
		t.Fatalf("create: %d %s %v", code, body, err)
	}
	lines, ids := clusterVerses(t, 1200)
	acked := map[string]bool{}
	const batch = 100
	for b := 0; b*batch < len(lines); b++ {
		if b == 4 {
			c.kill(2)
			t.Logf("node n3 killed after %d documents", len(acked))
		}
		end := min(len(lines), (b+1)*batch)
		bulkRetry(t, c.nodes[b%2].url, "quran", lines[b*batch:end], ids[b*batch:end], acked)
	}
	if len(acked) != len(ids) {
		t.Fatalf("%d of %d acknowledged", len(acked), len(ids))
	}
	c.checkDocs(t, []int{0, 1}, ids)
	c.restart(2)
	c.waitCaughtUp(2)
	c.checkDocs(t, []int{0, 1, 2}, ids)
	single := singleIndex(t, lines)
	for _, q := range []string{"الرحمن الرحيم", "الكتاب", "الصلاة والزكاة", "يؤمنون بالغيب", "يؤمنون", "موسى فرعون", "ٱلۡكِتَٰبَ"} {
		want := singleSearch(t, single, q)
		for i, nd := range c.nodes {
			got, err := clusterSearch(nd.url, "quran", q, 10)
			if err != nil {
				t.Fatalf("node %d: %q: %v", i+1, q, err)
			}
			compareRanking(t, fmt.Sprintf("node %s, %q", nd.name, q), got, want)
		}
	}
}

// checkDocs checks on each node of which that the index holds exactly ids
// and that every one of them can be read.
func (c *testCluster) checkDocs(t *testing.T, which []int, ids []string) {
	t.Helper()
	for _, i := range which {
		nd := c.nodes[i]
		c.waitFor("documents counted on "+nd.name, func() (bool, string) {
			var info struct{ Documents int }
			if err := getJSON(nd.url+"/v1/indexes/quran", &info); err != nil {
				return false, err.Error()
			}
			if info.Documents == len(ids) {
				return true, ""
			}
			_, st, _ := send("GET", nd.url+"/v1/cluster", "")
			return false, fmt.Sprintf("%d documents, want %d; cluster: %s", info.Documents, len(ids), st)
		})
		for _, id := range ids {
			var doc map[string]any
			if err := getJSON(nd.url+"/v1/indexes/quran/documents/"+url.PathEscape(id), &doc); err != nil {
				t.Fatalf("node %s: %v", nd.name, err)
			}
		}
	}
}

// waitCaughtUp waits until every replica on node i has applied its log.
func (c *testCluster) waitCaughtUp(i int) {
	nd := c.nodes[i]
	c.waitFor(nd.name+" caught up", func() (bool, string) {
		var st clusterStatus
		if err := getJSON(nd.url+"/v1/cluster", &st); err != nil {
			return false, err.Error()
		}
		for _, ix := range st.Indexes {
			for _, sh := range ix.Shards {
				for _, r := range sh.Replicas {
					if r.Node == nd.name && (r.Lag > 0 || sh.LastSeq == 0) {
						return false, fmt.Sprintf("shard %d: applied %d of %d", sh.Shard, r.Applied, sh.LastSeq)
					}
				}
			}
		}
		return len(st.Indexes) > 0, "no index"
	})
}

// singleIndex loads lines into one unsharded index with fahras index.
func singleIndex(t *testing.T, lines []string) string {
	t.Helper()
	dir := t.TempDir()
	src := filepath.Join(dir, "docs.jsonl")
	schema := filepath.Join(dir, "schema.json")
	writeFile(t, dir, "docs.jsonl", strings.Join(lines, "\n")+"\n")
	writeFile(t, dir, "schema.json", `{"fields": [{"name": "text", "type": "text", "search": true}, {"name": "title", "type": "keyword", "facet": true}]}`)
	ixDir := filepath.Join(dir, "single")
	var stderr bytes.Buffer
	if code := run(context.Background(), []string{"index", "-index", ixDir, "-schema", schema, src}, nil, io.Discard, &stderr); code != 0 {
		t.Fatalf("fahras index: %d %s", code, &stderr)
	}
	return ixDir
}

func singleSearch(t *testing.T, dir, q string) searchAnswer {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"search", "-index", dir, "-json", "-related=false", "-size", "10", q}, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("fahras search %q: %d %s", q, code, &stderr)
	}
	var out searchAnswer
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// compareRanking checks that a cluster's answer has the hits, order and
// scores of one index's.
func compareRanking(t *testing.T, what string, got, want searchAnswer) {
	t.Helper()
	if got.Total != want.Total || len(got.Hits) != len(want.Hits) {
		t.Errorf("%s: %d hits of %d, one index: %d of %d", what, len(got.Hits), got.Total, len(want.Hits), want.Total)
		return
	}
	for k := range got.Hits {
		g, w := got.Hits[k], want.Hits[k]
		if g.ID != w.ID || math.Abs(g.Score-w.Score) > 1e-9*math.Max(1, w.Score) {
			t.Errorf("%s: hit %d is %s %.9f, one index: %s %.9f", what, k+1, g.ID, g.Score, w.ID, w.Score)
		}
	}
	if got.Shards == nil || got.Shards.Failed != 0 || got.Shards.Total != 3 {
		t.Errorf("%s: shards %+v, want 3 of 3", what, got.Shards)
	}
}

// shardDoc returns a document id of shard i of 3 and its NDJSON line.
func shardDoc(i, n int) (string, string) {
	for k := 0; ; k++ {
		id := fmt.Sprintf("w%d-%d", n, k)
		if index.ShardOf(id, 3) == i {
			return id, fmt.Sprintf(`{"id": %q, "title": "اختبار", "text": "كتب الطالب رسالة طويلة رقم %d"}`, id, n)
		}
	}
}

// putUntilOK puts a document until the cluster acknowledges it and
// returns how long that took and how many attempts failed.
func (c *testCluster) putUntilOK(node int, id, doc string) (time.Duration, int) {
	c.t.Helper()
	start := time.Now()
	failed := 0
	c.waitFor("write of "+id+" acknowledged", func() (bool, string) {
		code, body, err := send("PUT", c.nodes[node].url+"/v1/indexes/quran/documents/"+url.PathEscape(id), doc)
		if err == nil && code == http.StatusOK {
			return true, ""
		}
		failed++
		return false, fmt.Sprintf("%d %s %v", code, body, err)
	})
	return time.Since(start), failed
}

// leaderOf returns the node leading the log of shard i.
func (c *testCluster) leaderOf(from, i int) int {
	var leader string
	c.waitFor("a leader of shard "+fmt.Sprint(i), func() (bool, string) {
		var st clusterStatus
		if err := getJSON(c.nodes[from].url+"/v1/cluster", &st); err != nil {
			return false, err.Error()
		}
		leader = st.Indexes[0].Shards[i].Leader
		return leader != "", "no leader"
	})
	for k, nd := range c.nodes {
		if nd.name == leader {
			return k
		}
	}
	c.t.Fatalf("leader %q is no node", leader)
	return -1
}

// TestClusterLeaderAndQuorum kills the leader of a shard's log and
// measures how long its writes pause; then kills a second node, so that
// the logs lose their quorum: writes fail with 503 while searches go on
// from what is applied, reporting the shard no live node holds; then
// brings both back: writes resume and every node has every document.
// Last, once the log of a shard is truncated below its snapshot, a fourth
// node joins and is given a replica of that shard, which it starts from the
// snapshot: it then holds every document and ranks as the others.
func TestClusterLeaderAndQuorum(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a cluster of three processes")
	}
	c := newTestCluster(t, 3)
	if code, body, err := send("PUT", c.nodes[0].url+"/v1/indexes/quran", clusterSchema); err != nil || code != http.StatusCreated {
		t.Fatalf("create: %d %s %v", code, body, err)
	}
	lines, ids := clusterVerses(t, 300)
	bulkRetry(t, c.nodes[0].url, "quran", lines, ids, map[string]bool{})
	for i, nd := range c.nodes { // read your writes: searchable on the node that acknowledged
		id := fmt.Sprintf("s%d", i)
		doc := fmt.Sprintf(`{"title": "اختبار", "text": "زنجبيل %d"}`, i)
		if code, body, err := send("PUT", nd.url+"/v1/indexes/quran/documents/"+id+"?wait=searchable", doc); err != nil || code != http.StatusOK {
			t.Fatalf("put ?wait=searchable on %s: %d %s %v", nd.name, code, body, err)
		}
		res, err := clusterSearch(nd.url, "quran", fmt.Sprintf(`"زنجبيل %d"`, i), 5)
		if err != nil || len(res.Hits) != 1 || res.Hits[0].ID != id {
			t.Errorf("search on %s right after put ?wait=searchable: %+v %v, want %s", nd.name, res, err, id)
		}
		ids = append(ids, id)
	}

	leader := c.leaderOf(0, 0)
	other := (leader + 1) % 3
	c.kill(leader)
	id, doc := shardDoc(0, 1)
	took, failed := c.putUntilOK(other, id, doc)
	t.Logf("leader %s of shard 0 killed: its writes paused %s (%d failed attempts)", c.nodes[leader].name, took.Round(time.Millisecond), failed)
	ids = append(ids, id)

	second := (other + 1) % 3
	if second == leader {
		second = (second + 1) % 3
	}
	c.kill(second)
	alive := 3 - leader - second
	id2, doc2 := shardDoc(1, 2)
	for try := range 2 {
		start := time.Now()
		code, body, err := send("PUT", c.nodes[alive].url+"/v1/indexes/quran/documents/"+id2, doc2)
		if err != nil || code != http.StatusServiceUnavailable {
			t.Fatalf("write without quorum: %d %s %v, want 503", code, body, err)
		}
		t.Logf("write %d without quorum: 503 in %s", try+1, time.Since(start).Round(time.Millisecond))
	}
	res, err := clusterSearch(c.nodes[alive].url, "quran", "الله", 5)
	if err != nil {
		t.Fatalf("search without quorum: %v", err)
	}
	if len(res.Hits) == 0 || res.Shards == nil || res.Shards.Failed != 1 || res.Shards.Successful != 2 {
		t.Errorf("search without quorum: %d hits, shards %+v; want hits from the 2 shards node %s holds", len(res.Hits), res.Shards, c.nodes[alive].name)
	}

	c.restart(leader)
	c.restart(second)
	took, failed = c.putUntilOK(alive, id2, doc2)
	t.Logf("quorum back: writes resumed %s after the restarts (%d failed attempts)", took.Round(time.Millisecond), failed)
	ids = append(ids, id2)
	for i := range c.nodes {
		c.waitCaughtUp(i)
	}
	c.checkDocs(t, []int{0, 1, 2}, ids)

	// Every replica caught up, the first live replica of shard 1 snapshots
	// it and truncates its log below the snapshot: a fourth node given a
	// replica of shard 1 cannot build it from the log alone, and starts
	// from the snapshot.
	c.waitFor("shard 1's log truncated below its snapshot", func() (bool, string) {
		var st clusterStatus
		if err := getJSON(c.nodes[0].url+"/v1/cluster", &st); err != nil || len(st.Indexes) == 0 {
			return false, fmt.Sprint(err)
		}
		sh := st.Indexes[0].Shards[1]
		if sh.Snapshot == nil {
			return false, "no snapshot"
		}
		return sh.FirstSeq > 1 && sh.FirstSeq <= sh.Snapshot.Seq+1,
			fmt.Sprintf("log %d–%d, snapshot at %d by %s", sh.FirstSeq, sh.LastSeq, sh.Snapshot.Seq, sh.Snapshot.Node)
	})
	n4 := c.addNode()
	c.waitAlive(0, 4)
	code, body, err := send("PUT", c.nodes[0].url+"/v1/cluster/indexes/quran/shards/1/replicas/n4", "")
	if err != nil || code != http.StatusOK {
		t.Fatalf("add a replica on n4: %d %s %v", code, body, err)
	}
	c.waitCaughtUp(n4)
	c.checkDocs(t, []int{n4}, ids)
	if log := c.nodes[n4].stderr.String(); !strings.Contains(log, "replica started from a snapshot") {
		t.Errorf("n4 did not start its replica from the snapshot; its log:\n%s", lastLines(log, 40))
	}
	for _, q := range []string{"الرحمن الرحيم", "كتب الطالب", "يؤمنون بالغيب"} {
		want, err := clusterSearch(c.nodes[0].url, "quran", q, 10)
		if err != nil {
			t.Fatal(err)
		}
		got, err := clusterSearch(c.nodes[n4].url, "quran", q, 10)
		if err != nil {
			t.Fatal(err)
		}
		compareRanking(t, fmt.Sprintf("n4 (its own replica of shard 1) against n1, %q", q), got, want)
	}

	// n4 loses its indexes' folder: back, it starts its replica from the
	// snapshot again (its log is truncated) and holds every document.
	c.kill(n4)
	if err := os.RemoveAll(filepath.Join(c.nodes[n4].dir, "indexes")); err != nil {
		t.Fatal(err)
	}
	c.restart(n4)
	c.waitCaughtUp(n4)
	c.checkDocs(t, []int{n4}, ids)
	c.checkStatusCommand(t, n4)
	if log := c.nodes[n4].stderr.String(); !strings.Contains(log, "replica started from a snapshot") {
		t.Errorf("n4, its folder lost, did not start its replica from the snapshot; its log:\n%s", lastLines(log, 40))
	}
	if code, _, _ := send("PUT", c.nodes[0].url+"/v1/cluster/indexes/quran/shards/1/replicas/n4", ""); code != http.StatusConflict {
		t.Errorf("adding the same replica again: %d, want 409", code)
	}
}

// checkStatusCommand runs "fahras cluster status" against node i: it lists
// the four nodes and, for shard 1, the truncated log, its snapshot and the
// replica on node i caught up.
func (c *testCluster) checkStatusCommand(t *testing.T, i int) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	addr := strings.TrimPrefix(c.nodes[i].url, "http://")
	if code := run(context.Background(), []string{"cluster", "status", "-addr", addr}, strings.NewReader(""), &stdout, &stderr); code != 0 {
		t.Fatalf("fahras cluster status: exit %d: %s", code, stderr.String())
	}
	out := stdout.String()
	for _, want := range []string{"n1", "n2", "n3", "n4", "index quran (3 shards, 2 replicas)", "snapshot"} {
		if !strings.Contains(out, want) {
			t.Errorf("fahras cluster status lacks %q:\n%s", want, out)
		}
	}
	row := regexp.MustCompile(`(?m)^1\s+(\d+)–(\d+)\s+\S*\s*(\d+) \(n\d[^)]*\)\s+` + c.nodes[i].name + `\s+true\s+(\d+)\s+0$`)
	m := row.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("fahras cluster status: no caught-up row of shard 1 on %s:\n%s", c.nodes[i].name, out)
	}
	if m[1] == "1" || m[2] != m[4] {
		t.Errorf("shard 1 on %s: log %s–%s, snapshot %s, applied %s: want a truncated log and the replica at its end", c.nodes[i].name, m[1], m[2], m[3], m[4])
	}
}
