#!/usr/bin/env bash
# Quick start 1: set up, build, and run Hamlet on the built-in samples, each as erl would
# run it: hamlet -noshell -pa build/erl_samples -s NAME main -s init stop
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/tools/setup.sh" "$root/build" || exit 1
shopt -s nullglob
for src in "$root"/erl_samples/*.erl; do
  name=$(basename "$src" .erl)
  echo "=== $name"
  (cd "$(mktemp -d)" && timeout 60 "$root/build/hamlet" -noshell -pa "$root/build/erl_samples" \
     -s "$name" main -s init stop </dev/null)
  echo "=== $name exited with status $?"
done
