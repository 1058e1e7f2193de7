#!/usr/bin/env bash
# Several gateway replicas sharing one Gainsight budget through Redis, on
# loopback, without Kubernetes: what the ha overlay runs, to try and to test.
# Starts redis-server (no persistence), the sandbox tenant (unless
# GAINSIGHT_URL is set) and N gateways on ports the system picks, prints where
# they are, and runs until Ctrl-C / SIGTERM, or until one of them exits; then
# drains the gateways (SIGTERM) and stops the rest.
#
#   deploy/local/replicas.sh [--replicas N] [--build-dir DIR]
#
#   --replicas N     gateways to start (default 3)
#   --build-dir DIR  where ./dev built the binaries (default build/)
#
# Environment:
#   GAINSIGHT_URL, GAINSIGHT_ACCESS_KEY or GAINSIGHT_ACCESS_KEY_FILE
#                    a real tenant instead of the sandbox
#   SANDBOX_LIMITS   the sandbox's rate limits (default Gainsight's)
#   GATEWAY_*, GAINSIGHT_LIMITS
#                    passed to every gateway (see gainsight-gateway --help)
#
# Output, one line each, in this order ("ready" last):
#   redis redis://127.0.0.1:PORT pid PID
#   sandbox http://127.0.0.1:PORT pid PID        (without GAINSIGHT_URL)
#   replica-I grpc 127.0.0.1:PORT metrics 127.0.0.1:PORT pid PID
#   target ipv4:127.0.0.1:PORT,127.0.0.1:PORT,...  (round_robin over all)
#   logs DIR
#   ready
# Redis may be stopped meanwhile (the gateways then run on their fallback
# share); a gateway or the sandbox exiting stops everything.
# Exit status: 0 when every gateway drained and exited 0 (the logs are then
# removed; otherwise they are kept).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
replicas=3
build_dir=$root/build

usage() { sed -n '2,35p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
while (($#)); do
  case $1 in
    --replicas) replicas=$2; shift 2 ;;
    --build-dir) build_dir=$2; shift 2 ;;
    -h|--help) usage ;;
    *) echo "unknown argument $1" >&2; usage ;;
  esac
done
[[ $replicas =~ ^[1-9][0-9]?$ ]] || { echo "--replicas: 1-99" >&2; exit 2; }
gateway_bin=$build_dir/bin/gainsight-gateway
sandbox_bin=$build_dir/bin/gainsight-sandbox
redis_bin=$(command -v redis-server || true)
[[ -x $gateway_bin ]] || { echo "no $gateway_bin: run ./dev build" >&2; exit 1; }
[[ -n $redis_bin ]] || { echo "no redis-server: apt-get install redis-server" >&2; exit 1; }
if [[ -z ${GAINSIGHT_URL:-} && ! -x $sandbox_bin ]]; then
  echo "no $sandbox_bin: run ./dev build" >&2
  exit 1
fi

logs=$(mktemp -d /tmp/gainsight-replicas-XXXXXX)
redis_pid="" sandbox_pid="" gateway_pids=()
stopping=0

# Polls FILE for a line matching REGEX, for at most SECONDS, while PID lives.
wait_for_line() {
  local file=$1 regex=$2 deadline=$((SECONDS + $3)) pid=$4
  until grep -qE "$regex" "$file" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || return 1
    ((SECONDS < deadline)) || return 1
    sleep 0.05
  done
}

stop_all() {
  local status=0 i
  trap '' INT TERM
  # Gateways first: they drain in parallel.
  for pid in "${gateway_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for i in "${!gateway_pids[@]}"; do
    if wait "${gateway_pids[$i]}"; then :; else
      echo "replica-$((i + 1)) exited with status $?" >&2
      status=1
    fi
  done
  for pid in $sandbox_pid $redis_pid; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in $sandbox_pid $redis_pid; do wait "$pid" 2>/dev/null || true; done
  return $status
}
fail_start() {
  echo "$1 did not start; its log:" >&2
  cat "$2" >&2
  stop_all || true
  exit 1
}
trap 'stop_all || true; exit 1' ERR INT TERM

