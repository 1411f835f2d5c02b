#!/usr/bin/env bash
# Runs one NIF test program on a VM, in the directory of the test libraries (the .so files
# and beams that tests/nif/CMakeLists.txt builds), and compares its stdout, stderr and exit
# status with erl's, recorded by tests/nif/record.sh:
#   tests/nif/run.sh VM DIR NAME [EMULATOR FLAGS...]
# VM is the hamlet executable (or erl); NAME a test program: an Erlang module NAME with
# main/0, or nif_crypto_ex, the Elixir one. With RECORD=1 the outputs are stored instead.
set -uo pipefail
vm=$1 dir=$(realpath "$2") name=$3
[[ $vm == */* ]] && vm=$(realpath "$vm")
shift 3
here=$(cd "$(dirname "$0")" && pwd)
expected=$here/expected
args=(-noshell -pa "$dir" -s "$name" main -s init stop)
if [[ $name == nif_crypto_ex ]]; then
  args=(-noshell -pa /usr/lib/elixir/lib/elixir/ebin -pa "$dir" -s Elixir.NifCryptoEx main -s init stop)
fi
scratch=$(mktemp -d "${TMPDIR:-/tmp}/hamlet-nif.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
(cd "$dir" && timeout 300 "$vm" "$@" "${args[@]}" </dev/null >"$scratch/stdout" 2>"$scratch/stderr")
echo $? >"$scratch/status"
if [[ ${RECORD:-} == 1 ]]; then
  mkdir -p "$expected"
  for part in stdout stderr status; do cp "$scratch/$part" "$expected/$name.$part"; done
  echo "recorded $name"
  exit 0
fi
ok=1
for part in stdout stderr status; do
  if ! cmp -s "$expected/$name.$part" "$scratch/$part"; then
    ok=0
    echo "--- $name: $part differs from erl's (expected first):"
    diff "$expected/$name.$part" "$scratch/$part" | head -${DIFF_LINES:-30}
  fi
done
((ok)) && echo "ok $name"
((ok))
