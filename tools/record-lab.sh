#!/usr/bin/env bash
# Records what erl prints for each lab scenario (erl_samples/lab/expected/), from the beams
# the build compiled into build/lab_ebin.
#   tools/record-lab.sh [SCENARIO...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$root/erl_samples/lab/expected"
for s in ${*:-hello fib slow_seq slow_async counter counter_supervisor word_count}; do
  "$root/tools/lab-scenario.sh" erl "$root/build/lab_ebin" "$s" "$root/erl_samples/lab/expected"
  echo "$s: exit $(cat "$root/erl_samples/lab/expected/$s.status")"
done
