#!/usr/bin/env bash
# Query latency over HTTP of `fahras serve` and of the bleve "ar" baseline
# (tools/bench/arserve: match query on title^2 and text, HTML highlighter on
# both, stored fields), in the same run, with highlighting on and 500
# two-to-three-word title queries (tools/newsqueries):
#
# latency      p50/p95/p99, mean and qps at concurrency 1, 8 and 32
#              (tools/loadtest), the fahras/ar ratios, and the time from
#              process start to the first answered query;
# growth       (-scale 1,2,4) the same 500 queries on 1x, 2x and 4x the news
#              corpus (copies with new ids), each query once at concurrency
#              1 after a warm-up pass: the time of one query at each size,
#              for fahras and ar, and its ratio to the first size's.
#
#   KEEP=/tmp/bench tools/bench/bulk.sh    # once: builds /tmp/bench/news and /tmp/bench/ar
#   tools/bench/serve.sh /tmp/bench        # latency on those indexes (N=2000 requests per level)
#   tools/bench/serve.sh -limit 2000       # latency on indexes it builds from the first 2000 articles
#   tools/bench/serve.sh -scale 1,2,4      # growth on the whole corpus (builds 6 indexes: long)
#   tools/bench/serve.sh -scale 1,2 -limit 2000   # a smoke run of the growth mode
#   C=1,8 N=500 tools/bench/serve.sh ...  # other levels and requests per level
#
# Run from the project root. Exits 0 with a message when ../shared is absent.
set -euo pipefail
corpus=${CORPUS:-../shared/corpora/saudinewsnet/docs.jsonl.gz}
limit=
scales=
dir=
while [[ $# -gt 0 ]]; do
	case $1 in
	-limit) limit=$2; shift 2 ;;
	-scale) scales=$2; shift 2 ;;
	-h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	-*) echo "serve.sh: unknown flag $1 (want -limit N, -scale LIST or a folder)" >&2; exit 2 ;;
	*) dir=$1; shift ;;
	esac
done
[[ -z $scales || $scales =~ ^[1-9][0-9]*(,[1-9][0-9]*)*$ ]] || { echo "serve.sh: -scale $scales: want a list such as 1,2,4" >&2; exit 2; }
[[ -z $limit || $limit =~ ^[1-9][0-9]*$ ]] || { echo "serve.sh: -limit $limit: want a positive number" >&2; exit 2; }
if [[ -n $dir && ( -n $limit || -n $scales ) ]]; then
	echo "serve.sh: a folder of indexes excludes -limit and -scale (which build their own)" >&2
	exit 2
fi
if [[ ! -f $corpus ]]; then
	echo "serve.sh: $corpus not available, skipped"
	exit 0
fi
[[ -z $dir && -z $limit && -z $scales ]] && dir=/tmp/bench
if [[ -n $dir && ! -d $dir/news ]]; then
	echo "serve.sh: no index in $dir/news: run KEEP=$dir tools/bench/bulk.sh first, or give -limit N" >&2
	exit 2
fi
work=$(mktemp -d /tmp/fahras-serve.XXXXXX)
pid=
cleanup() {
	if [[ -n $pid ]]; then kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; fi
	rm -rf "$work"
}
trap cleanup EXIT
go build -o "$work/fahras" ./cmd/fahras
go build -o "$work/arserve" ./tools/bench/arserve
go build -o "$work/arindex" ./tools/bench/arindex
go build -o "$work/loadtest" ./tools/loadtest

now() { date +%s%N; }

# start NAME CMD...: starts a server, waits for its first answered query and
# prints the time it took; sets url.
start() {
	local name=$1
	shift
	local t0 addr=
	t0=$(now)
	"$@" >"$work/$name.log" 2>&1 &
	pid=$!
	while [[ -z $addr ]]; do
		kill -0 "$pid" 2>/dev/null || { cat "$work/$name.log" >&2; exit 1; }
		addr=$(grep -o -m1 '127\.0\.0\.1:[0-9]*' "$work/$name.log" || true)
		[[ -n $addr ]] || sleep 0.005
	done
	url=http://$addr
	until curl -sf -o /dev/null -G --data-urlencode "q=$first" "$url/v1/indexes/news/search"; do
		kill -0 "$pid" 2>/dev/null || { cat "$work/$name.log" >&2; exit 1; }
		sleep 0.005
	done
	echo "$name: first answered query $((($(now) - t0) / 1000000)) ms after process start"
}

stop() {
	kill "$pid" && wait "$pid" 2>/dev/null || true
	pid=
}

# serveCmd ENGINE DIR: the command that serves the index of ENGINE in DIR.
serveCmd() {
	if [[ $1 == fahras ]]; then
		echo "$work/fahras serve -index $2/news -addr 127.0.0.1:0 -log off"
	else
		echo "$work/arserve -index $2/ar -addr 127.0.0.1:0"
	fi
}

