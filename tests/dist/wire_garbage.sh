#!/bin/bash
# Bad input on the distribution wire (tests/dist/wire_client.py, a stranger speaking the
# protocol from Python): after a good handshake, a frame that is not a term, corrupted and
# truncated terms, hostile terms (a 4 G-element list, a 4 GB binary, an atom that is not
# UTF-8, 100,000 nested tuples cut short), terms that are no control message, a message
# whose payload is corrupted; a frame cut short by the end of the connection; a handshake
# that is not one; a wrong challenge reply; 200 connections held open in the middle of their
# handshake while a good one is made. Each time the node must close that connection (or
# refuse the handshake), log what erl logs, and go on: at the end a real erl node pings it
# and stops it with rpc. The node's output, with times, channel numbers and the run's
# unique names masked, must equal erl's (RECORD=1 runs erl as the target and writes
# tests/dist/expected/wire_garbage.out).
#   tests/dist/wire_garbage.sh HAMLET
#   RECORD=1 tests/dist/wire_garbage.sh -
set -u
vm=$1
here=$(cd "$(dirname "$0")" && pwd)
record=${RECORD:-0}
[[ $record == 1 ]] && vm=erl
source "$here/lib.sh"
tmp=$(dist_scratch wire)
host=$(hostname -s)
cookie=hamletwire
target=wg$$

epmd -daemon
"$vm" -sname $target -setcookie $cookie -noshell >"$tmp/target.out" 2>&1 &
tpid=$!
started+=($tpid)
wait_registered $target || fail "the target never registered with epmd"

cases=(incompatible corrupted_term truncated_term huge_list bad_utf8_atom huge_binary
       deep_truncated invalid_control unknown_op corrupted_payload flood truncated_frame
       stranger_garbage bad_digest)
for c in "${cases[@]}"; do
    timeout 120 python3 "$here/wire_client.py" $target "$host" $cookie "py$$$c" "$c" \
        >>"$tmp/client.out" 2>&1 || fail "the client failed on $c"
    kill -0 $tpid 2>/dev/null || fail "the target died after $c"
done
timeout 120 erl -sname chk$$ -setcookie $cookie -noshell -eval "
    io:format(\"ping: ~p~n\", [net_adm:ping('$target@$host')]),
    rpc:call('$target@$host', init, stop, []), init:stop()." >>"$tmp/client.out" 2>&1
for _ in $(seq 600); do kill -0 $tpid 2>/dev/null || break; sleep 0.1; done
kill -0 $tpid 2>/dev/null && fail "the target did not stop"
wait $tpid
echo "exit $?" >>"$tmp/target.out"

# What varies: the report times, erts' channel numbers (atom indexes), the unique names;
# the nested tuples' line is cut to its start and length.
mask() {
    sed -e 's/^=\(WARNING\|ERROR\) REPORT==== .* ===$/=\1 REPORT==== TIME ===/' \
        -e 's/channel [0-9]*/channel N/' -e "s/$target@$host/TARGET@HOST/g" \
        -e "s/py$$\([a-z0-9_]*\)@$host/py_\1@HOST/g" "$1" |
        awk 'length($0) > 300 { print substr($0, 1, 300) "... (" length($0) " characters)"; next } 1'
}
{
    echo "== client"
    cat "$tmp/client.out"
    echo "== target"
    mask "$tmp/target.out"
} >"$tmp/all"
expected=$here/expected/wire_garbage.out
if [[ $record == 1 ]]; then
    mkdir -p "$here/expected"
    cp "$tmp/all" "$expected"
    echo "recorded $expected"
    exit 0
fi
diff "$expected" "$tmp/all" >"$tmp/diff" || { cut -c1-300 "$tmp/diff"; fail "output differs from erl's (expected first)"; }
echo "ok: ${#cases[@]} kinds of bad input, each refused as erl refuses it"
