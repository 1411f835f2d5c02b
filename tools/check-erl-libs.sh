#!/usr/bin/env bash
# ERL_LIBS puts each LIB/ebin on the code path, as erl does: a module in a library found
# only through ERL_LIBS runs, with the same output on erl and Hamlet.
#   tools/check-erl-libs.sh HAMLET
set -euo pipefail
hamlet=$(realpath "$1")
dir=$(mktemp -d "${TMPDIR:-/tmp}/hamlet-erllibs.XXXXXX")
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/libs/hamlet_libtest-1.0/ebin"
printf -- '-module(hamlet_libtest).\n-export([hi/0]).\nhi() -> io:format("~p~n", [filename:basename(filename:dirname(filename:dirname(code:which(?MODULE))))]).\n' \
  >"$dir/hamlet_libtest.erl"
erlc -o "$dir/libs/hamlet_libtest-1.0/ebin" "$dir/hamlet_libtest.erl"
want=$(cd "$dir" && ERL_LIBS="$dir/libs" erl -noshell -s hamlet_libtest hi -s init stop 2>&1)
got=$(cd "$dir" && ERL_LIBS="$dir/libs" "$hamlet" -noshell -s hamlet_libtest hi -s init stop 2>&1)
if [ "$want" != "$got" ]; then
  echo "ERL_LIBS: erl printed [$want], Hamlet [$got]"
  exit 1
fi
echo "ok ERL_LIBS: $got"
