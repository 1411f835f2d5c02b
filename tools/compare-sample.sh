#!/usr/bin/env bash
# Runs one erl_samples program on Hamlet exactly as tools/record-expected.sh ran it on erl
#   hamlet -noshell -pa <beams> -s NAME main -s init stop
# or, when erl_samples/NAME.args exists, hamlet -noshell -pa <beams> ARGS... with the
# file's lines as the arguments (one argument per line), (stdin from /dev/null, a scratch
# working directory) and compares stdout, stderr and the exit status with the recorded
# expected files.
#   tools/compare-sample.sh HAMLET BEAM_DIR NAME [EMULATOR FLAGS...]
# Extra flags (e.g. +S 4) go before -noshell; the expected output stays erl's default run.
# HAMLET_SAMPLE_TIMEOUT: seconds before the run is stopped (default 300).
set -uo pipefail
hamlet=$(realpath "$1") beams=$(realpath "$2") name=$3
shift 3
flags=("$@")
root=$(cd "$(dirname "$0")/.." && pwd)
# HAMLET_SAMPLES_DIR: where the sample's source and expected/ are (default erl_samples).
expected=${HAMLET_SAMPLES_DIR:-$root/erl_samples}/expected
scratch=$(mktemp -d "${TMPDIR:-/tmp}/hamlet-sample.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
args=(-s "$name" main -s init stop)
if [[ -f "$root/erl_samples/$name.args" ]]; then mapfile -t args <"$root/erl_samples/$name.args"; fi
(cd "$scratch" && timeout "${HAMLET_SAMPLE_TIMEOUT:-300}" "$hamlet" "${flags[@]}" -noshell -pa "$beams" "${args[@]}" \
   </dev/null >"$scratch/stdout" 2>"$scratch/stderr")
echo $? >"$scratch/status"
ok=1
for part in stdout stderr status; do
  if ! cmp -s "$expected/$name.$part" "$scratch/$part"; then
    ok=0
    echo "--- $name: $part differs from erl's (expected first):"
    diff <(head -c 20000 "$expected/$name.$part") <(head -c 20000 "$scratch/$part") | head -${DIFF_LINES:-15}
  fi
done
if ((ok)); then echo "ok $name"; exit 0; fi
exit 1
