#!/usr/bin/env bash
# Bulk indexing of the SaudiNewsNet corpus by `fahras index` beside two
# baselines, in the same run:
#   ar           bleve's built-in "ar" analyzer (tools/bench/arindex: same
#                stored fields, term vectors on the text fields)
#   lucene       Lucene 8 ArabicAnalyzer (tools/bench/lucene/LuceneIndex.java:
#                title and text stored and indexed with positions and
#                offsets, keywords with doc values where they sort or facet,
#                merged into one segment at the end as fahras compacts)
#   lucene-none  the same storing nothing (positions only): the floor
# Reports docs/s, MB/s (of JSON), peak RSS and CPU seconds (user+sys,
# /usr/bin/time -v; steadier than wall time on a shared machine), index size
# on disk and its ratio to the JSON, then the engines side by side.
#
#   tools/bench/bulk.sh                   # whole corpus (31,030 articles)
#   tools/bench/bulk.sh -limit 2000       # first 2000 articles (or DOCS=2000)
#   tools/bench/bulk.sh -scale 1,2,4      # growth: 1x, 2x, 4x the corpus (copies
#                                         # with new ids), docs/s at each size
#   KEEP=/tmp/bench tools/bench/bulk.sh   # keep the indexes (scale 1): /tmp/bench/news (fahras), /tmp/bench/ar
#   SHARDS=1,2,4 tools/bench/bulk.sh      # also fahras with -shards N
#   NOCOMPACT=1 tools/bench/bulk.sh       # also fahras -compact=false (the load without its final compaction)
#   ENGINES=fahras,lucene tools/bench/bulk.sh   # a subset of fahras,ar,lucene,lucene-none
#
# Lucene needs a JDK and Debian's Lucene jars (apt-get install -y
# liblucene8-java openjdk-17-jdk-headless; LUCENE_JARS=a.jar:b.jar to use
# others); without them its rows are skipped with a message. JAVA_OPTS is
# passed to java. Run from the project root. Exits 0 with a message when
# ../shared is absent.
set -euo pipefail
corpus=${CORPUS:-../shared/corpora/saudinewsnet/docs.jsonl.gz}
limit=${DOCS:-}
scales=1
while [[ $# -gt 0 ]]; do
	case $1 in
	-limit) limit=$2; shift 2 ;;
	-scale) scales=$2; shift 2 ;;
	-h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	*) echo "bulk.sh: unknown argument $1 (want -limit N, -scale LIST)" >&2; exit 2 ;;
	esac
done
[[ $scales =~ ^[1-9][0-9]*(,[1-9][0-9]*)*$ ]] || { echo "bulk.sh: -scale $scales: want a list such as 1,2,4" >&2; exit 2; }
[[ -z $limit || $limit =~ ^[1-9][0-9]*$ ]] || { echo "bulk.sh: -limit $limit: want a positive number" >&2; exit 2; }
engines=,${ENGINES:-fahras,ar,lucene,lucene-none},
on() { [[ $engines == *,$1,* ]]; }
if [[ ! -f $corpus ]]; then
	echo "bulk.sh: $corpus not available, skipped"
	exit 0
