#!/usr/bin/env bash
# Runs one command line of tests/cli/cases on Hamlet and compares it with erl's record
# (tools/record-cli.sh): everything, or the exit status and stdout with some stderr.
#   tools/compare-cli.sh HAMLET NAME
set -uo pipefail
hamlet=$(realpath "$1") name=$2
root=$(cd "$(dirname "$0")/.." && pwd)
dir=$root/tests/cli
line=$(grep -E "^$name " "$dir/cases") || { echo "no case $name"; exit 2; }
read -r _ compare args <<<"$line"
read -r -a argv <<<"$args"
scratch=$(mktemp -d "${TMPDIR:-/tmp}/hamlet-cli.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
(cd "$scratch" && timeout 120 "$hamlet" "${argv[@]}" </dev/null >stdout 2>stderr)
echo $? >"$scratch/status"
parts=(stdout status)
[[ $compare == all ]] && parts+=(stderr)
ok=1
for part in "${parts[@]}"; do
  if ! cmp -s "$dir/expected/$name.$part" "$scratch/$part"; then
    ok=0
    echo "--- $name: $part differs from erl's (expected first):"
    diff "$dir/expected/$name.$part" "$scratch/$part" | head -20
  fi
done
if [[ $compare == status && ! -s $scratch/stderr ]]; then
  ok=0
  echo "--- $name: nothing on stderr"
fi
((ok)) && echo "ok $name" && exit 0
exit 1
