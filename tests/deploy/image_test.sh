#!/usr/bin/env bash
# The offline OCI image (deploy/image/build.sh), built and inspected here:
# - at most 60 MB; runs as 65532:65532; exec entrypoint; ports 50051 and 9090;
# - holds no shell, and no shared library that the binary does not load;
# - its own filesystem, mounted read-only and entered as user 65532 with
#   only the variables given (what readOnlyRootFilesystem, runAsNonRoot and
#   an empty image give a pod), runs the gateway: healthy on its health
#   names, serving a call through to the sandbox, exit 0 on SIGTERM.
# `podman run` does not work on every machine (it needs to set rlimits), so
# the last part enters the image with chroot in a mount namespace of its own
# (needs root).
#
#   tests/deploy/image_test.sh GATEWAY_BINARY SANDBOX_BINARY BUF_BINARY
# Exits 77 (skipped) without podman/buildah, or without root for the run.
set -euo pipefail
gateway_bin=$1 sandbox_bin=$2 buf_bin=$3
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
max_bytes=60000000
passed=0 failed=0

pass() { echo "ok: $*"; passed=$((passed + 1)); }
fail() { echo "FAILED: $*"; failed=$((failed + 1)); }
check() {  # check DESCRIPTION COMMAND...
  local what=$1; shift
  if "$@"; then pass "$what"; else fail "$what"; fi
}
finish() {
  echo "$passed passed, $failed failed"
  ((failed == 0))
  exit $?
}

if command -v podman >/dev/null; then
  tool=podman
elif command -v buildah >/dev/null; then
  tool=buildah
else
  echo "SKIPPED: neither podman nor buildah is installed"
  exit 77
fi

