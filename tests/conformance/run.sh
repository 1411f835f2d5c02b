#!/usr/bin/env bash
# The conformance suite: OTP 25.2.3's own test suites (from the source of the installed
# erlang package, fetched by tools/fetch-source.sh into a cache outside the repository),
# compiled with the installed erlc and run without common_test through the stand-in in
# standin/, each suite in its own VM process with a time limit.
#
#   tests/conformance/run.sh [options] [TARGET...]
#     TARGET         an area (emulator, compiler, stdlib, kernel) or AREA/SUITE;
#                    default: emulator compiler stdlib
#     --vm hamlet|erl   run on Hamlet (default) or on erl only
#     --hamlet PATH  Hamlet's binary (default: build/hamlet of this checkout)
#     --list FILE    read targets from FILE (one a line, # comments)
#     --jobs N       suites run at the same time (default 2)
#     --suite-timeout S  wall-clock limit of one suite (default 600)
#     --case-timeout S   hard limit of one case (default 120)
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
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) targets+=("$1") ;;
  esac
  shift
done
[ ${#targets[@]} -gt 0 ] || targets=(emulator compiler stdlib)
case $vm in hamlet|erl) ;; *) echo "run.sh: --vm is hamlet or erl" >&2; exit 2 ;; esac
if [ $vm = hamlet ] && [ $run = 1 ] && [ ! -x "$hamlet" ]; then
  echo "run.sh: no Hamlet binary at $hamlet (build it: tools/setup.sh build)" >&2; exit 2
fi

src=$("$root/tools/fetch-source.sh" erlang erlang-base)
mkdir -p "$cache"

# The test folder of each area in OTP's source, and the application whose include folder
# its suites expect.
area_dir() {
  case $1 in
    emulator) echo "$src/erts/emulator/test" ;;
    compiler|stdlib|kernel) echo "$src/lib/$1/test" ;;
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
# compile leaves its errors in NAME.erl.err and its suite is reported as not compiled.
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
        >"$3.err" 2>&1 && rm -f "$3.err"' _ "$src" "$area" {} "$area")
}

# Targets as AREA/SUITE lines.
expand_targets() {
  local t area
  for t in "${targets[@]}"; do
    area=${t%%/*}
    area_dir "$area" >/dev/null
    if [ "$t" = "$area" ]; then
      (cd "$(area_dir "$area")" && ls *_SUITE.erl | sed "s|^|$area/|; s|\.erl$||")
    else
      echo "$t"
    fi
  done
}
suites=$(expand_targets)
if [ $run = 1 ]; then
  for area in $(echo "$suites" | cut -d/ -f1 | sort -u); do
    compile_in_area "$area" $(echo "$suites" | grep "^$area/" | sed 's|.*/||; s|$|.erl|')
  done
fi

if [ $run = 1 ]; then
  export HAMLET_CONF_CACHE=$cache HAMLET_CONF_STANDIN_KEY=$standin_key
  vms=()
  [ $erl = 1 ] && vms+=(erl)
  [ $vm = hamlet ] && vms+=(hamlet)
  for v in "${vms[@]}"; do
    echo "== running $(echo "$suites" | wc -l) suites on $v" >&2
    t0=$(date +%s)
    echo "$suites" | xargs -P "$jobs" -I{} "$here/run-suite.sh" "$v" "$hamlet" {} "$suite_t" "$case_t"
    echo "== $v: $(( $(date +%s) - t0 )) s" >&2
  done
fi
if [ $report = 1 ]; then
  echo "$suites" | escript "$here/report.escript" "$cache/results" "$here/exclusions.txt"
fi
