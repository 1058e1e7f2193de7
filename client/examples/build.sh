#!/usr/bin/env bash
# Builds one language's example offline, against stubs from client/generate.sh.
#
#   client/examples/build.sh LANGUAGE [GEN_DIR [OUT_DIR]]
#
# LANGUAGE is go, java or node (python needs no build). GEN_DIR defaults to
# client/gen, OUT_DIR to client/gen/examples. What it leaves in OUT_DIR and
# how to run it:
#   go    OUT_DIR/go/quickstart              GRPC_GO_RETRY=on OUT_DIR/go/quickstart --target HOST:PORT
#   java  OUT_DIR/java/classes, classpath,   java -Djava.library.path=OUT_DIR/java/native \
#         native/ (netty-tcnative)             -cp "$(cat OUT_DIR/java/classpath)" \
#                                              io.gainsightgateway.examples.Quickstart --target HOST:PORT
#   node  OUT_DIR/node/quickstart.js         NODE_PATH=OUT_DIR/node/node_modules:tools/node_modules \
#                                              node OUT_DIR/node/quickstart.js --target HOST:PORT
# Go uses Debian's Go packages in GOPATH mode (/usr/share/gocode), Java
# Debian's jars in /usr/share/java, Node the packages in tools/node_modules.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
lang=${1:?usage: build.sh go|java|node [GEN_DIR [OUT_DIR]]}
gen=$(cd "${2:-$root/client/gen}" && pwd)
out=${3:-$gen/examples}
mkdir -p "$out/$lang"
out=$(cd "$out" && pwd)

case $lang in
  go)
    # GOPATH mode: Debian packages Go libraries as GOPATH sources, and module
    # mode cannot resolve grpc's go.mod offline.
    gopath=$out/go/gopath
    mkdir -p "$gopath/src/gainsight-gateway/gen"
    ln -sfn "$gen/go" "$gopath/src/gainsight-gateway/gen/go"
    (cd "$root/client/examples/go" &&
      GO111MODULE=off GOPATH=$gopath:/usr/share/gocode GOPROXY=off GOFLAGS= \
        go build -o "$out/go/quickstart" .)
    ;;
  java)
    jars=(grpc-api grpc-core grpc-context grpc-netty grpc-protobuf grpc-protobuf-lite grpc-stub
          protobuf guava jsr305 error_prone_annotations perfmark-api gson
          netty-buffer netty-codec netty-codec-http netty-codec-http2 netty-codec-socks
          netty-common netty-handler netty-handler-proxy netty-resolver netty-transport
          netty-transport-native-unix-common netty-tcnative)
    classpath=""
    for jar in "${jars[@]}"; do
      [[ -f /usr/share/java/$jar.jar ]] || { echo "missing /usr/share/java/$jar.jar" >&2; exit 1; }
      classpath+=/usr/share/java/$jar.jar:
    done
    rm -rf "$out/java/classes"
    mkdir -p "$out/java/classes"
    # javax.annotation.Generated (on the generated services) is needed to compile only.
    find "$gen/java/src/main/java" "$root/client/examples/java" -name '*.java' >"$out/java/sources"
    javac -nowarn -encoding UTF-8 -J-XX:+UseSerialGC -J-XX:TieredStopAtLevel=1 -d "$out/java/classes" \
      -cp "${classpath}/usr/share/java/geronimo-annotation-1.3-spec.jar" @"$out/java/sources" \
      2> >(grep -v '^Note:' >&2)
    echo "$out/java/classes:${classpath%:}" >"$out/java/classpath"
    # TLS: gRPC needs ALPN, which Debian's Netty offers only through OpenSSL
    # (netty-tcnative), not through the JDK. Netty loads the library as
    # netty_tcnative; Debian names it libnetty-tcnative.so, and tcnative
    # refuses to be loaded through a link: a copy of it, then.
    tcnative=$(ls /usr/lib/*/jni/libnetty-tcnative.so 2>/dev/null | head -1)
    [[ -n $tcnative ]] || { echo "missing libnetty-tcnative.so (libnetty-tcnative-jni)" >&2; exit 1; }
    mkdir -p "$out/java/native"
    cp "$tcnative" "$out/java/native/libnetty_tcnative.so"
    ;;
  node)
    tools=$root/tools/node_modules
    # The stubs are an npm package: compile it (its dependencies come from tools/).
    ln -sfn "$tools" "$gen/node/node_modules"
    "$tools/.bin/tsc" -p "$gen/node"
    mkdir -p "$out/node/node_modules/@gainsight-gateway"
    ln -sfn "$gen/node" "$out/node/node_modules/@gainsight-gateway/stubs"
    cat >"$out/node/tsconfig.json" <<JSON
{
  "compilerOptions": {
    "target": "ES2022", "module": "commonjs", "moduleResolution": "node",
    "strict": true, "esModuleInterop": true, "skipLibCheck": true,
    "outDir": "$out/node", "rootDir": "$root/client/examples/node",
    "baseUrl": "$out/node",
    "paths": {
      "@gainsight-gateway/stubs/*": ["$gen/node/dist/*"],
      "*": ["$tools/*", "$tools/@types/*"]
    },
    "typeRoots": ["$tools/@types"], "types": ["node"]
  },
  "files": ["$root/client/examples/node/quickstart.ts"]
}
JSON
    "$tools/.bin/tsc" -p "$out/node/tsconfig.json"
    ;;
  *)
    echo "unknown language $lang (go, java or node)" >&2
    exit 2
    ;;
esac
