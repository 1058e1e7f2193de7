#!/usr/bin/env bash
# Copies the few googleapis protos the API imports (google.rpc error model, google.type.Date)
# from the npm package google-proto-files into third_party/googleapis. Needs `npm ci` in tools/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
src=$root/tools/node_modules/google-proto-files
dst=$root/third_party/googleapis
[[ -d $src ]] || { echo "missing $src: run 'npm ci' in tools/" >&2; exit 1; }
for f in google/rpc/status.proto google/rpc/error_details.proto google/rpc/code.proto google/type/date.proto; do
  mkdir -p "$dst/$(dirname "$f")"
  cmp -s "$src/$f" "$dst/$f" || cp "$src/$f" "$dst/$f"
done
