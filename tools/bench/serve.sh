#!/usr/bin/env bash
# Query latency over HTTP (p50/p95/p99, qps at concurrency 1, 8, 32, with
# highlighting, 500 two-to-three-word title queries) of `fahras serve` and
# of the bleve "ar" baseline (tools/bench/arserve: match query on title^2
# and text, HTML highlighter on both), in the same run, plus the time from
# process start to the first answered query on the existing index.
#
#   KEEP=/tmp/bench tools/bench/bulk.sh   # once: builds /tmp/bench/news and /tmp/bench/ar
#   tools/bench/serve.sh /tmp/bench       # N=2000 requests per level by default
#
# Run from the project root. Exits 0 with a message when ../shared is absent.
set -euo pipefail
corpus=${CORPUS:-../shared/corpora/saudinewsnet/docs.jsonl.gz}
dir=${1:-/tmp/bench}
if [[ ! -f $corpus ]]; then
	echo "serve.sh: $corpus not available, skipped"
	exit 0
fi
if [[ ! -d $dir/news ]]; then
	echo "serve.sh: no index in $dir/news: run KEEP=$dir tools/bench/bulk.sh first" >&2
	exit 2
fi
work=$(mktemp -d /tmp/fahras-serve.XXXXXX)
pid=
cleanup() {
	[[ -n $pid ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
go build -o "$work/fahras" ./cmd/fahras
go build -o "$work/arserve" ./tools/bench/arserve
go build -o "$work/loadtest" ./tools/loadtest
go run ./tools/newsqueries -n 500 "$corpus" >"$work/q.txt"
first=$(head -n 1 "$work/q.txt")

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
		sleep 0.005
	done
	echo "$name: first answered query $(( ($(now) - t0) / 1000000 )) ms after process start"
}

stop() {
	kill "$pid" && wait "$pid" 2>/dev/null || true
	pid=
}

for name in fahras ar; do
	if [[ $name == fahras ]]; then
		start fahras "$work/fahras" serve -index "$dir/news" -addr 127.0.0.1:0 -log off
	else
		[[ -d $dir/ar ]] || { echo "ar: no index in $dir/ar, baseline skipped"; continue; }
		start ar "$work/arserve" -index "$dir/ar" -addr 127.0.0.1:0
	fi
	"$work/loadtest" -url "$url" -index news -queries "$work/q.txt" -c "${C:-1,8,32}" -n "${N:-2000}" | tee "$work/$name.lt"
	stop
done
if [[ -f $work/ar.lt ]]; then
	awk 'FNR==1 {next} FILENAME ~ /\/fahras\.lt$/ {q[$1]=$3; p[$1]=$6} FILENAME ~ /\/ar\.lt$/ {aq[$1]=$3; ap[$1]=$6}
		END {for (c in q) if (c in aq) printf "ratio fahras/ar at c=%s: qps %.2fx, p99 %.2fx\n", c, q[c]/aq[c], p[c]/ap[c]}' \
		"$work/fahras.lt" "$work/ar.lt" | sort -t= -k2 -n
fi
