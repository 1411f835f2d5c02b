#!/usr/bin/env bash
# Benchmarks, side by side in one run: each program in bench/ on erl and on Hamlet (same
# .beam files, same machine, same moment), reporting the median wall time of REPS runs and
# the ratio Hamlet / erl. Not a test: nothing here asserts a timing.
#   tools/bench.sh                 # the default set
#   REPS=5 tools/bench.sh fib:30 bigring:100
#   tools/bench.sh --processes     # the process figures for the README (issue 4), and
#                                  # 1,000,000 processes each receiving one message
# labwc (the lab's Lab.WordCount, Elixir) needs a build (build/lab_ebin) and Elixir's ebin.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
hamlet=${HAMLET:-$root/build/hamlet}
reps=${REPS:-3}
ebin=$(mktemp -d /tmp/hamlet-bench.XXXXXX)
trap 'rm -rf "$ebin"' EXIT
erlc -o "$ebin" "$root"/bench/*.erl
elixir_ebin=${HAMLET_ELIXIR_EBIN:-/usr/lib/elixir/lib/elixir/ebin}
lab_ebin=${LAB_EBIN:-$(dirname "$hamlet")/lab_ebin}

# Flags a benchmark needs on both VMs.
flags_for() {
  case $1 in
    labwc) echo "-pa $elixir_ebin -pa $lab_ebin" ;;
    manyprocs) echo "+P 2000000" ;;
  esac
}

# Minimum wall microseconds of NAME:N on a VM (over REPS runs in one VM), its result, and the
# VM's peak RSS in KiB: run VM NAME N [flags...]. The minimum, not the median: on a shared
# machine the other jobs only ever add time.
run() {
  local vm=$1 name=$2 n=$3
  shift 3
  /usr/bin/time -f "PEAK_KIB %M" "$vm" "$@" -noshell -pa "$ebin" -run bench main "$name" "$n" "$reps" 2>&1 |
    awk '$1=="SUMMARY"{t=$4; r=$6; found=1} $1=="PEAK_KIB"{m=$2}
         END{if(!found) print "FAILED - -"; else print t, r, m}'
}

# Peak RSS (KiB) of a VM spawning N idle processes.
peak_kib() {
  local vm=$1 n=$2
  shift 2
  /usr/bin/time -f %M "$vm" "$@" -noshell -pa "$ebin" -s b_procmem main "$n" 2>&1 >/dev/null | tail -1
}

table_line() { printf '%-22s %8s %10s %7s %8s %10s  %s\n' "$@"; }

if [ "${1:-}" = "--processes" ]; then
  n=200000
  echo "== memory per idle process ($n processes, peak RSS difference)"
  for vm in erl "$hamlet"; do
    base=$(peak_kib "$vm" 0 +P 1000000)
    full=$(peak_kib "$vm" $n +P 1000000)
    echo "$(basename "$vm"): $(( (full - base) * 1024 / n )) bytes = $(( (full - base) * 1024 / n / 8 )) words per process"
  done
  echo "== CPU-bound job over 2 processes (parallel:32), +S 1 against +S 2"
  for vm in erl "$hamlet"; do
    one=$(run "$vm" parallel 32 +S 1 | cut -d" " -f1)
    two=$(run "$vm" parallel 32 +S 2 | cut -d" " -f1)
    awk -v vm="$(basename "$vm")" -v a="$one" -v b="$two" \
      'BEGIN{printf "%s: +S 1 %.0f ms, +S 2 %.0f ms, speedup %.2fx\n", vm, a/1000, b/1000, a/b}'
  done
  echo "== ring of 10,000 processes x 100 rounds (bigring:100)"
  e=$(run erl bigring 100 | cut -d" " -f1)
  h=$(run "$hamlet" bigring 100 | cut -d" " -f1)
  awk -v e="$e" -v h="$h" 'BEGIN{printf "erl %.0f ms, hamlet %.0f ms, ratio %.2f\n", e/1000, h/1000, h/e}'
  echo "== 1,000,000 processes each receiving one message (manyprocs:1000000, one run each)"
  for vm in erl "$hamlet"; do
    # shellcheck disable=SC2046
    read -r t _ m < <(reps=1 run "$vm" manyprocs 1000000 $(flags_for manyprocs))
    awk -v vm="$(basename "$vm")" -v t="$t" -v m="$m" \
      'BEGIN{printf "%s: %.0f ms, peak %.0f MB\n", vm, t/1000, m/1024}'
  done
  exit 0
fi

default="fib:30 tak:1000 nrev:50000 bignum:5000 bigsmall:50000 float:300 binary:16000000
maps:100000 ring:500000 spawn:100000 ets:200000 bigring:20 parallel:30 selrecv:2000
wordcount:200000 etfjson:2000 labwc:1000000"
table_line benchmark "erl ms" "hamlet ms" ratio "erl MB" "hamlet MB" result
logsum=0 count=0
for b in ${*:-$default}; do
  name=${b%%:*} n=${b##*:}
  # shellcheck disable=SC2046
  read -r e_us e_res e_kib < <(run erl "$name" "$n" $(flags_for "$name"))
  # shellcheck disable=SC2046
  read -r h_us h_res h_kib < <(run "$hamlet" "$name" "$n" $(flags_for "$name"))
  if [ "$h_us" = FAILED ] || [ "$e_us" = FAILED ]; then
    table_line "$name:$n" "$e_us" "$h_us" - - - "failed"
    continue
  fi
  ratio=$(awk -v e="$e_us" -v h="$h_us" 'BEGIN{printf "%.2f", h/e}')
  logsum=$(awk -v s="$logsum" -v e="$e_us" -v h="$h_us" 'BEGIN{printf "%.6f", s + log(h/e)}')
  count=$((count + 1))
  same=$([ "$e_res" = "$h_res" ] && echo "same result" || echo "RESULT DIFFERS: $e_res / $h_res")
  table_line "$name:$n" "$((e_us / 1000))" "$((h_us / 1000))" "$ratio" \
    "$(awk -v k="$e_kib" 'BEGIN{printf "%.1f", k/1024}')" "$(awk -v k="$h_kib" 'BEGIN{printf "%.1f", k/1024}')" "$same"
done
if ((count)); then
  awk -v s="$logsum" -v c="$count" 'BEGIN{printf "geometric mean of the ratios (%d benchmarks): %.2f\n", c, exp(s/c)}'
fi
# Start-up: a VM that prints Hello World! and halts (minimum wall time of REPS runs, peak RSS).
for vm in erl "$hamlet"; do
  best="" peak=""
  for _ in $(seq "$reps"); do
    read -r t m < <( { /usr/bin/time -f "%e %M" "$vm" -noshell -eval 'io:format("Hello World!~n"), halt().' >/dev/null; } 2>&1 | tail -1)
    best=$(awk -v a="$best" -v b="$t" 'BEGIN{print (a=="" || b<a) ? b : a}')
    peak=$m
  done
  awk -v vm="$(basename "$vm")" -v t="$best" -v m="$peak" 'BEGIN{printf "start-up to Hello World! (%s): %.0f ms, peak %.1f MB\n", vm, t*1000, m/1024}'
done
