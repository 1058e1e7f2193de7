#!/usr/bin/env bash
# Usage: package_cache_test.sh PACKAGE_SH BUILT_STUBS_DIR
# client/package.sh's cache: an archive it cannot read is replaced by a build;
# a second build of the same stubs, from another directory, unpacks that
# build's packages (the same files); a changed stub has another key.
set -euo pipefail
package=$1 stubs=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export GG_CLIENT_CACHE=$work/cache
key=$("$package" --key "$stubs")
mkdir -p "$GG_CLIENT_CACHE"
echo "not an archive" >"$GG_CLIENT_CACHE/$key.tar"

"$package" "$stubs" "$work/first" >"$work/first.log"
if grep -q "from the cache" "$work/first.log"; then
  echo "an unreadable archive answered" >&2
  exit 1
fi
cp -r "$stubs" "$work/copy"
"$package" "$work/copy" "$work/second" >"$work/second.log"
grep -q "from the cache ($GG_CLIENT_CACHE/$key.tar)" "$work/second.log" ||
  { echo "the same stubs were built again:" >&2; cat "$work/second.log" >&2; exit 1; }
diff -r "$work/first" "$work/second" || { echo "the cache answered other files" >&2; exit 1; }

for changed in python/pyproject.toml node/package.json go/go.mod java/pom.xml; do
  rm -rf "$work/changed"
  cp -r "$stubs" "$work/changed"
  echo >>"$work/changed/$changed"
  if [[ $("$package" --key "$work/changed") == "$key" ]]; then
    echo "changing $changed keeps the cache key" >&2
    exit 1
  fi
done
echo "package cache: an unreadable archive rebuilt, reused for the same stubs, a new key for changed ones"
