#!/usr/bin/env bash
# `./dev up` as a newcomer runs it: it starts the sandbox and the gateway,
# and whatever ends it (SIGINT as from Ctrl-C, the gateway exiting) stops
# both without an error, keeping its logs in one directory under the build
# directory that the next start empties.
#
#   tests/dev_up_test.sh BUILD_DIR
set -euo pipefail
# Job control: ./dev up runs in a process group of its own, as in a terminal
# (a non-interactive shell would start it with SIGINT ignored).
set -m
build_dir=$(cd "$1" && pwd)
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=tests/dev_up_lib.sh
source "$root/tests/dev_up_lib.sh"
dev_up_test_setup
passed=0 failed=0
pass() { echo "ok: $*"; passed=$((passed + 1)); }
fail() { echo "FAILED: $*"; failed=$((failed + 1)); }

all_gone() {
  for pid in "$@"; do
    kill -0 "$pid" 2>/dev/null && return 1
  done
  return 0
}

# 1. Ctrl-C (SIGINT to the whole process group) stops both processes,
#    without an error.
start "$work/first.out"
first=$(children)
[[ $(wc -w <<<"$first") == 2 ]] && pass "sandbox and gateway run" || fail "children: '$first'"
marker=$work/build/dev-up/earlier-run-file
touch "$marker"
kill -INT -- "-$dev_pid"
status=0; finish || status=$?
[[ $status == 130 ]] && pass "SIGINT ends it with 130" || fail "exit status $status"
if grep -q 'unbound variable' "$work/first.out"; then
  fail "an error on stop: $(grep 'unbound variable' "$work/first.out")"
else
  pass "no error on stop"
fi
# shellcheck disable=SC2086
all_gone $first && pass "SIGINT stopped both" || fail "still running: $first"
[[ -s $work/build/dev-up/gateway.log && -s $work/build/dev-up/sandbox.log ]] &&
  pass "logs kept in the build directory" || fail "logs missing"

# 2. The gateway exiting takes the sandbox with it; a start empties the
#    last run's directory.
start "$work/second.out"
[[ ! -e $marker ]] && pass "a start empties the last run's directory" || fail "old files kept"
second=$(children)
gateway=$(pgrep -P "$dev_pid" -f gainsight-gateway)
kill -TERM "$gateway"
status=0; finish || status=$?
# shellcheck disable=SC2086
all_gone $second && pass "the sandbox stopped with the gateway" || fail "still running: $second"
grep -q 'the gateway exited' "$work/second.out" && pass "says why it stopped" || fail "no reason given"
if grep -q 'unbound variable' "$work/second.out"; then fail "an error on stop"; else pass "no error"; fi

echo "$passed passed, $failed failed"
((failed == 0))
