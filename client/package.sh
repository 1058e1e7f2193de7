#!/usr/bin/env bash
# Builds installable packages of the client stubs that client/generate.sh made.
#
#   client/package.sh [GEN_DIR [OUT_DIR]]
#   client/package.sh --key [GEN_DIR]     prints the cache key (below) only
#
# GEN_DIR defaults to client/gen, OUT_DIR to client/dist. Into OUT_DIR:
#   python/gainsight_gateway_stubs-0.1.0-py3-none-any.whl  pip install it
#   node/gainsight-gateway-stubs-0.1.0.tgz                  npm install it
#   go/gainsight-gateway-stubs/                             a Go module directory
#                                                           (module gainsight-gateway/gen/go):
#                                                           `go mod edit -replace` to it
#   java/gainsight-gateway-stubs-0.1.0.jar and .pom         mvn install:install-file them
# How to use each in a project: client/README.md, "Packages". Everything is
# built offline: Python's setuptools and wheel, Maven and its plugins come
# from Debian (Maven reads /usr/share/maven-repo through
# client/maven-debian.sh), TypeScript from tools/node_modules.
# GEN_DIR is not written to: each package is built in a scratch copy.
#
# Built packages are kept in a cache (GG_CLIENT_CACHE, by default
# ~/.cache/gainsight-gateway/client-packages; empty turns it off) under the
# hash of everything they are built from: GEN_DIR's sources, this script, the
# Maven wrapper and settings, TypeScript's lock and the tools' versions. Another
# checkout of the same sources (a fresh clone in CI) unpacks them instead of
# building them again. The newest five sets are kept.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
key_only=false
if [[ ${1:-} == --key ]]; then
  key_only=true
  shift
fi
gen=$(cd "${1:-$root/client/gen}" && pwd)
cache_home=${XDG_CACHE_HOME:-${HOME:+$HOME/.cache}}
cache=${GG_CLIENT_CACHE-${cache_home:+$cache_home/gainsight-gateway/client-packages}}
languages=(python node go java)

inputs_key() {
  {
    (cd "$gen" && find "${languages[@]}" -type f \
      ! -path 'node/node_modules/*' ! -path 'node/dist/*' -print0 2>/dev/null |
      LC_ALL=C sort -z | xargs -0r sha256sum || true)
    (cd "$root" && sha256sum client/package.sh client/maven-debian.sh \
      client/maven-settings-debian.xml tools/package-lock.json)
    /usr/bin/python3 --version
    javac -version 2>&1 || true
    dpkg-query -W python3-setuptools python3-wheel maven 2>/dev/null || true
    if command -v mvn >/dev/null; then echo "mvn found"; fi
  } | sha256sum | cut -c1-32
}

if $key_only; then
  inputs_key
  exit 0
fi
out=${2:-$root/client/dist}
mkdir -p "$out"
out=$(cd "$out" && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

python_wheel() {
  rm -rf "$out/python"
  mkdir -p "$out/python"
  cp -r "$gen/python" "$scratch/python"
  # Debian's python3 (its setuptools and wheel), not one from PATH.
  /usr/bin/python3 -m pip wheel --quiet --no-deps --no-index --no-build-isolation \
    --wheel-dir "$out/python" "$scratch/python"
}

node_tarball() {
  rm -rf "$out/node"
  mkdir -p "$out/node"
  cp -r "$gen/node" "$scratch/node"
  rm -rf "$scratch/node/node_modules" "$scratch/node/dist"
  ln -s "$root/tools/node_modules" "$scratch/node/node_modules"
  "$root/tools/node_modules/.bin/tsc" -p "$scratch/node"
  (cd "$scratch/node" && npm pack --silent --pack-destination "$out/node" >/dev/null)
}

go_module() {
  rm -rf "$out/go"
  mkdir -p "$out/go"
  cp -r "$gen/go" "$out/go/gainsight-gateway-stubs"
}

java_jar() {
  rm -rf "$out/java"
  mkdir -p "$out/java"
  cp -r "$gen/java" "$scratch/java"
  (cd "$scratch/java" && "$root/client/maven-debian.sh" "$scratch/m2" package)
  cp "$scratch/java/target/gainsight-gateway-stubs-0.1.0.jar" "$out/java/"
  cp "$scratch/java/pom.xml" "$out/java/gainsight-gateway-stubs-0.1.0.pom"
}

build_all() {
  python_wheel
  node_tarball
  go_module
  if command -v mvn >/dev/null; then
    java_jar
  else
    echo "no jar: mvn not found (Debian package maven)" >&2
  fi
}

# The cache is best effort: one that cannot be read or written is skipped.
from_cache() {
  [[ -f $cache/$key.tar ]] || return 1
  (cd "$out" && rm -rf "${languages[@]}")
  if ! tar -C "$out" -xf "$cache/$key.tar" 2>/dev/null; then
    rm -f "$cache/$key.tar"
    return 1
  fi
  touch "$cache/$key.tar" 2>/dev/null || true  # recently used: kept
  echo "packages from the cache ($cache/$key.tar)"
}

into_cache() {
  mkdir -p "$cache" 2>/dev/null || return 0
  local archive=$cache/$key.tar
  # Written aside and renamed: a reader never sees half an archive.
  if tar -C "$out" -cf "$archive.$$" $(cd "$out" && ls -d "${languages[@]}" 2>/dev/null) 2>/dev/null; then
    mv -f "$archive.$$" "$archive"
  else
    rm -f "$archive.$$"
  fi
  ls -t "$cache"/*.tar 2>/dev/null | tail -n +6 | xargs -r rm -f || true
}

if [[ -z $cache ]]; then
  build_all
else
  key=$(inputs_key)
  if ! from_cache; then
    build_all
    into_cache
  fi
fi
echo "packages in $out: $(cd "$out" && echo python/*.whl node/*.tgz go/* java/*.jar 2>/dev/null)"
