#!/usr/bin/env bash
# Runs one suite on one VM for tests/conformance/run.sh:
#   run-suite.sh VM HAMLET AREA/SUITE SUITE_TIMEOUT CASE_TIMEOUT
# The stand-in (standin/conf_run.erl) appends one term a line to RESULTS/VM/AREA/SUITE.res.
# When the VM dies or hangs before its last line (done.), the case it was running is
# recorded as failed and the VM starts again after it (the cases already finished are in
# the .done file), until the suite's time is used up; cases never reached are then
# recorded as failed too. erl's results are kept while the suite's beam and the stand-in's sources
# are unchanged (the .key file). HAMLET_CONF_RESULTS_NAME names Hamlet's results folder
# (default hamlet; the gate uses hamlet-gate, so that a full run can go on beside it).
set -uo pipefail
vm=$1 hamlet=$2 target=$3 suite_t=$4 case_t=$5
area=${target%%/*} suite=${target#*/}
cache=$HAMLET_CONF_CACHE
build=$cache/build/$area
name=$vm
[ "$vm" = hamlet ] && name=${HAMLET_CONF_RESULTS_NAME:-hamlet}
out=$cache/results/$name/$area
res=$out/$suite.res
mkdir -p "$out"

if [ ! -e "$build/$suite.beam" ]; then
  { echo "{suite_error,\"did not compile (see $build/$suite.erl.err)\"}."; echo "done."; } >"$res"
  echo "$vm $target: not compiled" >&2
  exit 0
fi
# kernel's suites run in a distributed node, as common_test runs them: most of their peers
# (test_server:start_peer, which starts them on the same VM) need one.
dist=0
[ "$area" = kernel ] && dist=1
key="$(md5sum <"$build/$suite.beam" | cut -c1-32) $HAMLET_CONF_STANDIN_KEY$([ $dist = 1 ] && echo ' dist')"
if [ "$vm" = erl ] && [ -e "$res" ] && [ "$(cat "$res.key" 2>/dev/null)" = "$key" ] &&
   [ "$(tail -1 "$res")" = "done." ]; then
  exit 0
fi

case $vm in
  erl) cmd=(erl) mult=1 ;;
  # Hamlet runs the suites' code slower than erl's JIT: their timetraps are doubled.
  hamlet) cmd=("$hamlet") mult=2 ;;
esac
# The VM the stand-in starts peers on (peer's default is the erl found by progname).
export HAMLET_CONF_PEER_EXEC=$(command -v "${cmd[0]}")
work=$cache/run/$name/$area/$suite
rm -rf "$work" "$res" "$res.done"
mkdir -p "$work/priv"
: >"$res"
start=$(date +%s)
attempt=0
while :; do
  attempt=$((attempt + 1))
  left=$((suite_t - ($(date +%s) - start)))
  [ $left -ge 5 ] || break
  grep -oE '^\{result,"[^"]*"' "$res" | sed 's/^{result,"//; s/"$//' >"$res.done"
  name=()
  [ $dist = 1 ] && name=(-sname "conf_${suite}_$$_$attempt")
  (cd "$work" && timeout -k 5 "$left" "${cmd[@]}" "${name[@]}" -noshell -enable-feature maybe_expr -pa "$cache/standin" -pa "$build" \
    -run conf_run main "$suite" "$res" "$build/${suite}_data" "$work/priv" "$case_t" \
    "$res.done" "$mult" >>"$work/log" 2>&1 </dev/null)
  status=$?
  [ "$(tail -1 "$res")" = "done." ] && break
  # The VM stopped before the end: the case it was in (a start without a result) failed.
  running=$(grep -oE '^\{(start|result),"[^"]*"' "$res" | tail -1)
  case $running in
    '{start,'*)
      id=${running#\{start,\"}; id=${id%\"}
      why="the VM stopped in this case (exit status $status$([ $status = 124 ] && echo ', suite time limit'))"
      echo "{result,\"$id\",failed,0,\"$why\"}." >>"$res" ;;
    *)
      # Between cases (a group's or the suite's init/end) or before the plan: no retry.
      echo "{suite_error,\"the VM stopped outside a case (exit status $status)\"}." >>"$res"
      break ;;
  esac
  [ $attempt -lt 20 ] || break
done
if [ "$(tail -1 "$res")" != "done." ]; then
  # Cases of the plan never reached.
  plan=$(grep -m1 '^{plan,' "$res" | grep -oE '"[^"]*"' | tr -d '"')
  finished=$(grep -oE '^\{result,"[^"]*"' "$res" | sed 's/^{result,"//; s/"$//')
  comm -23 <(echo "$plan" | sort -u) <(echo "$finished" | sort -u) | while read -r id; do
    [ -n "$id" ] && echo "{result,\"$id\",failed,0,\"not run: the suite stopped before it\"}." >>"$res"
  done
  echo "done." >>"$res"
fi
echo "$key" >"$res.key"
rm -f "$res.done"
printf '%s %s: %s passed, %s failed, %s skipped (%s s, %s runs)\n' "$vm" "$target" \
  "$(grep -c '^{result,"[^"]*",passed,' "$res")" "$(grep -c '^{result,"[^"]*",failed,' "$res")" \
  "$(grep -cE '^\{result,"[^"]*",(auto_)?skipped,' "$res")" "$(( $(date +%s) - start ))" "$attempt" >&2
