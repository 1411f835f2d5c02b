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
    # deb822 form with the keyring Debian's own entries name: a one-line entry without
    # Signed-By conflicts with them where they set it. Security and updates carry the
    # point-release versions (for example 25.2.3+dfsg-1+deb12u4).
    echo "fetch-source: adding deb-src entries for bookworm" >&2
    $sudo rm -f /etc/apt/sources.list.d/hamlet-deb-src.list
    signed=""
    if grep -qsE '^Signed-By: */usr/share/keyrings/debian-archive-keyring.gpg' \
        /etc/apt/sources.list.d/*.sources; then
      signed="Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg"
    fi
    {
      printf 'Types: deb-src\nURIs: http://deb.debian.org/debian\nSuites: bookworm bookworm-updates\n'
      printf 'Components: main\n%s\n\n' "$signed"
      printf 'Types: deb-src\nURIs: http://deb.debian.org/debian-security\nSuites: bookworm-security\n'
      printf 'Components: main\n%s\n' "$signed"
    } | $sudo tee /etc/apt/sources.list.d/hamlet-deb-src.sources >/dev/null
    $sudo apt-get update -qq
  fi
  dpkg -s dpkg-dev >/dev/null 2>&1 ||
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq dpkg-dev >/dev/null
  if ! (cd "$cache" && apt-get source -qq "$package=$version" >"$cache/apt-source.log" 2>&1); then
    echo "fetch-source: apt-get source $package=$version failed:" >&2
    tail -5 "$cache/apt-source.log" >&2
    exit 1
  fi
  dir=$(ls -d "$cache"/*-"$upstream"/ | head -1)
fi
echo "${dir%/}"