work=$(mktemp -d /tmp/gg-image-test-XXXXXX)
pids=()
mounted=""
# shellcheck disable=SC2317  # called by the EXIT trap
cleanup() {
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [[ -n $mounted ]]; then
    if [[ $tool == podman ]]; then
      podman "${storage[@]}" image unmount gg-test:image >/dev/null 2>&1 || true
    else
      buildah "${storage[@]}" umount "$container" >/dev/null 2>&1 || true
    fi
  fi
  $tool "${storage[@]}" rmi -f gg-test:image >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
storage=(--root "$work/store/storage" --runroot "$work/store/run" --storage-driver vfs)

out=$("$root/deploy/image/build.sh" --tool "$tool" --binary "$gateway_bin" --tag gg-test:image \
  --root "$work/store" --archive "$work/image.tar") || { echo "$out"; fail "build.sh builds the image"; finish; }
echo "$out"
pass "build.sh builds the image with $tool, offline"
size=$(sed -n 's/^size: \([0-9]*\) bytes.*/\1/p' <<<"$out")
check "image size ${size} bytes <= ${max_bytes}" test "$size" -le "$max_bytes"
check "OCI archive written" test -s "$work/image.tar"

# The image's configuration.
if [[ $tool == podman ]]; then
  inspect() { podman "${storage[@]}" image inspect --format "$1" gg-test:image; }
  user=$(inspect '{{.Config.User}}')
  entrypoint=$(inspect '{{json .Config.Entrypoint}}')
  cmd=$(inspect '{{json .Config.Cmd}}')
  ports=$(inspect '{{json .Config.ExposedPorts}}')
else
  inspect() { buildah "${storage[@]}" inspect --type image --format "$1" gg-test:image; }
  user=$(inspect '{{.OCIv1.Config.User}}')
  entrypoint=$(inspect '{{json .OCIv1.Config.Entrypoint}}')
  cmd=$(inspect '{{json .OCIv1.Config.Cmd}}')
  ports=$(inspect '{{json .OCIv1.Config.ExposedPorts}}')
fi
check "runs as 65532:65532 (not root)" test "$user" = "65532:65532"
check "exec-form entrypoint, the gateway itself" test "$entrypoint" = '["/usr/local/bin/gainsight-gateway"]'
check "no default command" test "$cmd" = "null" -o "$cmd" = "[]"
check "exposes 50051/tcp" grep -q '"50051/tcp"' <<<"$ports"
check "exposes 9090/tcp" grep -q '"9090/tcp"' <<<"$ports"
check "exposes 8081/tcp (health)" grep -q '"8081/tcp"' <<<"$ports"

# The image's files.
if [[ $tool == podman ]]; then
  fs=$(podman "${storage[@]}" image mount gg-test:image)
else
  container=$(buildah "${storage[@]}" from gg-test:image)
  fs=$(buildah "${storage[@]}" mount "$container")
fi
mounted=yes
shells=$(find "$fs" \( -name sh -o -name bash -o -name dash -o -name busybox \) -print)
check "no shell in the image" test -z "$shells"
needed=$(ldd "$gateway_bin" | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// {print $1}' | sort -u)
extra=""
while IFS= read -r f; do
  rel=/${f#"$fs"/}
  [[ $rel == /usr/local/bin/gainsight-gateway ]] && continue
  grep -qxF "$rel" <<<"$needed" || extra+=" $rel"
done < <(find "$fs" -type f \( -name '*.so' -o -name '*.so.*' -o -perm -u+x \))
check "every library and executable is one the gateway loads${extra:+ (extra:$extra)}" test -z "$extra"
missing=""
for lib in $needed; do [[ -f $fs$lib ]] || missing+=" $lib"; done
check "every library the gateway loads is there${missing:+ (missing:$missing)}" test -z "$missing"
check "CA certificates for HTTPS" test -s "$fs/etc/ssl/certs/ca-certificates.crt"
check "binary stripped of debug information" \
  bash -c "! readelf -S '$fs/usr/local/bin/gainsight-gateway' | grep -q debug_info"

# Run the image's own filesystem: read-only, as 65532, no inherited variables.
if [[ $(id -u) != 0 ]] || ! command -v unshare >/dev/null; then
  echo "SKIPPED: running the image's filesystem needs root (unshare, chroot)"
  echo "$passed passed, $failed failed"
  ((failed == 0)) && exit 77 || exit 1
fi

wait_for_line() {  # wait_for_line FILE REGEX SECONDS: polls, bounded
  local deadline=$((SECONDS + $3))
  until grep -qE "$2" "$1"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.05
  done
}

"$sandbox_bin" --listen 127.0.0.1:0 --access-key image-test-key >"$work/sandbox.out" 2>&1 &
pids+=($!)
wait_for_line "$work/sandbox.out" '^listening on ' 20 || { cat "$work/sandbox.out"; fail "sandbox starts"; finish; }
sandbox_url=http://$(sed -n 's/^listening on //p' "$work/sandbox.out")

# shellcheck disable=SC2016  # $1 expands in the inner shell
env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
  GAINSIGHT_ACCESS_KEY=image-test-key GAINSIGHT_URL="$sandbox_url" \
  GATEWAY_LISTEN=127.0.0.1:0 GATEWAY_METRICS_LISTEN=127.0.0.1:0 GATEWAY_DRAIN_TIMEOUT=5s \
  unshare --mount --propagation private \
  /bin/sh -c 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && exec chroot --userspec=65532:65532 "$1" /usr/local/bin/gainsight-gateway' \
  sh "$fs" >"$work/gateway.out" 2>"$work/gateway.err" &
gateway_pid=$!
pids+=("$gateway_pid")
if ! wait_for_line "$work/gateway.out" '^listening on port [0-9]+' 20; then
  cat "$work/gateway.out" "$work/gateway.err"
  fail "the gateway starts from the image's read-only filesystem as 65532"
  finish
fi
pass "the gateway starts from the image's read-only filesystem as 65532"
port=$(sed -n 's/^listening on port //p' "$work/gateway.out")
check "runs as uid 65532" test "$(stat -c %u /proc/"$gateway_pid")" = 65532
check "its root filesystem is read-only" bash -c "! touch /proc/$gateway_pid/root/write-test 2>/dev/null"

curl_grpc() { "$buf_bin" curl --protocol grpc --http2-prior-knowledge --emit-defaults "http://127.0.0.1:$port/$1" -d "$2" 2>&1; }
for name in gainsight-gateway.liveness gainsight-gateway.readiness; do
  r=$(curl_grpc grpc.health.v1.Health/Check "{\"service\":\"$name\"}") || true
  check "health $name SERVING" grep -q '"SERVING"' <<<"$r"
done
r=$(curl_grpc gainsight.v1.CompanyService/InsertCompanies '{"companies":[{"name":"Image Test Inc"}]}') || true
check "a call goes through to Gainsight (libcurl, key)" grep -q WRITE_ACTION_INSERTED <<<"$r" || echo "$r"

kill -TERM "$gateway_pid"
code=0
deadline=$((SECONDS + 15))
while kill -0 "$gateway_pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.05; done
wait "$gateway_pid" || code=$?
check "SIGTERM: exit 0 (got $code)" test "$code" = 0
check "drain finished" grep -q '"drain_finished"' "$work/gateway.err"
finish
