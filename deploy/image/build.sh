#!/usr/bin/env bash
# Builds the gateway's OCI image offline with podman (or buildah), FROM
# scratch: the built binary (stripped), exactly the shared libraries it loads
# (from ldd), CA certificates for HTTPS, and a non-root user. No base image,
# no registry and no network are needed; no shell is in the image.
#
#   deploy/image/build.sh [--binary PATH] [--tag NAME] [--root DIR]
#                         [--archive FILE] [--rootfs DIR]
#
#   --binary PATH   the gateway (default build/bin/gainsight-gateway: ./dev build)
#   --tag NAME      image name (default gainsight-gateway:<version in CMakeLists.txt>)
#   --root DIR      keep images in a container storage of their own under DIR
#                   (vfs driver; works where the system storage does not)
#   --archive FILE  also save the image as an OCI archive (podman load -i FILE,
#                   or skopeo copy oci-archive:FILE docker://REGISTRY/...)
#   --rootfs DIR    keep the staged root filesystem in DIR (must not exist)
#   --tool NAME     podman or buildah (default: podman if installed)
#
# Prints the image's name, id and size (bytes) on its last lines.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
binary=$root/build/bin/gainsight-gateway
version=$(sed -n 's/^project(gainsight_gateway VERSION \([0-9.]*\).*/\1/p' "$root/CMakeLists.txt")
tag=gainsight-gateway:${version:-latest}
storage=() archive="" keep_rootfs="" tool=""

usage() { sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
while (($#)); do
  case $1 in
    --binary) binary=$2; shift 2 ;;
    --tag) tag=$2; shift 2 ;;
    --root) storage=(--root "$2/storage" --runroot "$2/run" --storage-driver vfs); shift 2 ;;
    --archive) archive=$2; shift 2 ;;
    --rootfs) keep_rootfs=$2; shift 2 ;;
    --tool) tool=$2; shift 2 ;;
    -h|--help) usage ;;
    *) echo "unknown argument $1" >&2; usage ;;
  esac
done

if [[ -z $tool ]]; then
  if command -v podman >/dev/null; then tool=podman; else tool=buildah; fi
fi
if [[ $tool != podman && $tool != buildah ]] || ! command -v "$tool" >/dev/null; then
  echo "build.sh: needs podman or buildah (apt-get install podman buildah)" >&2
  exit 3
fi
[[ -x $binary ]] || { echo "build.sh: no binary at $binary (run ./dev build)" >&2; exit 1; }
ca_bundle=/etc/ssl/certs/ca-certificates.crt
[[ -f $ca_bundle ]] || { echo "build.sh: $ca_bundle missing (apt-get install ca-certificates)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rootfs=$work/rootfs
mkdir -p "$rootfs/usr/local/bin" "$rootfs/etc/ssl/certs" "$rootfs/tmp"
chmod 1777 "$rootfs/tmp"

# The binary, without debug information.
objcopy --strip-all "$binary" "$rootfs/usr/local/bin/gainsight-gateway"

# Every shared library the loader would map, and the loader, at the same paths.
if ldd "$binary" | grep -q 'not found'; then
  ldd "$binary" | grep 'not found' >&2
  exit 1
fi
libs=$(ldd "$binary" | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// {print $1}' | sort -u)
for lib in $libs; do
  mkdir -p "$rootfs$(dirname "$lib")"
  cp -L "$lib" "$rootfs$lib"
done

# CA bundle for https:// tenants (libcurl's default path on Debian).
cp -L "$ca_bundle" "$rootfs/etc/ssl/certs/"
# The user the image runs as, for tools that look names up.
printf 'root:x:0:0:root:/root:/sbin/nologin\ngateway:x:65532:65532:gainsight-gateway:/nonexistent:/sbin/nologin\n' \
  >"$rootfs/etc/passwd"
printf 'root:x:0:\ngateway:x:65532:\n' >"$rootfs/etc/group"
# /etc/hosts before DNS (glibc's default without this file is the reverse).
printf 'hosts: files dns\n' >"$rootfs/etc/nsswitch.conf"

cat >"$work/Containerfile" <<CONTAINERFILE
FROM scratch
COPY rootfs/ /
USER 65532:65532
EXPOSE 50051 9090 8081
ENTRYPOINT ["/usr/local/bin/gainsight-gateway"]
LABEL org.opencontainers.image.title="gainsight-gateway" \\
      org.opencontainers.image.description="gRPC gateway to the Gainsight NXT REST API" \\
      org.opencontainers.image.version="$version"
CONTAINERFILE

if [[ $tool == podman ]]; then
  podman "${storage[@]}" build --quiet --network=none -f "$work/Containerfile" -t "$tag" "$work" >/dev/null
  id=$(podman "${storage[@]}" image inspect --format '{{.Id}}' "$tag")
  size=$(podman "${storage[@]}" image inspect --format '{{.Size}}' "$tag")
  [[ -z $archive ]] || podman "${storage[@]}" save --quiet --format oci-archive -o "$archive" "$tag"
else
  buildah "${storage[@]}" bud --quiet --network=none -f "$work/Containerfile" -t "$tag" "$work" >/dev/null
  id=$(buildah "${storage[@]}" inspect --type image --format '{{.FromImageID}}' "$tag")
  size=$(du -sb "$rootfs" | cut -f1)  # buildah reports no image size; the layer's content
  [[ -z $archive ]] || buildah "${storage[@]}" push --quiet "$tag" "oci-archive:$archive"
fi
if [[ -n $keep_rootfs ]]; then
  cp -a "$rootfs" "$keep_rootfs"
fi

echo "libraries: $(wc -w <<<"$libs")"
echo "image: $tag"
echo "id: $id"
echo "size: $size bytes ($(awk -v s="$size" 'BEGIN{printf "%.1f MB", s/1e6}'))"
