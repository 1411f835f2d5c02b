#!/usr/bin/env bash
# Distribution benchmark (issue 12, item 6): between two nodes on this machine through the
# real epmd, message round trips per second ({Name, Node} ! Msg and its reply) and rpc:call
# throughput with 1 KB and 1 MB arguments, for erl-erl, Hamlet-erl (Hamlet calling),
# erl-Hamlet and Hamlet-Hamlet. Not a test: nothing asserts a timing.
#   tools/dist-bench.sh            N=20000 round trips by default
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
hamlet=${HAMLET:-$root/build/hamlet}
n=${N:-20000}
ebin=$(mktemp -d /tmp/hamlet-distbench.XXXXXX)
pids=()
trap 'for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done; rm -rf "$ebin"' EXIT
erlc -o "$ebin" "$root/bench/b_dist.erl"
epmd -daemon
host=$(hostname -s)
one() { # label caller_vm server_vm
    local s=bds$$x$RANDOM c=bdc$$x$RANDOM
    "$3" -sname $s -setcookie distbench -noshell -pa "$ebin" -s b_dist serve -s init stop \
        >/dev/null 2>&1 &
    pids+=($!)
    for _ in $(seq 600); do epmd -names | grep -q "^name $s at" && break; sleep 0.1; done
    printf '%-14s ' "$1"
    timeout 600 "$2" -sname $c -setcookie distbench -noshell -pa "$ebin" \
        -run b_dist run "$s@$host" "$n" | grep '^DIST' | cut -c6-
}
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
one erl-erl erl erl
one hamlet-erl "$hamlet" erl
one erl-hamlet erl "$hamlet"
one hamlet-hamlet "$hamlet" "$hamlet"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
