#!/usr/bin/env bash
# Usage: stubs_current_test.sh GENERATE_SH BUILT_STUBS_DIR
# Generates the stubs afresh from the current protos and compares them with
# the ones the build made (and the examples were built and run against).
set -euo pipefail
generate=$1 built=$2
fresh=$(mktemp -d)
trap 'rm -rf "$fresh"' EXIT
"$generate" "$fresh" >/dev/null
status=0
for lang in cpp python go node java; do
  diff -r -q -x dist -x node_modules "$fresh/$lang" "$built/$lang" || status=1
done
if ((status)); then
  echo "build/client-gen is stale: rebuild (ninja) to regenerate the stubs" >&2
  exit 1
fi
echo "stubs current: $(find "$fresh" -type f | wc -l) files"
