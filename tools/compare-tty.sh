#!/usr/bin/env bash
# Runs one terminal case of tests/tty on Hamlet as tools/record-tty.sh ran it on erl and
# compares the bytes the terminal received (masked: tools/tty-mask.py) and the exit status
# with erl's record. With HAMLET_TTY_TSAN set, any ThreadSanitizer report (written to a
# log, since the terminal is the transcript) fails the case too.
#   tools/compare-tty.sh HAMLET NAME
set -uo pipefail
hamlet=$(realpath "$1") name=$2
root=$(cd "$(dirname "$0")/.." && pwd)
dir=$root/tests/tty
scratch=$(mktemp -d "${TMPDIR:-/tmp}/hamlet-tty.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
if [[ -n ${HAMLET_TTY_TSAN:-} ]]; then
  export TSAN_OPTIONS="log_path=$scratch/tsan ${TSAN_OPTIONS:-}"
fi
"$root/tools/tty-case.sh" "$hamlet" "$name" "$scratch/got" || exit 1
ok=1
if ! "$root/tools/tty-mask.py" "$dir/expected/$name.out" "$scratch/got.out" "$dir/$name.script"; then
  ok=0
fi
if ! cmp -s "$dir/expected/$name.status" "$scratch/got.status"; then
  ok=0
  echo "exit status $(cat "$scratch/got.status"), erl's $(cat "$dir/expected/$name.status")"
fi
if compgen -G "$scratch/tsan*" >/dev/null; then
  ok=0
  echo "ThreadSanitizer reports:"
  cat "$scratch"/tsan* | head -60
fi
((ok)) && echo "ok $name" && exit 0
exit 1
