#!/usr/bin/env bash
# Builds one language's example as a user would: a clean copy of its project
# (client/examples/LANGUAGE, with its ordinary project file), the stubs package
# from client/package.sh installed into it, then the language's own build.
#
#   client/examples/build.sh LANGUAGE [PACKAGES_DIR [OUT_DIR]]
#
# LANGUAGE is python, go, java or node. PACKAGES_DIR defaults to client/dist,
# OUT_DIR to client/dist/examples; the project is OUT_DIR/LANGUAGE (replaced).
# What it leaves there and how to run it:
#   python  venv/bin/gainsight-quickstart     OUT_DIR/python/venv/bin/gainsight-quickstart --target HOST:PORT
#   go      quickstart                        GRPC_GO_RETRY=on OUT_DIR/go/quickstart --target HOST:PORT
#   java    target/gainsight-quickstart-0.1.0.jar,
#           native/ (netty-tcnative)          java -Djava.library.path=OUT_DIR/java/native \
#                                               -jar OUT_DIR/java/target/gainsight-quickstart-0.1.0.jar --target HOST:PORT
#   node    dist/quickstart.js                node OUT_DIR/node/dist/quickstart.js --target HOST:PORT
#
# Offline, from Debian and npm's cache: Python in a venv over Debian's grpcio
# and protobuf (pip --no-index); Go in module mode with a vendor/ directory of
# Debian's Go sources (/usr/share/gocode); Java with Maven over Debian's
# /usr/share/maven-repo (client/maven-debian.sh, profile debian for
# Debian's netty-tcnative); Node with npm, which prefers its cache.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
lang=${1:?usage: build.sh python|go|java|node [PACKAGES_DIR [OUT_DIR]]}
packages=$(cd "${2:-$root/client/dist}" && pwd)
out=${3:-$packages/examples}
mkdir -p "$out"
out=$(cd "$out" && pwd)
[[ -d $root/client/examples/$lang ]] || { echo "unknown language $lang (python, go, java or node)" >&2; exit 2; }
project=$out/$lang
rm -rf "$project"
mkdir -p "$project"
# The project's own files: not what building it in place left behind
# (client/examples/build-outputs, which CMake skips too).
tar -C "$root/client/examples/$lang" -cf - \
  --exclude-from="$root/client/examples/build-outputs" . |
  tar -C "$project" -xf -
cd "$project"

maven() { "$root/client/maven-debian.sh" "$project/.m2" "$@"; }

# vendor/ for a module build without a module proxy: every module go.mod
# requires comes from Debian's GOPATH sources, except the replaced ones.
go_vendor_from_debian() {
  local modules path version replacement go_version
  mkdir -p vendor
  modules=$(go mod edit -json | jq -r '.Require[] | "\(.Path) \(.Version)"')
  while read -r path version; do
    replacement=$(go mod edit -json |
      jq -r --arg p "$path" '(.Replace // [])[] | select(.Old.Path == $p) | .New.Path')
    if [[ -n $replacement ]]; then
      mkdir -p "vendor/$(dirname "$path")"
      ln -sfn "$replacement" "vendor/$path"
      printf '# %s %s => %s\n## explicit\n' "$path" "$version" "$replacement"
    else
      [[ -d /usr/share/gocode/src/$path ]] || { echo "missing Debian Go package for $path" >&2; exit 1; }
      mkdir -p "vendor/$(dirname "$path")"
      ln -sfn "/usr/share/gocode/src/$path" "vendor/$path"
      go_version=$(sed -n 's/^go //p' "/usr/share/gocode/src/$path/go.mod" 2>/dev/null || true)
      printf '# %s %s\n## explicit%s\n' "$path" "$version" "${go_version:+; go $go_version}"
    fi
  done <<<"$modules" >vendor/modules.txt
  go mod edit -json | jq -r '(.Replace // [])[] | "# \(.Old.Path) => \(.New.Path)"' >>vendor/modules.txt
}

case $lang in
  python)
    /usr/bin/python3 -m venv --system-site-packages venv
    venv/bin/pip install --quiet --no-index --no-build-isolation \
      "$packages"/python/gainsight_gateway_stubs-*.whl .
    ;;
  go)
    go mod edit -replace "gainsight-gateway/gen/go=$packages/go/gainsight-gateway-stubs"
    go_vendor_from_debian
    # -trimpath: no directory names in what is compiled, so Go's build cache
    # serves another checkout of the same sources.
    GOFLAGS=-mod=vendor GOPROXY=off go build -trimpath -o quickstart .
    ;;
  java)
    maven install:install-file -Dfile="$packages/java/gainsight-gateway-stubs-0.1.0.jar" \
      -DpomFile="$packages/java/gainsight-gateway-stubs-0.1.0.pom"
    maven -Pdebian package
    # TLS: gRPC needs ALPN, which Debian's Netty offers only through OpenSSL
    # (netty-tcnative), not through the JDK. Netty loads the library as
    # netty_tcnative; Debian names it libnetty-tcnative.so, and tcnative
    # refuses to be loaded through a link: a copy of it, then.
    tcnative=$(ls /usr/lib/*/jni/libnetty-tcnative.so 2>/dev/null | head -1)
    [[ -n $tcnative ]] || { echo "missing libnetty-tcnative.so (libnetty-tcnative-jni)" >&2; exit 1; }
    mkdir -p native
    cp "$tcnative" native/libnetty_tcnative.so
    ;;
  node)
    npm install --prefer-offline --no-audit --no-fund --silent \
      "$packages"/node/gainsight-gateway-stubs-0.1.0.tgz
    npm run --silent build
    ;;
esac
