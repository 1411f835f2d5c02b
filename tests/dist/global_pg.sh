#!/bin/bash
# global names and pg groups across two nodes through the real epmd (tests/dist/
# dist_groups.erl does the checks): global:register_name/2, whereis_name, send,
# unregister_name and a registered process's death, each seen from the other node; pg
# join/get_members/leave and a member's death, each seen from the other node. Three cases:
# Hamlet connects to erl, erl connects to Hamlet (erl's global:sync() used to hang there:
# the two nodes sorted global's lockers' pids differently), Hamlet connects to Hamlet. Then
# three nodes (dist_groups:check3/2), mixing erl and Hamlet: the checker connects to a hub
# that another node is connected to, and global's connect_all connects the two. pg's
# default scope is started by kernel (-kernel start_pg true) as an erl user would.
# Unique node names, a fixed cookie on the command line; only the nodes the script starts
# are stopped; every wait is for an event with a generous limit.
# Usage: global_pg.sh HAMLET
set -u
hamlet=$1
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
tmp=$(dist_scratch groups)
host=$(hostname -s)
cookie=hamletci
erlc -o "$tmp" "$here/dist_groups.erl" || fail "erlc"
epmd -daemon
checks=(ping global_sync global_register_here global_whereis_there global_registered_names_there
        global_send_from_there global_register_taken_there global_unregister_here
        global_unregistered_there global_register_there global_whereis_here global_send_here
        global_reply_here global_register_taken_here global_dead_gone_here
        global_dead_gone_there pg_join_here pg_members_there pg_join_there pg_members_here
        pg_local_members_here pg_which_groups_there pg_leave_here pg_left_there pg_left_here
        pg_member_death_here pg_member_death_there pg_join_twice_there pg_local_death_there)
cd "$tmp"
run_case() { # case serving_vm checking_vm
    local case=$1 server=gs$$x$1 checker=gc$$x$1
    "$2" -sname $server -setcookie $cookie -noshell -kernel start_pg true -pa "$tmp" \
        -s dist_groups serve -s init stop >"$tmp/$case.server.out" 2>&1 &
    local spid=$!
    started+=($spid)
    wait_registered $server || fail "$case: $server never registered with epmd"
    timeout 300 "$3" -sname $checker -setcookie $cookie -noshell -kernel start_pg true \
        -pa "$tmp" -eval "dist_groups:check('$server@$host'), init:stop()." \
        >"$tmp/$case.checker.out" 2>&1 || fail "$case: the checking node exited with $?"
    for w in "${checks[@]}"; do
        grep -qx "ok $w" "$tmp/$case.checker.out" || fail "$case: no 'ok $w'"
    done
    grep -q '^FAIL' "$tmp/$case.checker.out" && fail "$case: a check failed"
    # The serving node was told to stop: it ends by itself.
    for _ in $(seq 1200); do kill -0 $spid 2>/dev/null || break; sleep 0.1; done
    kill -0 $spid 2>/dev/null && fail "$case: the serving node did not stop"
    echo "$case: ${#checks[@]} checks passed"
}
# Three nodes: Hub serves, Other connects to Hub and serves, the checker connects to Hub.
run_case3() { # case hub_vm other_vm checking_vm
    local case=$1 hub=gh$$x$1 other=go$$x$1 checker=gc$$x$1
    "$2" -sname $hub -setcookie $cookie -noshell -kernel start_pg true -pa "$tmp" \
        -s dist_groups serve -s init stop >"$tmp/$case.hub.out" 2>&1 &
    local hpid=$!
    started+=($hpid)
    wait_registered $hub || fail "$case: $hub never registered with epmd"
    "$3" -sname $other -setcookie $cookie -noshell -kernel start_pg true -pa "$tmp" \
        -eval "pong = net_adm:ping('$hub@$host'), io:format(\"CONNECTED~n\"),
               dist_groups:serve(), init:stop()." >"$tmp/$case.other.out" 2>&1 &
    local opid=$!
    started+=($opid)
    wait_line "$tmp/$case.other.out" '^CONNECTED' || fail "$case: $other never connected"
    timeout 300 "$4" -sname $checker -setcookie $cookie -noshell -kernel start_pg true \
        -pa "$tmp" -eval "dist_groups:check3('$hub@$host', '$other@$host'), init:stop()." \
        >"$tmp/$case.checker.out" 2>&1 || fail "$case: the checking node exited with $?"
    for w in ping global_sync connect_all global_sync_all global_register_here \
             global_whereis_hub global_whereis_other global_register_other global_whereis_here \
             global_whereis_hub_other pg_members_here pg_members_hub pg_member_death_here \
             global_dead_gone_hub; do
        grep -qx "ok $w" "$tmp/$case.checker.out" || fail "$case: no 'ok $w'"
    done
    grep -q '^FAIL' "$tmp/$case.checker.out" && fail "$case: a check failed"
    for p in $hpid $opid; do
        for _ in $(seq 1200); do kill -0 $p 2>/dev/null || break; sleep 0.1; done
        kill -0 $p 2>/dev/null && fail "$case: a serving node did not stop"
    done
    echo "$case: 14 checks passed"
}
run_case hamlet_checks_erl erl "$hamlet"
run_case erl_checks_hamlet "$hamlet" erl
run_case hamlet_checks_hamlet "$hamlet" "$hamlet"
run_case3 erl_hub_hamlets erl "$hamlet" "$hamlet"
run_case3 hamlet_hub_erl_other "$hamlet" erl "$hamlet"
run_case3 erl_checks_hamlets "$hamlet" "$hamlet" erl
