#!/usr/bin/env bash
# Quick start 1: set up, build, and run Hamlet on the built-in samples.
# The interpreter does not exist yet, so Hamlet loads each sample and prints its
# disassembly (what the loader read); see the README for the roadmap.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/tools/setup.sh" "$root/build"
shopt -s nullglob
beams=("$root"/build/erl_samples/*.beam)
if ((${#beams[@]} == 0)); then
  echo "no samples were built" >&2
  exit 1
fi
for beam in "${beams[@]}"; do
  echo "=== $(basename "$beam")"
  "$root/build/hamlet" --disasm "$beam"
done
