#!/usr/bin/env bash
# Records what the real erl shows on a terminal for each case of tests/tty (NAME.script,
# typed by tools/pty-run.py in a pseudo-terminal): tests/tty/expected/NAME.out (every byte
# the terminal received) and NAME.status. Each case is recorded twice and must come out the
# same both times (masked as tools/tty-mask.py masks), so that no recorded byte depends on
# timing.
#   tools/record-tty.sh [NAME...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=$root/tests/tty
scratch=$(mktemp -d "${TMPDIR:-/tmp}/record-tty.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
names=("$@")
if ((${#names[@]} == 0)); then
  for f in "$dir"/*.script; do names+=("$(basename "$f" .script)"); done
fi
for name in "${names[@]}"; do
  "$root/tools/tty-case.sh" erl "$name" "$dir/expected/$name"
  "$root/tools/tty-case.sh" erl "$name" "$scratch/again"
  if ! "$root/tools/tty-mask.py" "$dir/expected/$name.out" "$scratch/again.out" "$dir/$name.script" >"$scratch/diff" ||
     ! cmp -s "$dir/expected/$name.status" "$scratch/again.status"; then
    echo "record-tty: WARNING: $name: two runs of erl differ:" >&2
    cat "$scratch/diff" >&2
  fi
  printf '%-20s exit %s\n' "$name" "$(cat "$dir/expected/$name.status")"
done
