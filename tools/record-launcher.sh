#!/usr/bin/env bash
# Records what each case of tests/launchers prints with the real erl (all cases, or those
# named) into tests/launchers/expected/NAME.{stdout,stderr,status}.
#   tools/record-launcher.sh [NAME...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
names=("$@")
if ((${#names[@]} == 0)); then
  for f in "$root"/tests/launchers/*.sh; do names+=("$(basename "$f" .sh)"); done
fi
for name in "${names[@]}"; do RECORD=1 "$root/tools/compare-launcher.sh" - "$name"; done
