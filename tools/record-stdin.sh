#!/usr/bin/env bash
# Records what the real erl does with standard input: for each tests/stdin/NAME.input,
# erl runs with the lines of NAME.args as its arguments (one per line; @ELIXIR@ stands for
# Elixir's lib directory, @CASES@ for tests/stdin, e.g. for a -config file there), NAME.input
# piped into it, a private HOME and an empty working
# directory; stdout, stderr and the exit status go to tests/stdin/expected/NAME.*.
# Each case is also run with the input as a file (stdin redirected from it); the two runs
# must agree, since tools/compare-stdin.sh checks Hamlet both ways against one record.
#   tools/record-stdin.sh [NAME...]
set -euo pipefail
export LC_ALL=C.UTF-8 LANG=C.UTF-8
unset ERL_FLAGS ERL_AFLAGS ERL_ZFLAGS ERL_LIBS 2>/dev/null || true
root=$(cd "$(dirname "$0")/.." && pwd)
dir=$root/tests/stdin
elixir=${HAMLET_ELIXIR_LIB:-/usr/lib/elixir/lib}
scratch=$(mktemp -d "${TMPDIR:-/tmp}/record-stdin.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/home" "$dir/expected"
names=("$@")
if ((${#names[@]} == 0)); then
  for f in "$dir"/*.input; do names+=("$(basename "$f" .input)"); done
fi
run() { # run MODE NAME OUTPREFIX
  local mode=$1 name=$2 out=$3 args=()
  [[ -s "$dir/$name.args" ]] && mapfile -t args < <(sed -e "s|@ELIXIR@|$elixir|g" -e "s|@CASES@|$dir|g" "$dir/$name.args")
  rm -rf "$scratch/run" && mkdir "$scratch/run"
  local status=0
  if [[ $mode == pipe ]]; then
    (cd "$scratch/run" && cat "$dir/$name.input" | HOME="$scratch/home" timeout 60 erl "${args[@]}") \
      >"$out.stdout" 2>"$out.stderr" || status=$?
  else
    (cd "$scratch/run" && HOME="$scratch/home" timeout 60 erl "${args[@]}" <"$dir/$name.input") \
      >"$out.stdout" 2>"$out.stderr" || status=$?
  fi
  echo "$status" >"$out.status"
}
for name in "${names[@]}"; do
  run pipe "$name" "$dir/expected/$name"
  run file "$name" "$scratch/file"
  for part in stdout stderr status; do
    cmp -s "$dir/expected/$name.$part" "$scratch/file.$part" ||
      echo "record-stdin: WARNING: $name: $part differs between a pipe and a file" >&2
  done
  printf '%-20s exit %s\n' "$name" "$(cat "$dir/expected/$name.status")"
done
