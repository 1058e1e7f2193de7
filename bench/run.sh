#!/usr/bin/env bash
# Runs the benchmarks on this machine and prints markdown for the README.
# Needs a build (./dev build). Everything runs on loopback and stops itself.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${BUILD_DIR:-$root/build}/bin
work=$(mktemp -d)
pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_line() { for _ in $(seq 200); do grep -q "$2" "$1" && return 0; sleep 0.05; done; cat "$1"; return 1; }
port_of() { sed -n 's/^listening on .*[: ]\([0-9]*\)$/\1/p' "$1" | head -n1; }

key=bench-key bulk_key=bench-bulk-key
start_sandbox() {  # $1 limits -> sets sandbox_port
  "$bin/gainsight-sandbox" --listen 127.0.0.1:0 --access-key $key --limits "$1" \
    --bulk-access-key $bulk_key --bulk-app-org-id bench-org --bulk-login-name bench \
    >"$work/sandbox.out" 2>&1 &
  pids+=($!); wait_line "$work/sandbox.out" '^listening on'; sandbox_port=$(port_of "$work/sandbox.out")
}
start_gateway() {  # $1 limits, rest: flags -> sets gateway_port gateway_pid
  local limits=$1; shift
  GAINSIGHT_ACCESS_KEY=$key GAINSIGHT_BULK_ACCESS_KEY=$bulk_key \
    GAINSIGHT_BULK_APP_ORG_ID=bench-org GAINSIGHT_BULK_LOGIN_NAME=bench \
    "$bin/gainsight-gateway" --listen 127.0.0.1:0 --metrics-listen "" \
    --gainsight-url "http://127.0.0.1:$sandbox_port" --limits "$limits" --headroom 0 \
    --log-level error "$@" >"$work/gateway.out" 2>&1 &
  gateway_pid=$!; pids+=($gateway_pid); wait_line "$work/gateway.out" '^listening on'
  gateway_port=$(port_of "$work/gateway.out")
}

redis_port=$(free_port)
redis-server --bind 127.0.0.1 --port "$redis_port" --save '' --appendonly no >"$work/redis.out" 2>&1 &
pids+=($!); wait_line "$work/redis.out" 'Ready to accept'

echo "## Admission cost"
"$bin/gg_admission_bench" "redis://127.0.0.1:$redis_port"

echo; echo "## Query latency: gateway vs. the same call straight to the sandbox"
start_sandbox "sync=100000/1s"
start_gateway "sync=100000/1s"
records=$(python3 -c 'import json; print(json.dumps({"records": [{"Name": f"Bench {i}", "Industry": "Retail", "Arr": 1000 * i, "Employees": i, "Status": "Active", "RenewalDate": "2027-01-31"} for i in range(10)]}))')
curl -s -o /dev/null -H "accesskey: $key" -H 'Content-Type: application/json' \
  -d "$records" "http://127.0.0.1:$sandbox_port/v1/data/objects/Company"
n=2000
"$bin/gg_load_bench" latency "127.0.0.1:$gateway_port" 50 >/dev/null   # warm up
gw=$("$bin/gg_load_bench" latency "127.0.0.1:$gateway_port" $n)
body='{"select":["Gsid","Name","Industry","Arr","Employees","Stage","Status","RenewalDate","OriginalContractDate","LifecycleInWeeks","CompanyType","Csm","ParentCompany","CreatedDate","ModifiedDate"],"limit":11,"offset":0}'
printf '%s' "$body" >"$work/body.json"
cfg="$work/curl.cfg"; : >"$cfg"
for i in $(seq $n); do
  ((i > 1)) && echo next >>"$cfg"
  printf 'url = "http://127.0.0.1:%s/v1/data/objects/query/Company"\nheader = "accesskey: %s"\nheader = "Content-Type: application/json"\ndata = "@%s"\noutput = /dev/null\n' \
    "$sandbox_port" "$key" "$work/body.json" >>"$cfg"
done
t0=$(date +%s.%N); curl -s -K "$cfg"; t1=$(date +%s.%N)
curl_ms=$(python3 -c "print(f'{($t1-$t0)*1000/$n:.3f}')")
echo "| path | calls | mean per call |"
echo "|---|---|---|"
echo "| gRPC -> gateway -> sandbox (QueryCompanies, 10 rows) | $n | $(sed 's/.*mean_ms=\([0-9.]*\).*/\1/' <<<"$gw") ms (p99 $(sed 's/.*p99_ms=\([0-9.]*\).*/\1/' <<<"$gw") ms) |"
echo "| curl -> sandbox (the same query, one keep-alive connection) | $n | $curl_ms ms |"
kill $gateway_pid; wait $gateway_pid 2>/dev/null || true