# Redis on a free port: redis-server cannot pick one itself, so try a few.
redis_port=""
for _ in 1 2 3 4 5 6 7 8 9 10; do
  port=$((20000 + RANDOM % 10000))
  "$redis_bin" --bind 127.0.0.1 --port "$port" --save "" --appendonly no \
    --daemonize no --dir "$logs" >"$logs/redis.log" 2>&1 &
  redis_pid=$!
  if wait_for_line "$logs/redis.log" 'Ready to accept connections' 10 "$redis_pid"; then
    redis_port=$port
    break
  fi
  kill "$redis_pid" 2>/dev/null || true
  wait "$redis_pid" 2>/dev/null || true
  redis_pid=""
done
[[ -n $redis_port ]] || fail_start redis "$logs/redis.log"
redis_url=redis://127.0.0.1:$redis_port
echo "redis $redis_url pid $redis_pid"

gateway_env=()
if [[ -z ${GAINSIGHT_URL:-} ]]; then
  key=local-sandbox-key
  "$sandbox_bin" --listen 127.0.0.1:0 --access-key "$key" \
    ${SANDBOX_LIMITS:+--limits "$SANDBOX_LIMITS"} >"$logs/sandbox.log" 2>&1 &
  sandbox_pid=$!
  wait_for_line "$logs/sandbox.log" '^listening on ' 20 "$sandbox_pid" ||
    fail_start sandbox "$logs/sandbox.log"
  gainsight_url=http://$(sed -n 's/^listening on //p' "$logs/sandbox.log")
  gateway_env=(GAINSIGHT_ACCESS_KEY="$key" GAINSIGHT_ACCESS_KEY_FILE=)
  echo "sandbox $gainsight_url pid $sandbox_pid"
else
  gainsight_url=$GAINSIGHT_URL
fi

targets=()
for i in $(seq 1 "$replicas"); do
  env "${gateway_env[@]}" "$gateway_bin" --listen 127.0.0.1:0 --metrics-listen 127.0.0.1:0 \
    --gainsight-url "$gainsight_url" --redis "$redis_url" --replica-id "replica-$i" \
    --bulk-spool-dir "${GATEWAY_BULK_SPOOL_DIR:-$logs/replica-$i-spool}" \
    >"$logs/replica-$i.out" 2>"$logs/replica-$i.log" &
  gateway_pids+=($!)
  wait_for_line "$logs/replica-$i.out" '^metrics on port ' 20 "$!" ||
    fail_start "replica-$i" "$logs/replica-$i.log"
  grpc_port=$(sed -n 's/^listening on port //p' "$logs/replica-$i.out")
  metrics_port=$(sed -n 's/^metrics on port //p' "$logs/replica-$i.out")
  targets+=("127.0.0.1:$grpc_port")
  echo "replica-$i grpc 127.0.0.1:$grpc_port metrics 127.0.0.1:$metrics_port pid ${gateway_pids[-1]}"
done
trap 'stopping=1' INT TERM
trap - ERR
(IFS=,; echo "target ipv4:${targets[*]}")
echo "logs $logs"
echo "ready"
if [[ -t 1 ]]; then
  cat <<MSG

Try (round_robin over the replicas is up to the client; buf curl uses one):
  tools/node_modules/.bin/buf curl --protocol grpc --http2-prior-knowledge --emit-defaults \\
    http://${targets[0]}/gainsight.v1.QuotaService/GetQuota -d '{}'
Ctrl-C drains the gateways and stops everything.
MSG
fi

# Until a signal, or until a gateway or the sandbox exits on its own. Redis
# may go (kill it to see the gateways fall back to their local share).
while ((stopping == 0)); do
  wait -n || true
  ((stopping == 1)) && break
  for pid in "${gateway_pids[@]}" $sandbox_pid; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "process $pid exited; stopping (logs in $logs)" >&2
      stopping=2
    fi
  done
  if [[ -n $redis_pid ]] && ! kill -0 "$redis_pid" 2>/dev/null; then
    echo "redis exited: the gateways run on their fallback share" >&2
    wait "$redis_pid" 2>/dev/null || true
    redis_pid=""
  fi
done
if stop_all && ((stopping == 1)); then
  rm -rf "$logs"
  exit 0
fi
echo "logs kept in $logs" >&2
exit 1
