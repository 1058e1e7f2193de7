#!/usr/bin/env bash
# Builds installable packages of the client stubs that client/generate.sh made.
#
#   client/package.sh [GEN_DIR [OUT_DIR]]
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
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
gen=$(cd "${1:-$root/client/gen}" && pwd)
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

python_wheel
node_tarball
go_module
if command -v mvn >/dev/null; then
  java_jar
else
  echo "no jar: mvn not found (Debian package maven)" >&2
fi
echo "packages in $out: $(cd "$out" && echo python/*.whl node/*.tgz go/* java/*.jar 2>/dev/null)"