# build DIR DATA: indexes DATA into DIR/news (fahras) and DIR/ar.
build() {
	cat >"$work/schema.json" <<'JSON'
{"fields": [
  {"name": "title", "type": "text", "search": true, "boost": 2},
  {"name": "text", "type": "text", "search": true},
  {"name": "source", "type": "keyword", "facet": true},
  {"name": "url", "type": "keyword"},
  {"name": "date_extracted", "type": "keyword", "sort": true}]}
JSON
	mkdir -p "$1"
	"$work/fahras" index -index "$1/news" -schema "$work/schema.json" "$2" 2>"$work/index.log" || { cat "$work/index.log" >&2; exit 1; }
	"$work/arindex" -index "$1/ar" "$2" >/dev/null
	echo "built $1: $(grep -c . "$2") documents ($(grep -m1 "documents indexed" "$work/index.log"))"
}

# data K: writes $work/docs-xK.jsonl, K copies of the base data, those
# after the first with ids suffixed -cN.
data() {
	local k=$1 out=$work/docs-x$1.jsonl n got
	n=$(grep -c . "$base")
	cp "$base" "$out"
	for ((c = 1; c < k; c++)); do
		sed -E 's/^\{"id": "([^"]*)"/{"id": "\1-c'"$c"'"/' "$base" >"$work/copy.jsonl"
		got=$(grep -c '^{"id": "[^"]*-c'"$c"'"' "$work/copy.jsonl" || true)
		[[ $got -eq $n ]] || { echo "serve.sh: scale $k: copy $c renamed $got of $n ids" >&2; exit 1; }
		cat "$work/copy.jsonl" >>"$out"
	done
	rm -f "$work/copy.jsonl"
}

# The queries come from the titles of the documents served.
if [[ -n $dir ]]; then
	go run ./tools/newsqueries -n 500 "$corpus" >"$work/q.txt"
else
	base=$work/docs.jsonl
	if [[ -n $limit ]]; then
		{ zcat "$corpus" || true; } | head -n "$limit" >"$base" # zcat ends on SIGPIPE
	else
		zcat "$corpus" >"$base"
	fi
	go run ./tools/newsqueries -n 500 "$base" >"$work/q.txt"
fi
first=$(head -n 1 "$work/q.txt")
queries=$(grep -c . "$work/q.txt")

# Latency at several concurrency levels.
if [[ -z $scales ]]; then
	if [[ -z $dir ]]; then
		dir=$work/x1
		build "$dir" "$base"
	fi
	for name in fahras ar; do
		if [[ $name == ar && ! -d $dir/ar ]]; then
			echo "ar: no index in $dir/ar, baseline skipped"
			continue
		fi
		# shellcheck disable=SC2046
		start "$name" $(serveCmd "$name" "$dir")
		"$work/loadtest" -url "$url" -index news -queries "$work/q.txt" -c "${C:-1,8,32}" -n "${N:-2000}" | tee "$work/$name.lt"
		stop
	done
	if [[ -f $work/ar.lt ]]; then
		awk 'FNR==1 {next} FILENAME ~ /\/fahras\.lt$/ {q[$1]=$3; p[$1]=$6} FILENAME ~ /\/ar\.lt$/ {aq[$1]=$3; ap[$1]=$6}
			END {for (c in q) if (c in aq) printf "ratio fahras/ar at c=%s: qps %.2fx, p99 %.2fx\n", c, q[c]/aq[c], p[c]/ap[c]}' \
			"$work/fahras.lt" "$work/ar.lt" | sort -t= -k2 -n
	fi
	exit 0
fi

# Growth: the same queries, once each at concurrency 1, at every scale.
for k in ${scales//,/ }; do
	data "$k"
	build "$work/x$k" "$work/docs-x$k.jsonl"
	for name in fahras ar; do
		# shellcheck disable=SC2046
		start "$name@${k}x" $(serveCmd "$name" "$work/x$k")
		"$work/loadtest" -url "$url" -index news -queries "$work/q.txt" -c 1 -n "$queries" >/dev/null # warm-up
		"$work/loadtest" -url "$url" -index news -queries "$work/q.txt" -c 1 -n "$queries" | tee "$work/$name-x$k.lt"
		awk -v e="$name" -v k="$k" 'FNR == 2 {print e, k, $8, $4, $7}' "$work/$name-x$k.lt" >>"$work/growth"
		stop
	done
	rm -rf "$work/x$k" "$work/docs-x$k.jsonl"
done
echo
echo "growth: time of one query (mean ms at c=1, $queries queries; in brackets, relative to the first size):"
awk -v scales="$scales" '{ t[$1, $2] = $3; err[$1, $2] = $5 }
	END {
		m = split(scales, ks, ",")
		printf "%-8s", "engine"; for (j = 1; j <= m; j++) printf " %16s", ks[j] "x"; printf "\n"
		split("fahras ar", es, " ")
		for (i = 1; i <= 2; i++) {
			e = es[i]; printf "%-8s", e
			for (j = 1; j <= m; j++) printf " %7.2f (%5.2fx)", t[e, ks[j]], t[e, ks[j]] / t[e, ks[1]]
			printf "\n"
		}
		printf "%-8s", "fahras/ar"; for (j = 1; j <= m; j++) printf " %15.2fx", t["fahras", ks[j]] / t["ar", ks[j]]; printf "\n"
		for (k in err) if (err[k] > 0) { print "warning: some queries failed (errors column of tools/loadtest)"; break }
	}' "$work/growth"
