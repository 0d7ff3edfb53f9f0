// Command arserve is the query-latency baseline of tools/bench/serve.sh: it
// serves an index built by tools/bench/arindex (bleve's "ar" analyzer) on
// the route tools/loadtest calls,
//
//	GET /v1/indexes/{name}/search?q=...&size=N
//
// answering a match query over title (boost 2) and text with bleve's HTML
// highlighter on both fields and the stored fields of each hit, as JSON.
// It listens on a loopback address only and prints "listening on ADDR".
//
//	go run ./tools/bench/arserve -index DIR -addr 127.0.0.1:0
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"strconv"

	"github.com/blevesearch/bleve/v2"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/ar" // the analyzer the index was built with
	"github.com/blevesearch/bleve/v2/search/highlight/highlighter/html"
	"github.com/blevesearch/bleve/v2/search/query"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "arserve:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("arserve", flag.ContinueOnError)
	dir := fs.String("index", "", "index `folder` made by arindex")
	addr := fs.String("addr", "127.0.0.1:0", "loopback listen `address`")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dir == "" {
		return fmt.Errorf("-index is required")
	}
	host, _, err := net.SplitHostPort(*addr)
	if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("-addr %q: only loopback addresses are allowed", *addr)
	}
	ix, err := bleve.Open(*dir)
	if err != nil {
		return fmt.Errorf("open %s: %w", *dir, err)
	}
	defer ix.Close()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	fmt.Printf("listening on %s\n", ln.Addr())
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/indexes/{name}/search", func(w http.ResponseWriter, r *http.Request) {
		search(ix, w, r)
	})
	return http.Serve(ln, mux)
}

func search(ix bleve.Index, w http.ResponseWriter, r *http.Request) {
	size, err := strconv.Atoi(r.URL.Query().Get("size"))
	if err != nil || size <= 0 {
		size = 10
	}
	q := r.URL.Query().Get("q")
	title := query.NewMatchQuery(q)
	title.SetField("title")
	title.SetBoost(2)
	text := query.NewMatchQuery(q)
	text.SetField("text")
	req := bleve.NewSearchRequestOptions(query.NewDisjunctionQuery([]query.Query{title, text}), size, 0, false)
	req.Highlight = bleve.NewHighlightWithStyle(html.Name)
	req.Highlight.AddField("title")
	req.Highlight.AddField("text")
	req.Fields = []string{"*"}
	res, err := ix.SearchInContext(r.Context(), req)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	if err := json.NewEncoder(w).Encode(res); err != nil {
		fmt.Fprintln(os.Stderr, "arserve: write:", err)
	}
}
