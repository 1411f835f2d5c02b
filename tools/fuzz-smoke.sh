#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz_loader, fuzz_etf, fuzz_dist_frame) with clang and runs
# each for a bounded time on a fresh copy of its seed corpus (tests/fuzz/corpus/<target>/).
#
#   tools/fuzz-smoke.sh [SECONDS]      SECONDS per target, default 30
#
# Environment:
#   HAMLET_FUZZ_BUILD   build directory (default: <repo>/build-fuzz)
#   HAMLET_FUZZ_JOBS    ninja -j value (default: ninja's own)
#   HAMLET_FUZZ_TARGETS targets to run (default: "loader etf dist_frame")
#
# Exits non-zero if the build fails or any target finds a crash, sanitizer report, leak,
# timeout (one input > 10 s) or out-of-memory (> 2048 MB). Reproducers are kept in
# <build>/fuzz-artifacts/<target>/; rerun one with <build>/tests/fuzz_<target> <file>.
set -uo pipefail

secs=${1:-30}
if ! [[ $secs =~ ^[0-9]+$ ]] || ((secs < 1)); then
    echo "usage: $0 [SECONDS]" >&2
    exit 64
fi

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${HAMLET_FUZZ_BUILD:-$root/build-fuzz}
targets=${HAMLET_FUZZ_TARGETS:-loader etf dist_frame}

declare -A max_len=([loader]=8192 [etf]=4096 [dist_frame]=4096)

echo "== configuring $build"
mkdir -p "$build"
if ! CC=clang CXX=clang++ cmake -S "$root" -B "$build" -G Ninja -DHAMLET_FUZZ=ON \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$build/fuzz-configure.log" 2>&1; then
    cat "$build/fuzz-configure.log" >&2
    echo "fuzz-smoke: configure failed" >&2
    exit 2
fi
build_targets=()
for t in $targets; do build_targets+=("fuzz_$t"); done
echo "== building ${build_targets[*]}"
if ! ninja -C "$build" ${HAMLET_FUZZ_JOBS:+-j "$HAMLET_FUZZ_JOBS"} "${build_targets[@]}"; then
    echo "fuzz-smoke: build failed" >&2
    exit 2
fi

# UBSan checks are recoverable unless told otherwise: make every report fatal.
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:abort_on_error=1:print_stacktrace=1}
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}

status=0
for t in $targets; do
    bin=$(find "$build" -type f -name "fuzz_$t" -perm -u+x | head -n 1)
    if [[ -z $bin ]]; then
        echo "fuzz-smoke: fuzz_$t was not built" >&2
        status=1
        continue
    fi
    work=$build/fuzz-work/$t
    artifacts=$build/fuzz-artifacts/$t
    rm -rf "$work"
    mkdir -p "$work/corpus" "$artifacts"
    cp "$root/tests/fuzz/corpus/$t/"* "$work/corpus/"
    echo "== fuzz_$t for ${secs}s (max_len ${max_len[$t]:-4096})"
    "$bin" "$work/corpus" \
        -max_total_time="$secs" \
        -max_len="${max_len[$t]:-4096}" \
        -rss_limit_mb=2048 \
        -timeout=10 \
        -print_final_stats=1 \
        -artifact_prefix="$artifacts/" \
        >"$work/log" 2>&1
    rc=$?
    grep -E '^(#[0-9]+.*DONE|stat::number_of_executed_units|stat::peak_rss_mb|stat::new_units_added)' "$work/log" || true
    if ((rc != 0)) || grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:' "$work/log"; then
        echo "fuzz-smoke: fuzz_$t FAILED (exit $rc); log: $work/log" >&2
        grep -E -A40 'ERROR: |runtime error:|^fuzz_' "$work/log" | head -n 80 >&2
        ls -1 "$artifacts" >&2
        status=1
    else
        echo "fuzz_$t: ok ($(find "$work/corpus" -type f | wc -l) corpus files)"
    fi
done
exit $status
