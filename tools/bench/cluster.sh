#!/usr/bin/env bash
# A fahras cluster of three nodes on this machine against one node: bulk
# write throughput (the 6,236 verses of the Qur'an in testdata, one bulk
# request), search latency (tools/loadtest, 200 verse-word queries at
# concurrency 1 and 8), and on the cluster the write pause after a SIGKILL
# of the leader of shard 0's log, the catch-up of the restarted node, and
# a fourth node's replica of shard 1 started from its snapshot (the
# nodes snapshot every 5 s and truncate their logs behind).
# Both sides use an index of 3 shards; the cluster keeps 2 replicas of
# each, and 3 copies of every write log.
#
#   tools/bench/cluster.sh            # from the project root
#
# On a shared two-core machine three nodes cost more than they give: the
# point is the mechanism, not the speed (docs/cluster.md).
set -euo pipefail
work=$(mktemp -d /tmp/fahras-cluster.XXXXXX)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
	for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
	rm -rf "$work"
}
trap cleanup EXIT
go build -o "$work/fahras" ./cmd/fahras
go build -o "$work/loadtest" ./tools/loadtest
verses=testdata/quran/verses.jsonl
# queries: two words of every 31st verse, diacritics and all
awk 'NR % 31 == 0' "$verses" | sed -E 's/.*"text": "([^"]*)".*/\1/' | awk '{print $1, $2}' | head -n 200 >"$work/q.txt"
fields='"fields": [{"name": "text", "type": "text", "search": true}, {"name": "title", "type": "keyword", "facet": true}]'
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
now() { date +%s%N; }
ms() { echo $(( ($2 - $1) / 1000000 )); }
waithttp() { for _ in $(seq 1 600); do curl -sf "$1/healthz" >/dev/null && return 0; sleep 0.2; done; echo "no answer from $1" >&2; exit 1; }

measure() { # measure NAME URL SCHEMA: create, bulk, search latency
	local name=$1 url=$2 schema=$3
	local code
	code=$(curl -s -o /dev/null -w '%{http_code}' -X PUT "$url/v1/indexes/quran" -d "$schema")
	[[ $code == 201 ]] || { echo "create on $name: $code" >&2; exit 1; }
	local t0 t1 ok
	t0=$(now)
	ok=$(curl -s -X POST "$url/v1/indexes/quran/documents?wait=searchable" --data-binary @"$verses" | grep '"status":200' | grep -vc '"summary"' || true)
	t1=$(now)
	echo "$name: bulk of $ok documents (wait=searchable) in $(ms "$t0" "$t1") ms: $(( ok * 1000 / $(ms "$t0" "$t1") )) documents/s"
	sed -E 's/"id": "([^"]*)"/"id": "b-\1"/' "$verses" >"$work/b.jsonl"
	t0=$(now)
	ok=$(curl -s -X POST "$url/v1/indexes/quran/documents" --data-binary @"$work/b.jsonl" | grep '"status":200' | grep -vc '"summary"' || true)
	t1=$(now)
	echo "$name: bulk of $ok more documents (acknowledged when durable) in $(ms "$t0" "$t1") ms: $(( ok * 1000 / $(ms "$t0" "$t1") )) documents/s"
	if [[ $name == "three nodes" ]]; then
		until curl -s "$url/v1/cluster" | python3 -c '
import json, sys
st = json.load(sys.stdin)
sys.exit(0 if max(r["lag"] for ix in st["indexes"] for sh in ix["shards"] for r in sh["replicas"]) == 0 else 1)'; do sleep 0.1; done
		echo "$name: every replica applied them $(ms "$t0" "$(now)") ms after the bulk started"
	fi
	echo "$name: search latency (tools/loadtest -c 1,8 -n 400):"
	"$work/loadtest" -url "$url" -index quran -queries "$work/q.txt" -c 1,8 -n 400
}

# one node
p1=$(port)
"$work/fahras" serve -data "$work/single" -addr 127.0.0.1:"$p1" -log off 2>"$work/single.log" &
pids+=($!)
waithttp "http://127.0.0.1:$p1"
measure "one node" "http://127.0.0.1:$p1" "{\"shards\": 3, $fields}"
kill -9 "${pids[0]}"