fi
work=$(mktemp -d /tmp/fahras-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
go build -o "$work/fahras" ./cmd/fahras
go build -o "$work/arindex" ./tools/bench/arindex

# Lucene: compile our program against the jars, or say why not.
lucene=
if on lucene || on lucene-none; then
	jars=${LUCENE_JARS:-}
	if [[ -z $jars ]]; then
		core=$(ls /usr/share/java/lucene-core-[0-9]*.jar 2>/dev/null | sort -V | tail -n 1 || true)
		common=$(ls /usr/share/java/lucene-analyzers-common-[0-9]*.jar 2>/dev/null | sort -V | tail -n 1 || true)
		[[ -n $core && -n $common ]] && jars=$core:$common
	fi
	if [[ -z $jars ]] || ! command -v javac >/dev/null; then
		echo "lucene: skipped: no javac or no Lucene jars (apt-get install -y liblucene8-java openjdk-17-jdk-headless)"
	else
		mkdir -p "$work/lucene"
		javac -cp "$jars" -d "$work/lucene" tools/bench/lucene/LuceneIndex.java
		lucene="$work/lucene:$jars"
	fi
fi

base=$work/docs.jsonl
if [[ -n $limit ]]; then
	{ zcat "$corpus" || true; } | head -n "$limit" >"$base" # zcat ends on SIGPIPE
else
	zcat "$corpus" >"$base"
fi
cat >"$work/schema.json" <<'JSON'
{"fields": [
  {"name": "title", "type": "text", "search": true, "boost": 2},
  {"name": "text", "type": "text", "search": true},
  {"name": "source", "type": "keyword", "facet": true},
  {"name": "url", "type": "keyword"},
  {"name": "date_extracted", "type": "keyword", "sort": true}]}
JSON

# scaled K: writes $work/docs-xK.jsonl, K copies of the corpus, the copies
# after the first with ids suffixed -cN.
scaled() {
	local k=$1 out=$work/docs-x$1.jsonl n got
	n=$(grep -c . "$base")
	cp "$base" "$out"
	for ((c = 1; c < k; c++)); do
		sed -E 's/^\{"id": "([^"]*)"/{"id": "\1-c'"$c"'"/' "$base" >"$work/copy.jsonl"
		got=$(grep -c '^{"id": "[^"]*-c'"$c"'"' "$work/copy.jsonl" || true)
		[[ $got -eq $n ]] || { echo "bulk.sh: scale $k: copy $c renamed $got of $n ids (does every line start with {\"id\": ?)" >&2; exit 1; }
		cat "$work/copy.jsonl" >>"$out"
	done
	rm -f "$work/copy.jsonl"
}

# measure NAME K DIR CMD...: runs CMD under /usr/bin/time -v on the data of
# scale K and prints one row; the figures go to $work/rows.
measure() {
	local name=$1 k=$2 dir=$3
	shift 3
	rm -rf "$dir"
	/usr/bin/time -v -o "$work/$name.time" "$@" >"$work/$name.out" 2>&1 || {
		cat "$work/$name.out"
		exit 1
	}
	local secs rss size cpu
	secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$work/$name.time")
	rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/$name.time")
	cpu=$(awk -F': ' '/User time|System time/ {c+=$2} END {print c}' "$work/$name.time")
	size=$(du -sb "$dir" | cut -f1)
	echo "$name $k $secs $rss $size $docs $bytes $cpu" >>"$work/rows"
	awk -v n="$name" -v s="$secs" -v r="$rss" -v z="$size" -v d="$docs" -v b="$bytes" -v c="$cpu" 'BEGIN {
		printf "%-18s %8.1f s %8.0f docs/s %6.2f MB/s  CPU %6.1f s (%5.0f µs/doc)  peak RSS %6.0f MB  index %6.0f MB (%.2fx JSON)\n",
			n, s, d/s, b/1e6/s, c, c*1e6/d, r/1024, z/1e6, z/b }'
}

