#!/usr/bin/env bash
# The conformance suite: OTP 25.2.3's own test suites (from the source of the installed
# erlang package, fetched by tools/fetch-source.sh into a cache outside the repository),
# compiled with the installed erlc and run without common_test through the stand-in in
# standin/, each suite in its own VM process with a time limit; and Elixir 1.14.0's own
# ExUnit test files (from the installed elixir package's source), run by the real ExUnit
# with the formatter in exunit/, each file in its own VM process (run-exunit.sh).
#
#   tests/conformance/run.sh [options] [TARGET...]
#     TARGET         an area (OTP's emulator, compiler, stdlib, kernel; Elixir's elixir,
#                    ex_unit, logger, eex) or AREA/SUITE (OTP), AREA/FILE or AREA/FOLDER
#                    (Elixir: elixir/kernel, elixir/kernel/errors_test, logger/logger_test);
#                    default: emulator compiler stdlib
#     --vm hamlet|erl   run on Hamlet (default) or on erl only
#     --hamlet PATH  Hamlet's binary (default: build/hamlet of this checkout)
#     --list FILE    read targets from FILE (one a line, # comments)
#     --jobs N       suites run at the same time (default 2)
#     --suite-timeout S  wall-clock limit of one suite or Elixir test file (default 600)
#     --case-timeout S   hard limit of one OTP case (default 120; an Elixir test has
#                        ExUnit's own timeout, doubled on Hamlet)
#     --no-report    run only; do not print the report
#     --no-erl       do not run erl (the regression gate compares with its baseline)
#     --report-only  print the report from the results already there
# Every suite also runs on erl (results cached by suite, keyed by the suite's beam and the
# stand-in); the report counts only cases that pass on erl (report.escript).
# HAMLET_CONF_CACHE sets the cache (default ~/.cache/hamlet-conf).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cache=${HAMLET_CONF_CACHE:-$HOME/.cache/hamlet-conf}
vm=hamlet hamlet=$root/build/hamlet jobs=2 suite_t=600 case_t=120 report=1 run=1 erl=1
targets=()
while [ $# -gt 0 ]; do
  case $1 in
    --vm) vm=$2; shift ;;
    --hamlet) hamlet=$2; shift ;;
    --list) while read -r line; do
              line=${line%%#*}; line=$(echo $line)
              [ -n "$line" ] && targets+=("${line%% *}")
            done <"$2"; shift ;;
    --jobs) jobs=$2; shift ;;
    --suite-timeout) suite_t=$2; shift ;;
    --case-timeout) case_t=$2; shift ;;
    --no-report) report=0 ;;
    --no-erl) erl=0 ;;
    --report-only) run=0 ;;
    -h|--help) sed -n '2,26p' "$0"; exit 0 ;;
    *) targets+=("$1") ;;
  esac
  shift
done
[ ${#targets[@]} -gt 0 ] || targets=(emulator compiler stdlib)
case $vm in hamlet|erl) ;; *) echo "run.sh: --vm is hamlet or erl" >&2; exit 2 ;; esac
if [ $vm = hamlet ] && [ $run = 1 ] && [ ! -x "$hamlet" ]; then
  echo "run.sh: no Hamlet binary at $hamlet (build it: tools/setup.sh build)" >&2; exit 2
fi
# A binary that cannot boot (a build of the hamlet target alone has no build/shim) would
# show every case as a VM crash: say so once instead.
if [ $vm = hamlet ] && [ $run = 1 ] && ! "$hamlet" -noshell -eval 'halt().' >/dev/null 2>&1; then
  echo "run.sh: $hamlet does not boot (is build/shim built? tools/setup.sh build)" >&2; exit 2
fi

is_elixir_area() { case $1 in elixir|ex_unit|logger|eex) return 0 ;; *) return 1 ;; esac; }
otp=0 elixir=0
for t in "${targets[@]}"; do
  if is_elixir_area "${t%%/*}"; then elixir=1; else otp=1; fi
done
src= esrc=
[ $otp = 0 ] || src=$("$root/tools/fetch-source.sh" erlang erlang-base)
[ $elixir = 0 ] || esrc=$("$root/tools/fetch-source.sh" elixir elixir)
mkdir -p "$cache"

# The test folder of each area in OTP's or Elixir's source (OTP: and the application whose
# include folder its suites expect).
area_dir() {
  case $1 in
    emulator) echo "$src/erts/emulator/test" ;;
    compiler|stdlib|kernel) echo "$src/lib/$1/test" ;;
    elixir) echo "$esrc/lib/elixir/test/elixir" ;;
    ex_unit|logger|eex) echo "$esrc/lib/$1/test" ;;
    *) echo "run.sh: unknown area $1" >&2; return 1 ;;
  esac
}

