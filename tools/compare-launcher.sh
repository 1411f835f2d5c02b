#!/usr/bin/env bash
# Runs one case of tests/launchers (NAME.sh, with Elixir's real scripts) with Hamlet as erl
# (BIN_DIR, where erl is a link to hamlet, first in PATH) and compares stdout, stderr and
# the exit status with erl's record; with RECORD=1 it runs the case on the real erl and
# writes the record instead (tools/record-launcher.sh).
#   tools/compare-launcher.sh BIN_DIR NAME
#   RECORD=1 tools/compare-launcher.sh - NAME
set -uo pipefail
bin=$1 name=$2
root=$(cd "$(dirname "$0")/.." && pwd)
dir=$root/tests/launchers
[[ -f $dir/$name.sh ]] || { echo "no case $name"; exit 2; }
scratch=$(mktemp -d "${TMPDIR:-/tmp}/hamlet-launcher.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
mkdir "$scratch/home" "$scratch/work"
input=/dev/null
[[ -f $dir/$name.input ]] && input=$dir/$name.input
path=$PATH
[[ ${RECORD:-0} == 1 ]] || path=$(realpath "$bin"):$PATH
# A private HOME (no ~/.erlang, no mix or iex history); LANG fixed so the encodings agree.
(cd "$scratch/work" &&
   env -i HOME="$scratch/home" PATH="$path" REAL_PATH="$PATH" LANG=C.UTF-8 TERM=dumb \
     LAB="$root/erl_samples/lab" CASE_INPUT="$input" \
     timeout 300 bash "$dir/$name.sh" <"$input" >"$scratch/stdout" 2>"$scratch/stderr")
echo $? >"$scratch/status"
if [[ ${RECORD:-0} == 1 ]]; then
  mkdir -p "$dir/expected"
  for part in stdout stderr status; do cp "$scratch/$part" "$dir/expected/$name.$part"; done
  printf '%-20s exit %s\n' "$name" "$(cat "$scratch/status")"
  exit 0
fi
ok=1
for part in stdout stderr status; do
  if ! cmp -s "$dir/expected/$name.$part" "$scratch/$part"; then
    ok=0
    echo "--- $name: $part differs from erl's (expected first):"
    diff "$dir/expected/$name.$part" "$scratch/$part" | head -${DIFF_LINES:-20}
  fi
done
((ok)) && echo "ok $name" && exit 0
exit 1
