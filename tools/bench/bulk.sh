#!/usr/bin/env bash
# Bulk indexing of the SaudiNewsNet corpus by `fahras index` beside the
# bleve "ar" baseline (tools/bench/arindex: same stored fields, term vectors
# on the text fields), in the same run. Reports docs/s, MB/s (of JSON), peak
# RSS and CPU seconds (user+sys, /usr/bin/time -v; steadier than wall time on
# a shared machine), index size on disk, and fahras/ar ratios.
#
#   tools/bench/bulk.sh                 # whole corpus (31,030 articles)
#   DOCS=5000 tools/bench/bulk.sh       # first 5000 articles
#   KEEP=/tmp/bench tools/bench/bulk.sh # keep the indexes: /tmp/bench/news (fahras), /tmp/bench/ar
#   SHARDS=1,2,4 tools/bench/bulk.sh    # also fahras with -shards N
#   NOCOMPACT=1 tools/bench/bulk.sh      # also fahras -compact=false (the load without its final compaction)
#
# Run from the project root. Exits 0 with a message when ../shared is absent.
set -euo pipefail
corpus=${CORPUS:-../shared/corpora/saudinewsnet/docs.jsonl.gz}
if [[ ! -f $corpus ]]; then
	echo "bulk.sh: $corpus not available, skipped"
	exit 0
fi
work=$(mktemp -d /tmp/fahras-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
go build -o "$work/fahras" ./cmd/fahras
go build -o "$work/arindex" ./tools/bench/arindex

data=$work/docs.jsonl
if [[ -n ${DOCS:-} ]]; then
	{ zcat "$corpus" || true; } | head -n "$DOCS" >"$data" # zcat ends on SIGPIPE
else
	zcat "$corpus" >"$data"
fi
docs=$(grep -c . "$data")
bytes=$(stat -c %s "$data")
cat >"$work/schema.json" <<'JSON'
{"fields": [
  {"name": "title", "type": "text", "search": true, "boost": 2},
  {"name": "text", "type": "text", "search": true},
  {"name": "source", "type": "keyword", "facet": true},
  {"name": "url", "type": "keyword"},
  {"name": "date_extracted", "type": "keyword", "sort": true}]}
JSON

# measure NAME DIR CMD...: runs CMD under /usr/bin/time -v and prints one row.
measure() {
	local name=$1 dir=$2
	shift 2
	rm -rf "$dir"
	/usr/bin/time -v -o "$work/$name.time" "$@" >"$work/$name.out" 2>&1 || {
		cat "$work/$name.out"
		exit 1
	}
	local secs rss size
	secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$work/$name.time")
	rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/$name.time")
	cpu=$(awk -F': ' '/User time|System time/ {c+=$2} END {print c}' "$work/$name.time")
	size=$(du -sb "$dir" | cut -f1)
	echo "$name $secs $rss $size" >>"$work/rows"
	awk -v n="$name" -v s="$secs" -v r="$rss" -v z="$size" -v d="$docs" -v b="$bytes" -v c="$cpu" 'BEGIN {
		printf "%-14s %8.1f s %8.0f docs/s %6.2f MB/s  CPU %6.1f s (%5.0f µs/doc)  peak RSS %6.0f MB  index %6.0f MB (%.2fx JSON)\n",
			n, s, d/s, b/1e6/s, c, c*1e6/d, r/1024, z/1e6, z/b }'
}

echo "corpus: $docs documents, $(awk -v b="$bytes" 'BEGIN{printf "%.1f", b/1e6}') MB of JSON; $(nproc) CPUs"
measure ar "$work/ar" "$work/arindex" -index "$work/ar" "$data"
measure fahras "$work/fahras-ix" "$work/fahras" index -index "$work/fahras-ix" -schema "$work/schema.json" "$data"
if [[ -n ${NOCOMPACT:-} ]]; then # the load alone, without the final compaction
	measure fahras-nocompact "$work/fahras-nc" "$work/fahras" index -compact=false -index "$work/fahras-nc" -schema "$work/schema.json" "$data"
fi
if [[ -n ${SHARDS:-} ]]; then
	for n in ${SHARDS//,/ }; do
		measure "fahras-s$n" "$work/fahras-s$n" "$work/fahras" index -index "$work/fahras-s$n" -shards "$n" -schema "$work/schema.json" "$data"
	done
fi
awk '$1=="ar" {as=$2; ar=$3; az=$4} $1=="fahras" {fs=$2; fr=$3; fz=$4}
	END {printf "ratio fahras/ar: speed %.2fx, peak RSS %.2fx, index size %.2fx\n", as/fs, fr/ar, fz/az}' "$work/rows"
if [[ -n ${KEEP:-} ]]; then
	mkdir -p "$KEEP"
	rm -rf "$KEEP/news" "$KEEP/ar"
	mv "$work/fahras-ix" "$KEEP/news"
	mv "$work/ar" "$KEEP/ar"
	echo "indexes kept in $KEEP/news (fahras) and $KEEP/ar (bleve ar)"
fi
