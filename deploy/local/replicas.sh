#!/usr/bin/env bash
# Several gateway replicas sharing one Gainsight budget through Redis, on
# loopback, without Kubernetes: what the ha overlay runs, to try and to test.
# Starts redis-server for the budget (no persistence) and another for bulk
# job state (append-only file), the sandbox tenant (unless GAINSIGHT_URL is
# set) and N gateways on ports the system picks, prints where they are, and
# runs until Ctrl-C / SIGTERM, or until the sandbox or the last gateway
# exits; then drains the gateways (SIGTERM) and stops the rest.
#
#   deploy/local/replicas.sh [--replicas N] [--build-dir DIR]
#                            [--spool shared|per-replica]
#
#   --replicas N     gateways to start (default 3)
#   --build-dir DIR  where ./dev built the binaries (default build/)
#   --spool MODE     shared (default): one bulk spool directory for every
#                    replica, as the ha overlay's ReadWriteMany volume;
#                    per-replica: a directory each (a stopping replica
#                    hands its unsent rows over through the job Redis)
#
# Environment:
#   GAINSIGHT_URL, GAINSIGHT_ACCESS_KEY or GAINSIGHT_ACCESS_KEY_FILE,
#   GAINSIGHT_BULK_ACCESS_KEY(_FILE), GAINSIGHT_BULK_APP_ORG_ID,
#   GAINSIGHT_BULK_LOGIN_NAME
#                    a real tenant instead of the sandbox
#   SANDBOX_LIMITS   the sandbox's rate limits (default Gainsight's)
#   GATEWAY_*, GAINSIGHT_LIMITS
#                    passed to every gateway (see gainsight-gateway --help)
#
# Output, one line each, in this order ("ready" last):
#   redis redis://127.0.0.1:PORT pid PID
#   jobs-redis redis://127.0.0.1:PORT pid PID
#   sandbox http://127.0.0.1:PORT pid PID        (without GAINSIGHT_URL)
#   replica-I grpc 127.0.0.1:PORT metrics 127.0.0.1:PORT pid PID
#   target ipv4:127.0.0.1:PORT,127.0.0.1:PORT,...  (round_robin over all)
#   spool DIR                                    (with --spool shared)
#   logs DIR
#   ready
# SIGUSR1 restarts the replicas one by one, as a rollout does: each drains
# (SIGTERM), exits and starts again on its ports; a "replica-I ..." line
# (its new pid) follows each, and "rolled" the last.
# The budget's Redis may be stopped meanwhile (the gateways then run on
# their fallback share); a gateway that dies is reported and the others go
# on (they take its bulk jobs over); the sandbox exiting stops everything.
# Exit status: 0 when every gateway drained and exited 0 (the logs are then
# removed; otherwise they are kept).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
replicas=3
build_dir=$root/build

spool=shared

usage() { sed -n '2,50p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
while (($#)); do
  case $1 in
    --replicas) replicas=$2; shift 2 ;;
    --build-dir) build_dir=$2; shift 2 ;;
    --spool) spool=$2; shift 2 ;;
    -h|--help) usage ;;
    *) echo "unknown argument $1" >&2; usage ;;
  esac
done
[[ $replicas =~ ^[1-9][0-9]?$ ]] || { echo "--replicas: 1-99" >&2; exit 2; }
[[ $spool == shared || $spool == per-replica ]] ||
  { echo "--spool: shared or per-replica" >&2; exit 2; }
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
redis_pid="" jobs_redis_pid="" sandbox_pid="" gateway_pids=()
grpc_ports=() metrics_ports=()
stopping=0 restarting=0

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
  trap '' INT TERM USR1
  # Gateways first: they drain in parallel.
  for pid in "${gateway_pids[@]}"; do
    [[ -n $pid ]] && { kill -TERM "$pid" 2>/dev/null || true; }
  done
  for i in "${!gateway_pids[@]}"; do
    [[ -n ${gateway_pids[$i]} ]] || { status=1; continue; }
    if wait "${gateway_pids[$i]}"; then :; else
      echo "replica-$((i + 1)) exited with status $?" >&2
      status=1
    fi
  done
  for pid in $sandbox_pid $redis_pid $jobs_redis_pid; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in $sandbox_pid $redis_pid $jobs_redis_pid; do wait "$pid" 2>/dev/null || true; done
  return $status
}
fail_start() {
  echo "$1 did not start; its log:" >&2
  cat "$2" >&2
  stop_all || true
  exit 1
}
trap 'stop_all || true; exit 1' ERR INT TERM

# Starts redis-server NAME on a free port with ARGS (it cannot pick a port
# itself, so try a few); sets started_pid and started_port.
start_redis() {
  local name=$1 port
  shift
  started_pid="" started_port=""
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    port=$((20000 + RANDOM % 10000))
    : >"$logs/$name.log"  # as in start_replica: no last attempt's lines
    "$redis_bin" --bind 127.0.0.1 --port "$port" --daemonize no "$@" \
      >"$logs/$name.log" 2>&1 &
    started_pid=$!
    if wait_for_line "$logs/$name.log" 'Ready to accept connections' 10 "$started_pid"; then
      started_port=$port
      return 0
    fi
    kill "$started_pid" 2>/dev/null || true
    wait "$started_pid" 2>/dev/null || true
    started_pid=""
  done
  fail_start "$name" "$logs/$name.log"
}
# The budget: nothing to keep.
start_redis redis --save "" --appendonly no --dir "$logs"
redis_pid=$started_pid
redis_url=redis://127.0.0.1:$started_port
echo "redis $redis_url pid $redis_pid"
# Bulk job state: every write in an append-only file, nothing evicted.
mkdir -p "$logs/jobs-redis"
start_redis jobs-redis --save "" --appendonly yes --appendfsync always \
  --maxmemory-policy noeviction --dir "$logs/jobs-redis"
