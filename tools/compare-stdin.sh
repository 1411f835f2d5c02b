#!/usr/bin/env bash
# Runs one case of tests/stdin on Hamlet as tools/record-stdin.sh ran it on erl, with the
# input piped (MODE pipe) or as a file (MODE file), and compares stdout, stderr and the
# exit status with erl's record.
#   tools/compare-stdin.sh HAMLET NAME pipe|file
set -uo pipefail
export LC_ALL=C.UTF-8 LANG=C.UTF-8
hamlet=$(realpath "$1") name=$2 mode=$3
root=$(cd "$(dirname "$0")/.." && pwd)
dir=$root/tests/stdin
elixir=${HAMLET_ELIXIR_LIB:-/usr/lib/elixir/lib}
scratch=$(mktemp -d "${TMPDIR:-/tmp}/hamlet-stdin.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/home" "$scratch/run"
args=()
[[ -s "$dir/$name.args" ]] && mapfile -t args < <(sed -e "s|@ELIXIR@|$elixir|g" -e "s|@CASES@|$dir|g" "$dir/$name.args")
if [[ $mode == pipe ]]; then
  (cd "$scratch/run" && cat "$dir/$name.input" | HOME="$scratch/home" timeout 120 "$hamlet" "${args[@]}") \
    >"$scratch/stdout" 2>"$scratch/stderr"
else
  (cd "$scratch/run" && HOME="$scratch/home" timeout 120 "$hamlet" "${args[@]}" <"$dir/$name.input") \
    >"$scratch/stdout" 2>"$scratch/stderr"
fi
echo $? >"$scratch/status"
ok=1
for part in stdout stderr status; do
  if ! cmp -s "$dir/expected/$name.$part" "$scratch/$part"; then
    ok=0
    echo "--- $name ($mode): $part differs from erl's (expected first):"
    diff "$dir/expected/$name.$part" "$scratch/$part" | head -20
  fi
done
((ok)) && echo "ok $name ($mode)" && exit 0
exit 1
