#!/usr/bin/env bash
# Records erl's output for every NIF test program (tests/nif/expected/), running the
# libraries and beams of a normal build:   tests/nif/record.sh [BUILD_DIR] [NAMES...]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../build}
shift || true
names=("$@")
((${#names[@]})) || names=(nif_api_test nif_select_test nif_errs_test crypto_test nif_crypto_ex rust_nif_test)
for n in "${names[@]}"; do
  RECORD=1 "$here/run.sh" erl "$build/tests/nif" "$n"
done
