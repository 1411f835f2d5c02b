#!/bin/bash
# A wrong cookie is refused with erl's log line, both ways: a node with another cookie pings
# a serving node and gets pang; the serving node logs "** Connection attempt from node N
# rejected. Invalid challenge reply. **". Case 1: Hamlet serves, erl pings; case 2: erl
# serves, Hamlet pings. The outputs (report times and the run's unique names masked) must
# equal those of the same run with erl in both roles (RECORD=1, tests/dist/expected/
# wrong_cookie.out). Only the nodes the script starts are stopped.
#   tests/dist/wrong_cookie.sh HAMLET
#   RECORD=1 tests/dist/wrong_cookie.sh -
set -u
hamlet=$1
here=$(cd "$(dirname "$0")" && pwd)
record=${RECORD:-0}
[[ $record == 1 ]] && hamlet=erl
source "$here/lib.sh"
tmp=$(dist_scratch cookie)
host=$(hostname -s)
epmd -daemon
run_case() { # case server_vm pinger_vm
    local case=$1 server=s$$x$1 pinger=p$$x$1
    "$2" -sname $server -setcookie right -noshell >"$tmp/$case.server.out" 2>&1 &
    local spid=$!
    started+=($spid)
    wait_registered $server || fail "$server never registered with epmd"
    timeout 120 "$3" -sname $pinger -setcookie wrong -noshell \
        -eval "io:format(\"~p~n\", [net_adm:ping('$server@$host')]), init:stop()." \
        >"$tmp/$case.pinger.out" 2>&1 || fail "$case: the pinger exited with $?"
    wait_line "$tmp/$case.server.out" "Invalid challenge reply" ||
        fail "$case: the server did not log the refusal"
    kill -9 $spid # (SIGTERM: erl logs "SIGTERM received", which is no part of this test)
    wait $spid 2>/dev/null
    {
        echo "== $case pinger"
        cat "$tmp/$case.pinger.out"
        echo "== $case server"
        sed -e 's/^=\(WARNING\|ERROR\) REPORT==== .* ===$/=\1 REPORT==== TIME ===/' \
            -e "s/$pinger@$host/PINGER@HOST/g" "$tmp/$case.server.out"
    } >>"$tmp/all"
}
run_case hamlet_serves "$hamlet" erl
run_case erl_serves erl "$hamlet"
expected=$here/expected/wrong_cookie.out
if [[ $record == 1 ]]; then
    cp "$tmp/all" "$expected"
    echo "recorded $expected"
    exit 0
fi
diff "$expected" "$tmp/all" || fail "output differs from erl's (expected first)"
echo "ok: wrong cookies refused both ways as erl refuses them"
