#!/usr/bin/env bash
# Quick start 1: set up, build, and run Hamlet on the built-in samples (and the lab), each as erl would
# run it: hamlet -noshell -pa build/erl_samples -s NAME main -s init stop
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/tools/setup.sh" "$root/build" || exit 1
shopt -s nullglob
for src in "$root"/erl_samples/*.erl; do
  name=$(basename "$src" .erl)
  echo "=== $name"
  args=(-s "$name" main -s init stop)
  # A sample may give its own command line (erl_samples/NAME.args, one argument per line).
  if [[ -f "$root/erl_samples/$name.args" ]]; then mapfile -t args <"$root/erl_samples/$name.args"; fi
  (cd "$(mktemp -d)" && timeout 60 "$root/build/hamlet" -noshell -pa "$root/build/erl_samples" \
     "${args[@]}" </dev/null)
  echo "=== $name exited with status $?"
done

# The lab (Elixir, on the real Elixir standard library), every scenario in order.
if [ -f "$root/build/lab_ebin/lab_driver.beam" ]; then
  echo "=== lab: hamlet -noshell -pa <elixir ebin> -pa build/lab_ebin -s lab_driver all -s init stop"
  (cd "$(mktemp -d)" && timeout 120 "$root/build/hamlet" -noshell -pa /usr/lib/elixir/lib/elixir/ebin \
     -pa "$root/build/lab_ebin" -s lab_driver all -s init stop </dev/null)
  echo "=== lab exited with status $?"
fi
