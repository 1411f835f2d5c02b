#!/usr/bin/env bash
# Prints the folder holding the Debian source of an installed package, fetching and
# unpacking it first if needed (apt-get source at the installed version, a deb-src entry for
# bookworm added when missing) into a cache folder outside the repository:
#   tools/fetch-source.sh erlang erlang-base    -> .../erlang-25.2.3+dfsg
#   tools/fetch-source.sh elixir elixir         -> .../elixir-lang-1.14.0.dfsg
# HAMLET_SRC_CACHE sets the cache (default ~/.cache/hamlet-src). HAMLET_OTP_SRC or
# HAMLET_ELIXIR_SRC name a folder already unpacked (for erlang and elixir).
set -euo pipefail
package=$1 binary=${2:-$1}
case $package in
  erlang) preset=${HAMLET_OTP_SRC:-} ;;
  elixir) preset=${HAMLET_ELIXIR_SRC:-} ;;
  *) preset= ;;
esac
if [ -n "$preset" ]; then echo "${preset%/}"; exit 0; fi
cache=${HAMLET_SRC_CACHE:-$HOME/.cache/hamlet-src}
version=$(dpkg-query -W -f='${Version}' "$binary")
upstream=${version#*:}
upstream=${upstream%-*}
dir=$(ls -d "$cache"/*-"$upstream"/ 2>/dev/null | head -1 || true)
if [ -z "$dir" ]; then
  mkdir -p "$cache"
  sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  if ! grep -rqsE '^(deb-src|Types:.*deb-src)' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    echo "fetch-source: adding a deb-src entry for bookworm" >&2
    echo "deb-src http://deb.debian.org/debian bookworm main" |
      $sudo tee /etc/apt/sources.list.d/hamlet-deb-src.list >/dev/null
    $sudo apt-get update -qq
  fi
  dpkg -s dpkg-dev >/dev/null 2>&1 ||
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq dpkg-dev >/dev/null
  (cd "$cache" && apt-get source -qq "$package=$version" >/dev/null 2>&1)
  dir=$(ls -d "$cache"/*-"$upstream"/ | head -1)
fi
echo "${dir%/}"