echo; echo "## 10,000 calls waiting in the limiter queue (bounds lifted)"
start_gateway "sync=1/1s" --max-queued-calls 20000 --max-deadline 24h \
  --max-concurrent-streams 20000 --max-server-memory 4294967296
"$bin/gg_load_bench" queue "127.0.0.1:$gateway_port" 10000 "$gateway_pid"
kill $gateway_pid; wait $gateway_pid 2>/dev/null || true

echo; echo "## 6,000 calls against the default bounds (--max-queued-calls 5000)"
start_gateway "sync=1/1s" --max-deadline 24h
"$bin/gg_load_bench" queue "127.0.0.1:$gateway_port" 6000 "$gateway_pid" 60

kill $gateway_pid; wait $gateway_pid 2>/dev/null || true

echo; echo "## Coalescing: 1,000 one-company upserts at once over 64 connections"
# Prints one table row: the upserts' wall time and latency, and from the
# sandbox's call log the upstream calls they took.
upserts_row() {  # $1 label, $2 gateway limits, $3 --coalesce value, $4 linger
  curl -s -o /dev/null -X POST "http://127.0.0.1:$sandbox_port/__sandbox/reset"
  start_gateway "$2" --coalesce "$3" --coalesce-linger "${4:-0s}" --max-deadline 1h
  local out
  out=$("$bin/gg_load_bench" upserts "127.0.0.1:$gateway_port" 1000 64 "bench-$3-$RANDOM")
  kill $gateway_pid; wait $gateway_pid 2>/dev/null || true
  curl -s "http://127.0.0.1:$sandbox_port/__sandbox/calls" | python3 -c '
import json, sys
label, out = sys.argv[1], dict(kv.split("=") for kv in sys.argv[2].split())
log = json.load(sys.stdin)
calls = [c for c in (log["calls"] if isinstance(log, dict) else log) if c["path"].startswith("/v1/")]
writes = [c for c in calls if c["path"] == "/v1/data/objects/Company" and c["method"] in ("POST", "PUT")]
lookups = [c for c in calls if c["path"] == "/v1/data/objects/query/Company"]
records = sum(c["records"] for c in writes)
seconds, p50, p99, errors = (out[k] for k in ("seconds", "p50_ms", "p99_ms", "errors"))
print(f"| {label} | {seconds} s, p50 {p50} ms, p99 {p99} ms, {errors} errors "
      f"| {len(calls)} ({len(lookups)} lookups, {len(writes)} writes) | {records / max(1, len(writes)):.1f} |")
' "$1" "$out"
}
start_sandbox "sync=100000/1s"
echo "| gateway | time and latency | upstream calls | records per write call |"
echo "|---|---|---|---|"
upserts_row "quota the bottleneck (\`sync=20/1s\`), coalescing on" "sync=20/1s" true
upserts_row "quota the bottleneck (\`sync=20/1s\`), coalescing on, \`--coalesce-linger 5ms\`" "sync=20/1s" true 5ms
upserts_row "quota the bottleneck (\`sync=20/1s\`), \`--coalesce=false\`" "sync=20/1s" false
upserts_row "quota free, coalescing on" "sync=100000/1s" true
upserts_row "quota free, \`--coalesce=false\`" "sync=100000/1s" false
upserts_row "quota free, coalescing on, \`--coalesce-linger 2ms\`" "sync=100000/1s" true 2ms
echo
echo "Sequential upserts with quota free (one caller, 1,000 calls; a lookup and an insert each):"
echo
echo "| gateway | latency |"
echo "|---|---|"
for coalesce in true false; do
  start_gateway "sync=100000/1s" --coalesce $coalesce
  "$bin/gg_load_bench" upsert-latency "127.0.0.1:$gateway_port" 50 "warm-$coalesce-$RANDOM" >/dev/null
  out=$("$bin/gg_load_bench" upsert-latency "127.0.0.1:$gateway_port" 1000 "seq-$coalesce-$RANDOM")
  kill $gateway_pid; wait $gateway_pid 2>/dev/null || true
  echo "| \`--coalesce=$coalesce\` | p50 $(sed 's/.*p50_ms=\([0-9.]*\).*/\1/' <<<"$out") ms, p99 $(sed 's/.*p99_ms=\([0-9.]*\).*/\1/' <<<"$out") ms |"
done

