#!/usr/bin/env bash
# Runs a lab scenario on Hamlet and compares it (masked, see tools/lab-scenario.sh) with
# what erl printed (erl_samples/lab/expected/, recorded by tools/record-lab.sh).
#   tools/compare-lab.sh HAMLET LAB_EBIN SCENARIO
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
got=$(mktemp -d "${TMPDIR:-/tmp}/hamlet-lab-got.XXXXXX")
trap 'rm -rf "$got"' EXIT
"$root/tools/lab-scenario.sh" "$1" "$2" "$3" "$got"
ok=1
for part in stdout stderr status; do
  if ! cmp -s "$root/erl_samples/lab/expected/$3.$part" "$got/$3.$part"; then
    ok=0
    echo "--- lab $3: $part differs from erl's (expected first):"
    diff "$root/erl_samples/lab/expected/$3.$part" "$got/$3.$part" | head -${DIFF_LINES:-20}
  fi
done
((ok)) && echo "ok lab $3"
((ok))