for k in ${scales//,/ }; do
	data=$base
	if [[ $k -gt 1 ]]; then
		scaled "$k"
		data=$work/docs-x$k.jsonl
	fi
	docs=$(grep -c . "$data")
	bytes=$(stat -c %s "$data")
	sfx=
	[[ $scales != 1 ]] && sfx=@${k}x
	echo "corpus${sfx}: $docs documents, $(awk -v b="$bytes" 'BEGIN{printf "%.1f", b/1e6}') MB of JSON; $(nproc) CPUs"
	if on ar; then measure "ar$sfx" "$k" "$work/ar" "$work/arindex" -index "$work/ar" "$data"; fi
	if on fahras; then measure "fahras$sfx" "$k" "$work/fahras-ix" "$work/fahras" index -index "$work/fahras-ix" -schema "$work/schema.json" "$data"; fi
	if [[ -n $lucene ]] && on lucene; then
		# shellcheck disable=SC2086
		measure "lucene$sfx" "$k" "$work/lucene-ix" java ${JAVA_OPTS:-} -cp "$lucene" LuceneIndex -index "$work/lucene-ix" -mode offsets "$data"
	fi
	if [[ -n $lucene ]] && on lucene-none; then
		# shellcheck disable=SC2086
		measure "lucene-none$sfx" "$k" "$work/lucene-none" java ${JAVA_OPTS:-} -cp "$lucene" LuceneIndex -index "$work/lucene-none" -mode none "$data"
	fi
	if [[ $k -eq 1 && -n ${NOCOMPACT:-} ]]; then # the load alone, without the final compaction
		measure fahras-nocompact 1 "$work/fahras-nc" "$work/fahras" index -compact=false -index "$work/fahras-nc" -schema "$work/schema.json" "$data"
	fi
	if [[ $k -eq 1 && -n ${SHARDS:-} ]]; then
		for n in ${SHARDS//,/ }; do
			measure "fahras-s$n" 1 "$work/fahras-s$n" "$work/fahras" index -index "$work/fahras-s$n" -shards "$n" -schema "$work/schema.json" "$data"
		done
	fi
	if [[ $k -eq 1 && -n ${KEEP:-} ]] && on fahras && on ar; then
		mkdir -p "$KEEP"
		rm -rf "$KEEP/news" "$KEEP/ar"
		mv "$work/fahras-ix" "$KEEP/news"
		mv "$work/ar" "$KEEP/ar"
		echo "indexes kept in $KEEP/news (fahras) and $KEEP/ar (bleve ar)"
	fi
done

# Side by side at the first scale, as ratios to fahras.
first=${scales%%,*}
echo
echo "side by side (${first}x):"
awk -v k="$first" '$2 == k {
		name = $1; sub(/@.*/, "", name)
		dps[name] = $6 / $3; rss[name] = $4 / 1024; ratio[name] = $5 / $7; order[++n] = name
	}
	END {
		printf "%-14s %10s %14s %14s %14s\n", "engine", "docs/s", "index/JSON", "peak RSS MB", "fahras speed"
		for (i = 1; i <= n; i++) {
			e = order[i]
			rel = ("fahras" in dps) ? sprintf("%.2fx", dps["fahras"] / dps[e]) : "-"
			printf "%-14s %10.0f %13.2fx %14.0f %14s\n", e, dps[e], ratio[e], rss[e], rel
		}
	}' "$work/rows"

# Growth: docs/s at every scale, and its ratio to the first scale's (1.00
# means the load stays linear; merging makes it fall).
if [[ $scales == *,* ]]; then
	echo
	echo "growth (docs/s at each scale; in brackets, relative to ${first}x):"
	awk -v scales="$scales" '{
			name = $1; sub(/@.*/, "", name)
			if (!(name in seen)) { seen[name] = 1; order[++n] = name }
			dps[name, $2] = $6 / $3; cpu[name, $2] = $8 * 1e6 / $6
		}
		END {
			m = split(scales, ks, ",")
			printf "%-14s", "engine"; for (j = 1; j <= m; j++) printf " %18s", ks[j] "x"; printf "\n"
			for (i = 1; i <= n; i++) {
				e = order[i]; printf "%-14s", e
				for (j = 1; j <= m; j++) {
					if ((e, ks[j]) in dps) printf " %9.0f (%5.2fx)", dps[e, ks[j]], dps[e, ks[j]] / dps[e, ks[1]]
					else printf " %18s", "-"
				}
				printf "\n"
			}
			printf "CPU µs per document (steadier than docs/s on a shared machine):\n"
			for (i = 1; i <= n; i++) {
				e = order[i]; printf "%-14s", e
				for (j = 1; j <= m; j++) {
					if ((e, ks[j]) in cpu) printf " %9.0f (%5.2fx)", cpu[e, ks[j]], cpu[e, ks[j]] / cpu[e, ks[1]]
					else printf " %18s", "-"
				}
				printf "\n"
			}
		}' "$work/rows"
fi
