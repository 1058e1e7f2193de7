#!/usr/bin/env bash
# deploy/Dockerfile, checked without a Docker engine or a registry (its base
# images cannot be pulled here):
# - the runtime stage installs the Debian package of every library the built
#   gateway links directly (or it is in debian:12-slim already);
# - the build stage installs what ./dev installs to build, apart from
#   tools that only develop and test;
# - the runtime stage runs a numeric non-root user and an exec-form
#   entrypoint (no shell), exposes 50051, 9090 and 8081;
# - .dockerignore keeps build outputs and node_modules out of the context.
#
#   tests/deploy/dockerfile_test.sh GATEWAY_BINARY
set -euo pipefail
gateway_bin=$1
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
dockerfile=$root/deploy/Dockerfile
passed=0 failed=0
pass() { echo "ok: $*"; passed=$((passed + 1)); }
fail() { echo "FAILED: $*"; failed=$((failed + 1)); }
check() {
  local what=$1; shift
  if "$@"; then pass "$what"; else fail "$what"; fi
}

if ! command -v dpkg-query >/dev/null; then
  echo "SKIPPED: needs dpkg (Debian)"
  exit 77
fi

# Stage N's instructions, continuation lines joined.
stage() {
  awk -v want="$1" '
    /^[[:space:]]*#/ { next }
    { line = line $0 }
    /\\$/ { sub(/\\$/, " ", line); next }
    { if (line ~ /^FROM /) n++; if (n == want) print line; line = "" }
  ' "$dockerfile"
}
# Packages an apt-get install in the given instructions names.
apt_installs() {
  grep -o 'apt-get install[^&;]*' | tr ' ' '\n' | grep -v -e '^-' -e '^$' -e '^apt-get$' -e '^install$' | sort -u
}

stages=$(grep -c '^FROM ' "$dockerfile")
check "two stages" test "$stages" = 2
build_stage=$(stage 1)
runtime_stage=$(stage 2)
check "build stage on Debian 12" grep -q '^FROM debian:12 AS build' <<<"$build_stage"
check "runtime stage on Debian 12 slim" grep -q '^FROM debian:12-slim' <<<"$runtime_stage"
runtime_packages=$(apt_installs <<<"$runtime_stage")
build_packages=$(apt_installs <<<"$build_stage")

# Libraries the binary links directly -> their Debian packages.
slim_has="libc6 libstdc++6 libgcc-s1"  # essential in debian:12-slim (apt needs them)
while read -r soname; do
  path=$(ldd "$gateway_bin" | awk -v n="$soname" '$1 == n {print $3}')
  [[ -n $path ]] || { fail "$soname: not found by ldd"; continue; }
  pkg=$(dpkg -S "$path" 2>/dev/null || dpkg -S "$(readlink -f "$path")" 2>/dev/null || true)
  pkg=${pkg%%:*}
  if [[ -z $pkg ]]; then
    fail "$soname ($path): no Debian package owns it"
  elif grep -qxF "$pkg" <<<"$runtime_packages" || [[ " $slim_has " == *" $pkg "* ]]; then
    pass "$soname: $pkg in the runtime stage"
  else
    fail "$soname: runtime stage lacks $pkg"
  fi
done < <(readelf -d "$gateway_bin" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
check "CA certificates in the runtime stage" grep -qx ca-certificates <<<"$runtime_packages"

# What ./dev installs, less tools that only develop and test.
dev_only="clang-format clang libclang-rt-14-dev ccache curl redis-server python3-grpcio python3-protobuf podman buildah yamllint"
# The client stubs and examples (client/): Go, Java and their plugins.
dev_only+=" golang-go protoc-gen-go protoc-gen-go-grpc golang-google-grpc-dev golang-github-golang-protobuf-1-5-dev"
dev_only+=" golang-google-genproto-dev default-jdk-headless libgrpc-java protobuf-compiler-grpc-java-plugin"
dev_only+=" libprotobuf-java libnetty-java libperfmark-java libgoogle-gson-java libguava-java"
dev_only+=" libgeronimo-annotation-1.3-spec-java libnetty-tcnative-java libnetty-tcnative-jni"
dev_only+=" maven libmaven-compiler-plugin-java libmaven-resources-plugin-java libmaven-jar-plugin-java"
dev_only+=" libsurefire-java libmaven-install-plugin-java libmaven-dependency-plugin-java"
dev_only+=" libanimal-sniffer-java junit4"  # Maven builds of the Java stubs and example, offline
dev_only+=" python3-venv python3-pip python3-setuptools python3-wheel"  # the wheel and the Python example
dev_only+=" openssl"  # test certificates of the client TLS tests
dev_only+=" jq gcovr"  # the examples of gsctl's README; ./dev coverage
dev_packages=$(sed -n '/^apt_packages=(/,/^)/p' "$root/dev" | sed '1d;$d' | tr ' ' '\n' | grep -v '^$' | sort -u)
check "read ./dev's apt_packages" test -n "$dev_packages"
for pkg in $dev_packages; do
  [[ " $dev_only " == *" $pkg "* ]] && continue
  if grep -qxF "$pkg" <<<"$build_packages"; then
    pass "build stage installs $pkg"
  else
    fail "build stage lacks $pkg (./dev installs it; add it, or to dev_only in $0)"
  fi
done
check "build stage builds the gateway target" grep -q -- '--target gainsight-gateway' <<<"$build_stage"
check "build stage strips the binary" grep -q 'objcopy --strip-all' <<<"$build_stage"

check "runtime user is numeric and not root" grep -qE '^USER [1-9][0-9]*:[1-9][0-9]*$' <<<"$runtime_stage"
check "exec-form entrypoint" grep -qx 'ENTRYPOINT \["/usr/local/bin/gainsight-gateway"\]' <<<"$runtime_stage"
check "no CMD (flags come from the environment)" bash -c "! grep -q '^CMD' <<<\"\$1\"" _ "$runtime_stage"
check "exposes 50051, 9090 and 8081 (health)" grep -qx 'EXPOSE 50051 9090 8081' <<<"$runtime_stage"
check "no HEALTHCHECK needing a shell or curl" bash -c "! grep -q '^HEALTHCHECK' <<<\"\$1\"" _ "$runtime_stage"
for ignored in .git build tools/node_modules third_party; do
  check ".dockerignore leaves out $ignored" grep -qx "$ignored" "$root/.dockerignore"
done

echo "$passed passed, $failed failed"
((failed == 0))
