# Starting and stopping `./dev up` from a test script. The caller sets
# `root` (the repository) and `build_dir` (a build with the binaries), then
# calls dev_up_test_setup.
# shellcheck shell=bash

# A temporary directory (`work`) and, on exit, ./dev up stopped and the
# directory removed.
dev_up_test_setup() {
  work=$(mktemp -d)
  dev_pid=""
  trap dev_up_test_cleanup EXIT
}
dev_up_test_cleanup() {
  [[ -n $dev_pid ]] && kill -- "-$dev_pid" 2>/dev/null
  rm -rf "$work"
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# Starts ./dev up on free ports, with a build directory of its own (the
# binaries of BUILD_DIR linked in), and waits until it says it is ready.
start() {  # $1 output file
  mkdir -p "$work/build/bin"
  ln -sf "$build_dir/bin/gainsight-gateway" "$build_dir/bin/gainsight-sandbox" "$work/build/bin/"
  grpc_port=$(free_port)
  DEV_SKIP_BUILD=1 BUILD_DIR=$work/build DEV_GRPC_PORT=$grpc_port \
    DEV_LIMITS=${DEV_LIMITS:-} \
    DEV_METRICS_PORT=$(free_port) "$root/dev" up >"$1" 2>&1 &
  dev_pid=$!
  for _ in $(seq 300); do
    grep -qs 'Ctrl-C stops both' "$1" && return 0
    kill -0 "$dev_pid" 2>/dev/null || break
    sleep 0.1
  done
  cat "$1"
  return 1
}
children() { pgrep -P "$dev_pid" | tr '\n' ' '; }
# Waits until ./dev up has exited; its exit status.
finish() {
  local status=0
  wait "$dev_pid" || status=$?
  dev_pid=""
  return "$status"
}
