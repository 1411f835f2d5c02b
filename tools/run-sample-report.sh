#!/usr/bin/env bash
# Compares every sample with erl's recorded output and prints a summary; used to see
# progress (tests/CMakeLists.txt runs the samples expected to pass as individual tests).
#   tools/run-sample-report.sh [BUILD_DIR]
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
pass=0 fail=0 failed=()
for src in "$root"/erl_samples/*.erl; do
  name=$(basename "$src" .erl)
  if DIFF_LINES=${DIFF_LINES:-4} "$root/tools/compare-sample.sh" "$build/hamlet" "$build/erl_samples" "$name"; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    failed+=("$name")
  fi
done
echo "failing: ${failed[*]:-none}"
echo "samples: $pass passed, $fail failed"