# three nodes
declare -a http cl
for i in 0 1 2; do http[i]=$(port); cl[i]=$(port); done
join="127.0.0.1:${cl[0]},127.0.0.1:${cl[1]},127.0.0.1:${cl[2]}"
start() { # start I
	"$work/fahras" serve -data "$work/n$1" -addr 127.0.0.1:"${http[$1]}" -node "n$1" \
		-cluster-listen 127.0.0.1:"${cl[$1]}" -cluster-join "$join" -cluster-snapshot-every 5s -log text 2>>"$work/n$1.log" &
	node_pid[$1]=$!
	pids+=($!)
}
declare -a node_pid
t0=$(now)
for i in 0 1 2; do start "$i"; done
for i in 0 1 2; do waithttp "http://127.0.0.1:${http[i]}"; done
echo "three nodes: serving $(ms "$t0" "$(now)") ms after start"
measure "three nodes" "http://127.0.0.1:${http[0]}" "{\"shards\": 3, \"replicas\": 2, $fields}"

# failover: kill the leader of shard 0's log, time the first acknowledged
# write to shard 0 through another node (an id routed to shard 0: FNV-1a
# modulo 3, index.ShardOf).
leader=$(curl -s "http://127.0.0.1:${http[0]}/v1/cluster" | python3 -c 'import json,sys; print(json.load(sys.stdin)["indexes"][0]["shards"][0]["leader"])')
li=${leader#n}
oi=$(( (li + 1) % 3 ))
kill -9 "${node_pid[li]}"
t0=$(now)
tries=0
id0=$(python3 -c '
def fnv(s):
    h = 2166136261
    for b in s.encode():
        h = ((h ^ b) * 16777619) % 2**32
    return h
print(next(f"w{k}" for k in range(1000) if fnv(f"w{k}") % 3 == 0))')
until [[ $(curl -s -o /dev/null -w '%{http_code}' -X PUT "http://127.0.0.1:${http[oi]}/v1/indexes/quran/documents/$id0" -d '{"text": "كتب الطالب رسالة"}') == 200 ]]; do
	tries=$((tries + 1))
	sleep 0.1
done
echo "leader $leader of shard 0 killed: writes to shard 0 acknowledged again after $(ms "$t0" "$(now)") ms ($tries failed attempts)"
# catch-up: write 2,000 more documents while it is down, restart it, time until its lag is 0
head -n 2000 "$verses" | sed -E 's/"id": "([^"]*)"/"id": "again-\1"/' >"$work/more.jsonl"
curl -s -X POST "http://127.0.0.1:${http[oi]}/v1/indexes/quran/documents" --data-binary @"$work/more.jsonl" | grep -c '"status":200' >/dev/null
t0=$(now)
start "$li"
waithttp "http://127.0.0.1:${http[li]}"
until curl -s "http://127.0.0.1:${http[li]}/v1/cluster" | python3 -c '
import json, sys
st = json.load(sys.stdin)
me = st["node"]
lags = [r["lag"] for ix in st["indexes"] for sh in ix["shards"] for r in sh["replicas"] if r["node"] == me]
sys.exit(0 if lags and max(lags) == 0 else 1)'; do sleep 0.2; done
echo "node $leader restarted: caught up with the 2,000 writes it missed $(ms "$t0" "$(now)") ms after its start"
"$work/fahras" cluster status -addr 127.0.0.1:"${http[li]}"

# bootstrap: once shard 1's log is truncated below its snapshot, a fourth
# node gets a replica of it; time until it is caught up.
until curl -s "http://127.0.0.1:${http[0]}/v1/cluster" | python3 -c '
import json, sys
sh = json.load(sys.stdin)["indexes"][0]["shards"][1]
sys.exit(0 if sh.get("snapshot") and sh["first_seq"] > 1 else 1)'; do sleep 0.5; done
http[3]=$(port); cl[3]=$(port)
join="$join,127.0.0.1:${cl[3]}"
t0=$(now)
start 3
waithttp "http://127.0.0.1:${http[3]}"
until curl -s -X PUT "http://127.0.0.1:${http[0]}/v1/cluster/indexes/quran/shards/1/replicas/n3" | grep -q '"name"'; do sleep 0.2; done
t1=$(now)
until curl -s "http://127.0.0.1:${http[3]}/v1/cluster" | python3 -c '
import json, sys
st = json.load(sys.stdin)
lags = [r["lag"] for ix in st["indexes"] for sh in ix["shards"] for r in sh["replicas"] if r["node"] == "n3"]
sys.exit(0 if lags and max(lags) == 0 else 1)'; do sleep 0.2; done
echo "fourth node n3: serving and given a replica of shard 1 in $(ms "$t0" "$t1") ms; caught up $(ms "$t1" "$(now)") ms later ($(grep -c 'replica started from a snapshot' "$work/n3.log") start from a snapshot in its log)"
"$work/fahras" cluster status -addr 127.0.0.1:"${http[0]}"
