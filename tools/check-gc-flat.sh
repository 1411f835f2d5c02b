#!/usr/bin/env bash
# The garbage-loop test: runs tests/erl/garbage_loop.erl on Hamlet for SECONDS seconds,
# samples its resident memory (VmRSS) every 0.25 s, and passes if the peak of the second
# half is no more than 10% (plus 2 MB) above the peak of the first half, i.e. memory stays
# flat while garbage is produced continuously.
#   tools/check-gc-flat.sh HAMLET BEAM_DIR [SECONDS]
set -uo pipefail
hamlet=$1 beams=$2 seconds=${3:-8}
"$hamlet" -noshell -pa "$beams" -s garbage_loop main "$seconds" -s init stop >/tmp/hamlet-gc-flat.out &
pid=$!
samples=()
while kill -0 "$pid" 2>/dev/null; do
  rss=$(awk '/^VmRSS:/ {print $2}' /proc/$pid/status 2>/dev/null)
  [ -n "$rss" ] && samples+=("$rss")
  sleep 0.25
done
wait "$pid"
status=$?
n=${#samples[@]}
if ((status != 0 || n < 8)); then
  echo "garbage loop failed (status $status, $n samples)"; echo "0 passed, 1 failed"; exit 1
fi
half=$((n / 2))
first=0 second=0
for ((i = 0; i < n; i++)); do
  v=${samples[$i]}
  if ((i < half)); then ((v > first)) && first=$v; else ((v > second)) && second=$v; fi
done
echo "RSS peak first half ${first} kB, second half ${second} kB ($n samples over ${seconds} s)"
if ((second > first * 11 / 10 + 2048)); then
  echo "memory grew"; echo "0 passed, 1 failed"; exit 1
fi
echo "memory stayed flat"
