#!/usr/bin/env bash
# Elixir's Regex on Hamlet compared with erl: compiles tests/elixir_regex (elixirc, erlc) into
# a scratch directory and runs ex_re_check:main/0 on both.
#   tools/check-elixir-regex.sh [HAMLET]   (default: build/hamlet)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
hamlet=$(realpath "${1:-$root/build/hamlet}")
ebin=/usr/lib/elixir/lib/elixir/ebin
scratch=$(mktemp -d "${TMPDIR:-/tmp}/elixir-regex.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
(cd "$scratch" && elixirc "$root/tests/elixir_regex/re_literal.ex" >/dev/null &&
   erlc "$root/tests/elixir_regex/ex_re_check.erl")
run() { (cd "$scratch" && "$@" -noshell -pa "$ebin" -pa . -s ex_re_check main -s init stop 2>&1); }
run erl >"$scratch/erl.out"
run "$hamlet" >"$scratch/hamlet.out"
if diff "$scratch/erl.out" "$scratch/hamlet.out"; then echo "ok elixir regex"; else exit 1; fi