# The stand-in, compiled once per change of its sources.
standin=$cache/standin
mkdir -p "$standin"
# Each beam is written beside and renamed into place: suites of another run may be loading
# them at that moment.
for f in "$here"/standin/*.erl; do
  b=$standin/$(basename "$f" .erl).beam
  if [ ! -e "$b" ] || [ "$f" -nt "$b" ]; then
    tmp=$(mktemp -d "$cache/standin.XXXXXX")
    erlc +debug_info -o "$tmp" "$f" && mv "$tmp"/*.beam "$standin/"
    rm -rf "$tmp"
  fi
done
# erl's cached results stay valid while the stand-in's sources are unchanged.
standin_key=$(cat "$here"/standin/*.erl | md5sum | cut -c1-32)

# An area's suites: a copy of its test folder (the suites read and write their *_data
# folders), where each module is compiled the first time a target needs it: the suites
# asked for and every module that is not a suite (their helpers). A module that does not
# compile leaves its errors in NAME.erl.err and its suite is reported as not compiled
# (the run goes on: kernel's code_a_test.erl does not compile on purpose).
compile_in_area() {
  local area=$1 b=$cache/build/$1
  shift
  if [ ! -e "$b/.copied" ]; then
    rm -rf "$b"; mkdir -p "$cache/build"
    cp -r "$(area_dir "$area")" "$b"
    touch "$b/.copied"
  fi
  (cd "$b" && for f in "$@" $(ls *.erl | grep -v '_SUITE\.erl$'); do
     [ -e "${f%.erl}.beam" ] || [ -e "$f.err" ] || echo "$f"
   done | sort -u | xargs -r -P "$jobs" -I{} sh -c \
     'echo "compiling $4/$3" >&2
      erlc +debug_info -I "$1/lib" -I "$1/lib/$2/include" -I "$1/lib/$2/src" -I . "$3" \
        >"$3.err" 2>&1 && rm -f "$3.err"; true' _ "$src" "$area" {} "$area")
}

# Targets as AREA/SUITE lines (Elixir: AREA/FILE, the test file's path without .exs).
expand_targets() {
  local t area
  for t in "${targets[@]}"; do
    area=${t%%/*}
    area_dir "$area" >/dev/null
    if is_elixir_area "$area"; then
      if [ "$t" = "$area" ] || [ -d "$(area_dir "$area")/${t#*/}" ]; then
        (cd "$(area_dir "$area")" && find "./${t#$area}" -name '*_test.exs' -not -path '*/fixtures/*' |
           sed "s|^\./*|$area/|; s|//*|/|g; s|\.exs$||" | sort)
      else
        echo "$t"
      fi
    elif [ "$t" = "$area" ]; then
      (cd "$(area_dir "$area")" && ls *_SUITE.erl | sed "s|^|$area/|; s|\.erl$||")
    else
      echo "$t"
    fi
  done
}
suites=$(expand_targets)
if [ $run = 1 ]; then
  for area in $(echo "$suites" | cut -d/ -f1 | sort -u); do
    is_elixir_area "$area" && continue
    compile_in_area "$area" $(echo "$suites" | grep "^$area/" | sed 's|.*/||; s|$|.erl|')
  done
fi

# Elixir's tests: the conformance formatter, compiled by the installed elixirc (on erl) once
# per change of its source; erl's cached results stay valid while it and the set-up file
# are unchanged.
exunit_key=$(cat "$here"/exunit/* | md5sum | cut -c1-32)
if [ $run = 1 ] && [ $elixir = 1 ]; then
  f=$here/exunit/conf_formatter.ex b=$cache/exunit/Elixir.Hamlet.ConfFormatter.beam
  if [ ! -e "$b" ] || [ "$f" -nt "$b" ]; then
    mkdir -p "$cache/exunit"
    tmp=$(mktemp -d "$cache/exunit.XXXXXX")
    elixirc -o "$tmp" "$f" >/dev/null && mv "$tmp"/*.beam "$cache/exunit/"
    rm -rf "$tmp"
  fi
fi

if [ $run = 1 ]; then
  export HAMLET_CONF_CACHE=$cache HAMLET_CONF_STANDIN_KEY=$standin_key
  export HAMLET_CONF_ELIXIR_SRC=$esrc HAMLET_CONF_EXUNIT_KEY=$exunit_key
  export HAMLET_CONF_EXUNIT_SETUP=$here/exunit/conf_setup.exs
  vms=()
  [ $erl = 1 ] && vms+=(erl)
  [ $vm = hamlet ] && vms+=(hamlet)
  for v in "${vms[@]}"; do
    echo "== running $(echo "$suites" | wc -l) suites on $v" >&2
    t0=$(date +%s)
    echo "$suites" | xargs -P "$jobs" -I{} sh -c \
      'case ${3%%/*} in
         elixir|ex_unit|logger|eex) exec "$6/run-exunit.sh" "$1" "$2" "$3" "$4" ;;
         *) exec "$6/run-suite.sh" "$1" "$2" "$3" "$4" "$5" ;;
       esac' _ "$v" "$hamlet" {} "$suite_t" "$case_t" "$here"
    echo "== $v: $(( $(date +%s) - t0 )) s" >&2
  done
fi
if [ $report = 1 ]; then
  echo "$suites" | escript "$here/report.escript" "$cache/results" "$here/exclusions.txt"
fi
