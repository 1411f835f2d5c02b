#!/usr/bin/env bash
# Output logged before init:stop must never be lost, however busy the machine: runs the
# stop_flush sample (gen_servers crash, then -s init stop) RUNS times while BUSY busy loops
# compete for the cores, and compares each run with erl's recorded output
# (tools/compare-sample.sh). Any run that lost a report fails the test.
#   tools/check-stop-flush.sh HAMLET BEAM_DIR [RUNS] [BUSY]
set -uo pipefail
hamlet=$1 beams=$2 runs=${3:-20} busy=${4:-3}
root=$(cd "$(dirname "$0")/.." && pwd)
loops=()
for ((i = 0; i < busy; i++)); do
  (while :; do :; done) &
  loops+=($!)
done
trap 'kill "${loops[@]}" 2>/dev/null' EXIT
failed=0
for ((i = 1; i <= runs; i++)); do
  if ! out=$("$root/tools/compare-sample.sh" "$hamlet" "$beams" stop_flush 2>&1); then
    failed=$((failed + 1))
    echo "run $i:"; echo "$out" | head -20
  fi
done
echo "$((runs - failed)) passed, $failed failed (stop_flush, $runs runs beside $busy busy loops)"
((failed == 0))
