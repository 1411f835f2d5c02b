#!/usr/bin/env bash
# Record the reference behaviour of the real Erlang/OTP `erl` for every
# sample program in erl_samples/.
#
# Usage: tools/record-expected.sh [OUTDIR_FOR_BEAMS]
#
# For each erl_samples/NAME.erl (module NAME, exporting main/0) this script
#   1. compiles it with erlc into OUTDIR_FOR_BEAMS (default: a temporary
#      directory that is removed afterwards),
#   2. runs   erl -noshell -pa <beamdir> -s NAME main -s init stop
#      (or, when erl_samples/NAME.args exists, erl -noshell -pa <beamdir> ARGS...
#      with the file's lines as the arguments, one argument per line)
#      under `timeout 60`, with stdin from /dev/null and a scratch directory
#      as the working directory (samples that crash make erl write
#      erl_crash.dump into the cwd; it must not land in the repository),
#   3. writes erl_samples/expected/NAME.stdout, NAME.stderr and NAME.status
#      (the exit code as a decimal number followed by a newline).
#
# Optional: set SAMPLES="a b c" to (re)record only those samples.
# HAMLET_SAMPLES_DIR=DIR records the samples of another directory into DIR/expected
# instead (erl_samples/asm: the .erl equivalents of the hand-written assembly samples).
set -euo pipefail

export LC_ALL=C.UTF-8
export LANG=C.UTF-8
# Environment that would change erl's behaviour must not leak in.
unset ERL_FLAGS ERL_AFLAGS ERL_ZFLAGS ERL_LIBS ERL_CRASH_DUMP \
      ERL_CRASH_DUMP_SECONDS ERL_CRASH_DUMP_NICE ERL_CRASH_DUMP_BYTES \
      ERL_COMPILER_OPTIONS 2>/dev/null || true

script_dir=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
repo_root=$(cd -- "$script_dir/.." && pwd -P)
samples_dir=$(cd -- "${HAMLET_SAMPLES_DIR:-$repo_root/erl_samples}" && pwd -P)
expected_dir="$samples_dir/expected"

for tool in erl erlc timeout; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "record-expected: '$tool' not found in PATH" >&2
        exit 2
    fi
done

scratch=$(mktemp -d "${TMPDIR:-/tmp}/record-expected.XXXXXX")
cleanup() { rm -rf -- "$scratch"; }
trap cleanup EXIT

if [[ $# -ge 1 && -n "$1" ]]; then
    mkdir -p -- "$1"
    beam_dir=$(cd -- "$1" && pwd -P)
else
    beam_dir="$scratch/beams"
    mkdir -p -- "$beam_dir"
fi
run_dir="$scratch/run"
# A private HOME so that no ~/.erlang start-up file can influence the runs.
home_dir="$scratch/home"
mkdir -p -- "$run_dir" "$home_dir" "$expected_dir"

shopt -s nullglob
if [[ -n "${SAMPLES:-}" ]]; then
    sources=()
    for s in $SAMPLES; do
        sources+=("$samples_dir/${s%.erl}.erl")
    done
else
    sources=("$samples_dir"/*.erl)
fi
if [[ ${#sources[@]} -eq 0 ]]; then
    echo "record-expected: no samples in $samples_dir" >&2
    exit 2
fi

# Compile everything first, so a compile error stops the run before any
# expected file is rewritten.  erlc is run from inside erl_samples/ with
# bare file names, so that the {file,"NAME.erl"} entries in stack traces
# (which some samples print) do not depend on where the repository lives.
# The test harness must compile the samples the same way.
names=()
for src in "${sources[@]}"; do
    if [[ ! -f "$src" ]]; then
        echo "record-expected: no such sample: $src" >&2
        exit 2
    fi
    names+=("$(basename -- "$src")")
done
(cd -- "$samples_dir" && erlc -o "$beam_dir" "${names[@]}")

for src in "${sources[@]}"; do
    name=$(basename -- "$src" .erl)
    # Fresh, empty working directory for every run.
    rm -rf -- "$run_dir"
    mkdir -p -- "$run_dir"
    status=0
    args=(-s "$name" main -s init stop)
    if [[ -f "$samples_dir/$name.args" ]]; then
        mapfile -t args <"$samples_dir/$name.args"
    fi
    (
        cd -- "$run_dir"
        HOME="$home_dir" exec timeout 60 erl -noshell -pa "$beam_dir" "${args[@]}"
    ) </dev/null >"$expected_dir/$name.stdout" 2>"$expected_dir/$name.stderr" \
        || status=$?
    printf '%d\n' "$status" >"$expected_dir/$name.status"
    if [[ $status -eq 124 ]]; then
        echo "record-expected: WARNING: $name timed out" >&2
    fi
    printf '%-24s exit %d\n' "$name" "$status"
done

# On a full run, drop expectations of samples that no longer exist.
if [[ -z "${SAMPLES:-}" ]]; then
    for f in "$expected_dir"/*.stdout "$expected_dir"/*.stderr "$expected_dir"/*.status; do
        base=$(basename -- "$f")
        if [[ ! -f "$samples_dir/${base%.*}.erl" ]]; then
            echo "record-expected: removing stale $base" >&2
            rm -f -- "$f"
        fi
    done
fi
