#!/usr/bin/env bash
# Records erl's stdout, stderr and exit status for each command line of tests/cli/cases
# into tests/cli/expected/NAME.{stdout,stderr,status}.
#   tools/record-cli.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=$root/tests/cli
while read -r name compare args; do
  [[ -z $name || $name == \#* ]] && continue
  read -r -a argv <<<"$args"
  status=0
  (cd /tmp && erl "${argv[@]}" </dev/null >"$dir/expected/$name.stdout" 2>"$dir/expected/$name.stderr") || status=$?
  echo "$status" >"$dir/expected/$name.status"
  printf '%-20s exit %s\n' "$name" "$status"
done <"$dir/cases"
