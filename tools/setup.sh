#!/usr/bin/env bash
# Installs what Hamlet needs on Debian 12 (when missing), then configures and builds.
#   tools/setup.sh [BUILD_DIR [extra cmake args...]]
# Incremental: a second run only rebuilds what changed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
shift || true

packages=(build-essential cmake ninja-build ccache pkg-config clang libclang-rt-14-dev
          zlib1g-dev libuv1-dev libgmp-dev libpcre2-dev libcli11-dev catch2
          libncurses-dev
          erlang-base erlang-dev erlang-tools erlang-crypto erlang-public-key erlang-eunit elixir)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# ccache: share compiled objects between clones of the project (paths relative to the root).
export CCACHE_BASEDIR=$root CCACHE_NOHASHDIR=true

if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$root" -B "$build" -G Ninja "$@" >/dev/null
fi
# HAMLET_TARGETS limits the build to some targets (default: all).
# shellcheck disable=SC2086
if ! ninja -C "$build" -j"${HAMLET_JOBS:-2}" ${HAMLET_TARGETS:-} >"$build/build.log" 2>&1; then
  grep -E 'error|FAILED' "$build/build.log" | head -40
  echo "setup: the build failed (log: $build/build.log)" >&2
  exit 1
fi
test -x "$build/hamlet"
