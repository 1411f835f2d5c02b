#!/usr/bin/env bash
# Runs one lab scenario (erl_samples/lab/lab_driver.erl) on a VM exactly as the lab issue
# specifies, from a scratch directory:
#   VM -noshell -pa <elixir ebin> -pa <lab ebin> -s lab_driver SCENARIO -s init stop
# and writes OUT/SCENARIO.{stdout,stderr,status} with what varies between runs masked:
# pids, logger timestamps, and the heap/stack/reduction counts of crash reports.
#   tools/lab-scenario.sh VM LAB_EBIN SCENARIO OUT_DIR
set -uo pipefail
vm=$1 ebin=$(realpath "$2") scenario=$3 out=$(realpath "$4")
[[ $vm == */* ]] && vm=$(realpath "$vm")
elixir_ebin=${HAMLET_ELIXIR_EBIN:-/usr/lib/elixir/lib/elixir/ebin}
scratch=$(mktemp -d "${TMPDIR:-/tmp}/hamlet-lab.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
(cd "$scratch" && timeout 120 "$vm" -noshell -pa "$elixir_ebin" -pa "$ebin" -s lab_driver "$scenario" -s init stop \
   </dev/null >"$scratch/stdout" 2>"$scratch/stderr")
echo $? >"$out/$scenario.status"
mask() {
  sed -E -e 's/<[0-9]+\.[0-9]+\.[0-9]+>/<PID>/g' \
         -e 's/[0-9]{1,2}-[A-Z][a-z]{2}-[0-9]{4}::[0-9:.]+/TIMESTAMP/g' \
         -e 's/^(    (heap_size|stack_size|reductions): )[0-9]+$/\1N/'
}
mask <"$scratch/stdout" >"$out/$scenario.stdout"
mask <"$scratch/stderr" >"$out/$scenario.stderr"
