#!/usr/bin/env bash
# Coverage of Hamlet's tests: which generic instructions they execute and which BIFs they
# call (vm/coverage.h). Runs the normal test suite (and, with --gate, the conformance gate)
# with HAMLET_COVERAGE set, sums what every hamlet process wrote, and reports against the
# instructions erlc 24 and 25 emit (tests/coverage/erlc_ops.txt) and every BIF in Hamlet's
# table. Exit status 1 when one of those instructions was never executed.
#   tools/coverage-report.sh [--gate] [--report-only] [--build DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build gate=0 run=1
while (($#)); do
  case $1 in
    --gate) gate=1 ;;
    --report-only) run=0 ;;
    --build) build=$(cd "$2" && pwd); shift ;;
    *) echo "usage: $0 [--gate] [--report-only] [--build DIR]" >&2; exit 2 ;;
  esac
  shift
done
out=${HAMLET_COVERAGE_DIR:-$HOME/.cache/hamlet-coverage}
if ((run)); then
  rm -rf "$out" && mkdir -p "$out"
  # Test failures do not stop the report (slower runs may miss a timing-sensitive case).
  HAMLET_COVERAGE=$out ctest --test-dir "$build" -j2 -E '^(asan|tsan)_' >"$out/ctest.log" 2>&1 ||
    echo "coverage-report: some tests failed under coverage (see $out/ctest.log)" >&2
  if ((gate)); then
    HAMLET_COVERAGE=$out "$root/tests/conformance/gate.sh" "$build/hamlet" >"$out/gate.log" 2>&1 ||
      echo "coverage-report: the conformance gate failed under coverage (see $out/gate.log)" >&2
  fi
fi
shopt -s nullglob
files=("$out"/*.cov)
((${#files[@]})) || { echo "coverage-report: no counts in $out" >&2; exit 2; }
awk -v runs="${#files[@]}" '
  FNR == 1 { file++ }
  file == 1 && /^[0-9]/ { want[$2] = $3 " " $4; order[++n] = $2; next }
  file == 1 { next }
  $1 == "op" { ops[$2] += $3; known[$2] = 1 }
  $1 == "bif" { bifs[$2] += $3 }
  END {
    printf "coverage of %d hamlet runs\n\n", runs
    missed = 0
    for (i = 1; i <= n; i++) {
      op = order[i]
      if (!(op in known)) { printf "  not an instruction Hamlet knows: %s\n", op; missed++; continue }
      if (ops[op] == 0) { split(want[op], w, " "); printf "  never executed: %s (erlc %s)\n", op, (w[1] == "24" ? (w[2] == "25" ? "24 and 25" : "24") : "25"); missed++ }
    }
    printf "instructions erlc 24/25 emit: %d of %d executed\n\n", n - missed, n
    total = 0; zero = 0
    for (b in bifs) { total++; if (bifs[b] == 0) zero++ }
    for (b in bifs) if (bifs[b] == 0) print "  never called: " b | "sort"
    close("sort")
    printf "BIFs in the table: %d of %d called\n", total - zero, total
    exit missed > 0
  }' "$root/tests/coverage/erlc_ops.txt" "${files[@]}"