jobs_redis_pid=$started_pid
jobs_redis_url=redis://127.0.0.1:$started_port
echo "jobs-redis $jobs_redis_url pid $jobs_redis_pid"

gateway_env=()
if [[ -z ${GAINSIGHT_URL:-} ]]; then
  key=local-sandbox-key
  bulk_key=local-sandbox-bulk-key
  "$sandbox_bin" --listen 127.0.0.1:0 --access-key "$key" \
    --bulk-access-key "$bulk_key" --bulk-app-org-id local-org \
    --bulk-login-name local-user \
    ${SANDBOX_LIMITS:+--limits "$SANDBOX_LIMITS"} >"$logs/sandbox.log" 2>&1 &
  sandbox_pid=$!
  wait_for_line "$logs/sandbox.log" '^listening on ' 20 "$sandbox_pid" ||
    fail_start sandbox "$logs/sandbox.log"
  gainsight_url=http://$(sed -n 's/^listening on //p' "$logs/sandbox.log")
  gateway_env=(GAINSIGHT_ACCESS_KEY="$key" GAINSIGHT_ACCESS_KEY_FILE=
    GAINSIGHT_BULK_ACCESS_KEY="$bulk_key" GAINSIGHT_BULK_ACCESS_KEY_FILE=
    GAINSIGHT_BULK_APP_ORG_ID=local-org GAINSIGHT_BULK_LOGIN_NAME=local-user)
  echo "sandbox $gainsight_url pid $sandbox_pid"
else
  gainsight_url=$GAINSIGHT_URL
fi

if [[ $spool == shared ]]; then
  spool_dir=${GATEWAY_BULK_SPOOL_DIR:-$logs/spool}
  spool_shared=true
else
  spool_shared=false
fi

# Starts replica I (1-based) on GRPC_PORT and METRICS_PORT (0: any); waits
# until it serves and records its pid and ports.
start_replica() {
  local i=$1 grpc=$2 metrics=$3 pid
  # Emptied here first: the redirection below runs in the child, and on a
  # restart wait_for_line could otherwise read the last run's lines before it.
  : >"$logs/replica-$i.out"
  env "${gateway_env[@]}" "$gateway_bin" --listen "127.0.0.1:$grpc" \
    --metrics-listen "127.0.0.1:$metrics" \
    --gainsight-url "$gainsight_url" --redis "$redis_url" --replica-id "replica-$i" \
    --job-redis "$jobs_redis_url" --bulk-spool-shared "$spool_shared" \
    --bulk-spool-dir "${spool_dir:-$logs/replica-$i-spool}" \
    >"$logs/replica-$i.out" 2>>"$logs/replica-$i.log" &
  pid=$!
  wait_for_line "$logs/replica-$i.out" '^metrics on port ' 20 "$pid" ||
    fail_start "replica-$i" "$logs/replica-$i.log"
  gateway_pids[$((i - 1))]=$pid
  grpc_ports[$((i - 1))]=$(sed -n 's/^listening on port //p' "$logs/replica-$i.out")
  metrics_ports[$((i - 1))]=$(sed -n 's/^metrics on port //p' "$logs/replica-$i.out")
  echo "replica-$i grpc 127.0.0.1:${grpc_ports[$((i - 1))]} metrics 127.0.0.1:${metrics_ports[$((i - 1))]} pid $pid"
}

# A rollout: each replica in turn drains, exits and starts again on its
# ports (its bulk jobs go to the others meanwhile).
rolling_restart() {
  local i pid
  for i in $(seq 1 "$replicas"); do
    pid=${gateway_pids[$((i - 1))]}
    [[ -n $pid ]] || continue
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    start_replica "$i" "${grpc_ports[$((i - 1))]}" "${metrics_ports[$((i - 1))]}"
  done
  echo "rolled"
}

targets=()
for i in $(seq 1 "$replicas"); do
  start_replica "$i" 0 0
  targets+=("127.0.0.1:${grpc_ports[$((i - 1))]}")
done
trap 'stopping=1' INT TERM
trap 'restarting=1' USR1
trap - ERR
(IFS=,; echo "target ipv4:${targets[*]}")
[[ $spool == shared ]] && echo "spool $spool_dir"
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

# Until a signal, or until the sandbox or the last gateway exits. Redis may
# go (kill it to see the gateways fall back to their local share); a gateway
# that dies is reported, and the others take its bulk jobs over.
while ((stopping == 0)); do
  # `wait -n` returns when a child exits or a trapped signal arrives, but a
  # signal that lands between the check above and the start of the wait
  # only sets the flag: a short-lived sleeper bounds every wait to a second.
  sleep 1 &
  wait -n || true
  ((stopping == 1)) && break
  if ((restarting == 1)); then
    restarting=0
    rolling_restart
    continue
  fi
  for i in "${!gateway_pids[@]}"; do
    pid=${gateway_pids[$i]}
    [[ -n $pid ]] || continue
    if ! kill -0 "$pid" 2>/dev/null; then
      wait "$pid" 2>/dev/null && code=0 || code=$?
      echo "replica-$((i + 1)) (pid $pid) exited with status $code; the others go on" >&2
      gateway_pids[$i]=""
    fi
  done
  alive=0
  for pid in "${gateway_pids[@]}"; do [[ -n $pid ]] && alive=1; done
  if ((alive == 0)); then
    echo "no gateway left; stopping (logs in $logs)" >&2
    stopping=2
  fi
  if [[ -n $sandbox_pid ]] && ! kill -0 "$sandbox_pid" 2>/dev/null; then
    echo "the sandbox exited; stopping (logs in $logs)" >&2
    stopping=2
  fi
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
