#!/usr/bin/env bash
# Runs one of Elixir's ExUnit test files on one VM for tests/conformance/run.sh:
#   run-exunit.sh VM HAMLET AREA/FILE FILE_TIMEOUT
# AREA is an Elixir application (elixir, ex_unit, logger, eex) and FILE a test file of it
# without .exs, relative to lib/elixir/test/elixir or lib/APP/test. It is started as Elixir's
# Makefile starts its tests (from lib/APP: elixir -r TEST_HELPER FILE), with the installed
# elixir and, for Hamlet, a folder where erl is a link to Hamlet first in PATH; the
# conformance formatter (exunit/conf_formatter.ex) writes one line per test into
# RESULTS/VM/AREA/FILE.res. Each run has its own copy of the application's test folder (the
# tests write beside it, into lib/APP/tmp; removed afterwards, the log stays in the run's
# folder); the rest of the source tree is linked.
# A VM that dies or is stopped at FILE_TIMEOUT before the end leaves a suite_error, and the
# tests it had started without a result fail. erl's results are kept while the test file,
# its test_helper.exs and the formatter's sources are unchanged (the .key file).
set -uo pipefail
vm=$1 hamlet=$2 target=$3 file_t=$4
area=${target%%/*} file=${target#*/}
cache=$HAMLET_CONF_CACHE src=$HAMLET_CONF_ELIXIR_SRC
name=$vm
[ "$vm" = hamlet ] && name=${HAMLET_CONF_RESULTS_NAME:-hamlet}
case $area in
  elixir) tests=test/elixir ;;
  *) tests=test ;;
esac
res=$cache/results/$name/$area/$file.res
mkdir -p "$(dirname "$res")"
if [ ! -e "$src/lib/$area/$tests/$file.exs" ]; then
  { echo "{suite_error,\"no test file lib/$area/$tests/$file.exs\"}."; echo "done."; } >"$res"
  exit 0
fi
key="$(cat "$src/lib/$area/$tests/$file.exs" "$src/lib/$area/$tests/test_helper.exs" |
       md5sum | cut -c1-32) $HAMLET_CONF_EXUNIT_KEY"
if [ "$vm" = erl ] && [ -e "$res" ] && [ "$(cat "$res.key" 2>/dev/null)" = "$key" ] &&
   [ "$(tail -1 "$res")" = "done." ]; then
  exit 0
fi

path=$PATH mult=1
work=$cache/run/$name/$area/$file
rm -rf "$work" "$res"
mkdir -p "$work/root/lib/$area" "$work/root/bin"
if [ "$vm" = hamlet ]; then
  # Hamlet runs the tests slower than erl's JIT: ExUnit's timeouts are doubled.
  mkdir -p "$work/vm-bin"
  ln -s "$hamlet" "$work/vm-bin/erl"
  path=$work/vm-bin:$PATH mult=2
fi
# The source tree: the application's test folder copied, everything else linked; bin/ holds
# the installed launchers (the tests start bin/elixir, bin/elixirc and bin/iex).
for f in "$src"/*; do
  [ "$(basename "$f")" = lib ] || [ "$(basename "$f")" = bin ] || ln -s "$f" "$work/root/"
done
for f in "$src"/lib/*; do
  [ "$(basename "$f")" = "$area" ] || ln -s "$f" "$work/root/lib/"
done
for f in "$src/lib/$area"/*; do
  [ "$(basename "$f")" = test ] || ln -s "$f" "$work/root/lib/$area/"
done
cp -r "$src/lib/$area/test" "$work/root/lib/$area/"
for b in elixir elixirc iex mix; do
  ln -s "$(readlink -f "$(command -v $b)")" "$work/root/bin/$b"
done

: >"$res"
start=$(date +%s)
(cd "$work/root/lib/$area" &&
 PATH=$path HAMLET_EXUNIT_RESULTS=$res HAMLET_EXUNIT_MULT=$mult \
   timeout -k 5 "$file_t" elixir -pa "$cache/exunit" -r "$tests/test_helper.exs" \
   -r "$HAMLET_CONF_EXUNIT_SETUP" -r "$tests/$file.exs" >"$work/log" 2>&1 </dev/null)
status=$?
rm -rf "$work/root"
if [ "$(tail -1 "$res")" != "done." ]; then
  why="the VM stopped before the end (exit status $status$([ $status = 124 ] && echo ', file time limit'); see $work/log)"
  # Tests started without a result fail there.
  comm -23 <(grep -oE '^\{start,"([^"\\]|\\.)*"' "$res" | sed 's/^{start,//' | sort -u) \
           <(grep -oE '^\{result,"([^"\\]|\\.)*"' "$res" | sed 's/^{result,//' | sort -u) |
    while IFS= read -r id; do
      [ -n "$id" ] && echo "{result,$id,failed,0,\"the VM stopped in this test\"}." >>"$res"
    done
  echo "{suite_error,\"$why\"}." >>"$res"
  echo "done." >>"$res"
fi
echo "$key" >"$res.key"
printf '%s %s: %s passed, %s failed, %s skipped or excluded (%s s)\n' "$vm" "$target" \
  "$(grep -c '^{result,.*",passed,[0-9]*,"' "$res")" \
  "$(grep -c '^{result,.*",failed,[0-9]*,"' "$res")" \
  "$(grep -cE '^\{result,.*",(skipped|excluded),[0-9]*,"' "$res")" "$(( $(date +%s) - start ))" >&2
