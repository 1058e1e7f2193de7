#!/usr/bin/env bash
# Usage: package_cache_test.sh PACKAGE_SH BUILT_STUBS_DIR
# client/package.sh's cache: a second build of the same stubs, from another
# directory, unpacks the first one's packages (the same files); a changed
# stub has another key, so it is built anew.
set -euo pipefail
package=$1 stubs=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export GG_CLIENT_CACHE=$work/cache

"$package" "$stubs" "$work/first" >"$work/first.log"
if grep -q "from the cache" "$work/first.log"; then
  echo "an empty cache answered" >&2
  exit 1
fi
cp -r "$stubs" "$work/copy"
"$package" "$work/copy" "$work/second" >"$work/second.log"
grep -q "from the cache" "$work/second.log" ||
  { echo "the same stubs were built again:" >&2; cat "$work/second.log" >&2; exit 1; }
diff -r "$work/first" "$work/second" || { echo "the cache answered other files" >&2; exit 1; }

for changed in python/pyproject.toml node/package.json go/go.mod java/pom.xml; do
  rm -rf "$work/changed"
  cp -r "$stubs" "$work/changed"
  echo >>"$work/changed/$changed"
  if [[ $("$package" --key "$work/changed") == $("$package" --key "$stubs") ]]; then
    echo "changing $changed keeps the cache key" >&2
    exit 1
  fi
done
echo "package cache: reused for the same stubs, a new key for changed ones"
