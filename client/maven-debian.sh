#!/usr/bin/env bash
# Runs Maven offline over Debian's repository, quietly:
#
#   client/maven-debian.sh LOCAL_REPO [MAVEN_ARGS...]
#
# Every artifact comes from /usr/share/maven-repo (maven-settings-debian.xml);
# LOCAL_REPO is the writable repository Maven copies what it uses into. The
# colour resets Debian 12's Maven prints even in batch mode are stripped.
set -euo pipefail
settings=$(cd "$(dirname "$0")" && pwd)/maven-settings-debian.xml
repo=${1:?usage: maven-debian.sh LOCAL_REPO [MAVEN_ARGS...]}
shift
{ mvn --quiet --batch-mode -s "$settings" -Dmaven.repo.local="$repo" "$@" 2>&1; } |
  sed 's/\x1b\[[0-9;]*m//g'
