#!/usr/bin/env bash
# Quick start 2: set up, build, and run every test:
#   1. the normal build's test suite (unit tests, loading every installed beam, the
#      comparison with OTP's beam_disasm), then the conformance gate: OTP's and Elixir's own suites of
#      tests/conformance/gate.txt on Hamlet, every case of gate_baseline.txt must pass;
#   2. the unit tests, the passing samples, the NIF tests and the standard input cases again
#      under AddressSanitizer + UndefinedBehaviorSanitizer (malformed and hostile inputs, the
#      emulator and GC, ports);
#   3. the process, ETS, re, file and port samples under ThreadSanitizer with 2 and 4
#      schedulers, the standard input cases, the lab's scenarios and the NIF tests;
#   4. a short libFuzzer run of the loader and the term decoder.
# HAMLET_FUZZ_SECONDS (default 20) sets the fuzzing time per target.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
werror=()
[ -n "${CI:-}" ] && werror=(-DHAMLET_WERROR=ON)

"$root/tools/setup.sh" "$root/build" "${werror[@]}"
echo "== tests (normal build)"
ctest --test-dir "$root/build" --output-on-failure -j2
echo "== conformance gate (OTP's and Elixir's own suites, tests/conformance/gate.txt)"
"$root/tests/conformance/gate.sh" "$root/build/hamlet"

"$root/tools/setup.sh" "$root/build-asan" -DHAMLET_SANITIZE=address -DCMAKE_BUILD_TYPE=Debug "${werror[@]}"
echo "== unit tests, samples, NIF tests and standard input cases under ASan+UBSan"
ctest --test-dir "$root/build-asan" --output-on-failure -j2 -R '^(unit|sample_.*|nif_.*|stdin_.*)$'

HAMLET_TARGETS="hamlet shim erl_samples lab nif_tests" "$root/tools/setup.sh" "$root/build-tsan" -DHAMLET_SANITIZE=thread \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo "${werror[@]}"
echo "== process, ETS, re and file samples (+S 2, +S 4), the lab and the NIF tests under ThreadSanitizer"
ctest --test-dir "$root/build-tsan" --output-on-failure -j2 -R '^tsan_'

echo "== fuzzing"
"$root/tools/fuzz-smoke.sh" "${HAMLET_FUZZ_SECONDS:-20}"
