#!/usr/bin/env bash
# The conformance regression gate: runs the suites of gate.txt (OTP's AREA/SUITE and
# Elixir's AREA/FILE test files) on Hamlet and fails when a case of gate_baseline.txt
# (cases that passed on Hamlet and on erl when it was recorded) does not pass.
#   tests/conformance/gate.sh [HAMLET]            check (tools/run-tests.sh's gate stage)
#   tests/conformance/gate.sh --record N [HAMLET] write the baseline: the cases that pass on
#                                                 erl and in each of N runs on Hamlet
# A case is left out of the baseline by an "AREA/SUITE:CASE reason" line in gate.txt
# (cases that depend on timing or on the machine's load).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
record=0
if [ "${1:-}" = --record ]; then record=$2; shift 2; fi
hamlet=${1:-$root/build/hamlet}
cache=${HAMLET_CONF_CACHE:-$HOME/.cache/hamlet-conf}
results=$cache/results
export HAMLET_CONF_RESULTS_NAME=hamlet-gate
selection=$(grep -oE '^[a-z_]+/([A-Za-z0-9_]+_SUITE|[A-Za-z0-9_/]+_test)( |$)' "$here/gate.txt" |
           tr -d ' ')
left_out=$(grep -oE '^[a-z]+/[A-Za-z0-9_]+_SUITE:[^ ]+' "$here/gate.txt" || true)
run() { "$here/run.sh" --hamlet "$hamlet" --no-report --jobs 2 --suite-timeout 300 \
          --case-timeout 60 "$@" $selection; }

# The cases of a result file with the given status, as AREA/SUITE:CASE (an ExUnit case is
# Module/test name, which may hold spaces and escaped quotes: one a line).
cases_with() { # STATUS VM
  local s
  for s in $selection; do
    grep -oE "^\{result,\"([^\"\\\\]|\\\\.)*\",$1," "$results/$2/$s.res" 2>/dev/null |
      sed "s|^{result,\"|$s:|; s|\",$1,\$||" || true
  done | sort -u
}

if [ "$record" -gt 0 ]; then
  run
  passing=$(comm -12 <(cases_with passed erl) <(cases_with passed hamlet-gate))
  for i in $(seq 2 "$record"); do
    run --no-erl
    passing=$(comm -12 <(echo "$passing") <(cases_with passed hamlet-gate))
  done
  {
    echo "# The regression gate's baseline (tests/conformance/gate.sh --record $record): cases"
    echo "# of gate.txt's suites that passed on erl and in each of $record runs on Hamlet."
    comm -23 <(echo "$passing") <(echo "$left_out" | sort -u)
  } >"$here/gate_baseline.txt"
  echo "gate: $(grep -vc '^#' "$here/gate_baseline.txt") cases in the baseline"
  exit 0
fi

t0=$(date +%s)
run --no-erl
baseline=$(grep -v '^#' "$here/gate_baseline.txt" | sort -u)
failed=$(comm -23 <(echo "$baseline") <(cases_with passed hamlet-gate))
n=$(echo "$baseline" | grep -c . || true)
echo "gate: $(echo "$selection" | wc -w) suites, $n baseline cases, $(( $(date +%s) - t0 )) s"
if [ -n "$failed" ]; then
  echo "gate: $(echo "$failed" | wc -l) baseline cases do not pass:"
  while IFS= read -r c; do
    s=${c%%:*} id=${c#*:}
    why=$(grep -F "{result,\"$id\"," "$results/hamlet-gate/$s.res" | tail -1 | cut -c1-300)
    echo "  $c  ${why:-no result}"
  done <<<"$failed"
  exit 1
fi
new=$(comm -13 <(echo "$baseline") <(cases_with passed hamlet-gate) | grep -c . || true)
echo "gate: every baseline case passes ($new more cases pass outside the baseline)"