echo; echo "## Retried inserts: 200 one-company inserts, the first 50 answered late"
# Gainsight writes each of the first 50 inserts at once and answers 300 ms
# later; the client gives each attempt 150 ms and retries a timeout (up to 8
# attempts). The sandbox's records tell how many companies were written.
retried_row() {  # $1 label, $2 with request_id (1/0)
  curl -s -o /dev/null -X POST "http://127.0.0.1:$sandbox_port/__sandbox/reset"
  curl -s -o /dev/null -d '{"delay_ms":300,"count":50,"method":"POST","path_prefix":"/v1/data/objects/Company"}' \
    "http://127.0.0.1:$sandbox_port/__sandbox/faults"
  start_gateway "sync=100000/1s"
  local prefix="retry-$2-$RANDOM" out
  out=$("$bin/gg_load_bench" retried-inserts "127.0.0.1:$gateway_port" 200 "$prefix" "$2" 150)
  kill $gateway_pid; wait $gateway_pid 2>/dev/null || true
  local rows
  rows=$(curl -s -H "accesskey: $key" -H 'Content-Type: application/json' \
    -d "{\"select\":[\"Name\"],\"where\":{\"conditions\":[{\"name\":\"Name\",\"alias\":\"A\",\"value\":[\"$prefix\"],\"operator\":\"STARTS_WITH\"}],\"expression\":\"A\"},\"limit\":5000,\"offset\":0}" \
    "http://127.0.0.1:$sandbox_port/v1/data/objects/query/Company")
  python3 -c '
import json, sys
label, out, body = sys.argv[1], dict(kv.split("=") for kv in sys.argv[2].split()), json.loads(sys.argv[3])
data = body.get("data", {})
records = data.get("records", data) if isinstance(data, dict) else data
names = [r["Name"] for r in records]
attempts, failed = out["attempts"], out["failed"]
print(f"| {label} | {attempts} | {failed} | {len(names)} | {len(names) - len(set(names))} |")
' "$1" "$out" "$rows"
}
echo "| inserts | attempts | not confirmed | companies written | duplicates |"
echo "|---|---|---|---|---|"
retried_row "with a request_id (the same on every attempt)" 1
retried_row "without a request_id" 0

echo; echo "## Naming the company by name: upstream sync calls for 1,000 records"
# 1,000 Renewal_Tracker__gc records naming 100 companies by name, written by a
# caller that resolves names first (per record, or in IN queries) and by one
# that lets Gainsight resolve them in the write (a write-time lookup). The
# sandbox's call log gives the calls each way made.
lookup_row() {  # $1 label, $2 gg_lookup_bench mode, $3 company prefix
  local before out
  before=$(curl -s "http://127.0.0.1:$sandbox_port/__sandbox/calls" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d["calls"] if isinstance(d, dict) else d))')
  out=$("$bin/gg_lookup_bench" "$2" "127.0.0.1:$gateway_port" 1000 100 "$3")
  curl -s "http://127.0.0.1:$sandbox_port/__sandbox/calls" | python3 -c '
import json, sys
label, before, out = sys.argv[1], int(sys.argv[2]), dict(kv.split("=") for kv in sys.argv[3].split())
log = json.load(sys.stdin)
calls = [c for c in (log["calls"] if isinstance(log, dict) else log)[before:] if c["path"].startswith("/v1/")]
queries = [c for c in calls if c["path"] == "/v1/data/objects/query/Company"]
writes = [c for c in calls if c["path"] == "/v1/data/objects/Renewal_Tracker__gc"]
failed = out["failed"]
print(f"| {label} | {len(calls)} | {len(queries)} | {len(writes)} | {failed} |")
' "$1" "$before" "$out"
}
start_gateway "sync=100000/1s" --coalesce false
prefix="lookup-$RANDOM"
"$bin/gg_lookup_bench" seed "127.0.0.1:$gateway_port" 100 "$prefix"
echo "| caller | sync calls | company queries | writes | records failed |"
echo "|---|---|---|---|---|"
lookup_row "resolves each record's company, then writes" per-record "$prefix"
lookup_row "resolves the 100 names in IN queries, then writes" batched "$prefix"
lookup_row "write-time lookup (\`lookups\`)" lookup "$prefix"
kill $gateway_pid; wait $gateway_pid 2>/dev/null || true

echo; echo "## Bulk import: CSV encoding and a 1,000,000-row import"
"$bin/gg_bulk_bench" csv 1000000
echo
start_sandbox "sync=100000/1s;bulk=1000/1s"
curl -s -o /dev/null -d '{"jobId":"bench-job","object":"Company"}' \
  "http://127.0.0.1:$sandbox_port/__sandbox/bulk-jobs"
mkdir -p "$work/spool"
start_gateway "sync=100000/1s;bulk=1000/1s" --interactive-reserve 0 \
  --bulk-spool-dir "$work/spool" --bulk-poll-interval 200ms
"$bin/gg_bulk_bench" import "127.0.0.1:$gateway_port" 1000000 "$gateway_pid"
