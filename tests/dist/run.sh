#!/bin/bash
# Distribution between a Hamlet node and a real erl node on this machine, through the real
# epmd (tests/dist/dist_peer.erl does the checks):
#   1. erl connects to Hamlet: ping, rpc both ways, a message round trip with many kinds of
#      terms, remote pids, monitors;
#   2. Hamlet connects to erl: the same, then the erl node is killed (kill -9) and Hamlet
#      must see 'DOWN' noconnection, {nodedown, Node} and monitor_nodes' nodedown;
#   3. Hamlet connects to Hamlet: the same checks;
#   4. a pid of a node that was killed and started again under its name reaches nobody
#      (erl to Hamlet, Hamlet to erl, Hamlet to Hamlet);
#   (the checks of 1-3 include unlink/1 racing a remote exit and replies to aliases)
#   5. a node started without a name: net_kernel:start/1, a connection, net_kernel:stop/0
#      (nodedown net_kernel_terminated, its own nodedown, not alive), start again.
# Unique node names, a fixed cookie on the command line (~/.erlang.cookie is not used); the
# script stops only the nodes it started. It waits for events (a name in epmd, a line of
# output), never for a fixed time; every wait has a generous limit.
# Usage: run.sh HAMLET
set -u
hamlet=$1
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
tmp=$(dist_scratch peer)
host=$(hostname -s)
cookie=hamletci
hname=h$$ ename=e$$ hname2=h2x$$ ename2=e2x$$ hname3=h3x$$ hname4=h4x$$

erlc -o "$tmp" "$here/dist_peer.erl" || fail "erlc"
epmd -daemon
check_output() { # file, expected "ok" lines
    local f=$1; shift
    for w in "$@"; do grep -qx "ok $w" "$f" || fail "$f: no 'ok $w'"; done
    if grep -q '^FAIL' "$f"; then fail "$f: a check failed"; fi
}
# Starts a node (VM, name, output file) that serves dist_peer's checks and waits until epmd
# lists it; its pid is in served_pid.
serve_node() {
    "$1" -sname "$2" -setcookie $cookie -noshell -pa "$tmp" -s dist_peer serve >"$3" 2>&1 &
    served_pid=$!
    started+=($served_pid)
    wait_registered "$2" || fail "node $2 ($1) never registered with epmd"
}
checks=(ping nodes rpc_node rpc_big_result rpc_error rpc_back erpc_call echo_zoo remote_pid
        send_to_pid monitor_noproc monitors_listed_here monitored_by_there demonitor_listed_here
        monitor_killed spawn_link_exit link_exit2_killed
        links_listed_here links_listed_there unlinked_listed_here unlinked_listed_there
        unlinked_no_exit spawn_opts_checked spawn_request_monitor_tag spawn_opt_badarg group_leader_there
        group_leader_here
        remote_exit2 unlink_race_trapping unlink_race_not_trapping alias_reply unalias
        alias_inactive monitor_alias_reply monitor_alias_demonitored monitor_alias_inactive
        disconnect nodedown_disconnect monitor_node_connects monitor_node_fails
        reply_tag_survives_gc erpc_multicall_unreachable
        nodedown_closed_there)

# ---- 1. erl connects to Hamlet ----
cd "$tmp"
serve_node "$hamlet" $hname "$tmp/hamlet1.out"
hpid=$served_pid
timeout 300 erl -sname $ename -setcookie $cookie -noshell -pa "$tmp" \
    -eval "dist_peer:check('$hname@$host'), rpc:call('$hname@$host', init, stop, []), init:stop()." \
    >"$tmp/erl1.out" 2>&1 || fail "erl side exited with $?"
check_output "$tmp/erl1.out" "${checks[@]}"
# init:stop on the Hamlet node, asked over the connection: it ends by itself.
for _ in $(seq 600); do kill -0 $hpid 2>/dev/null || break; sleep 0.1; done
kill -0 $hpid 2>/dev/null && fail "Hamlet node did not stop on rpc init:stop"
echo "erl -> Hamlet: ${#checks[@]} checks passed"

# ---- 2. Hamlet connects to erl; then the erl node dies ----
serve_node erl $ename2 "$tmp/erl2.out"
epid=$served_pid
timeout 300 "$hamlet" -sname $hname2 -setcookie $cookie -noshell -pa "$tmp" \
    -eval "dist_peer:check('$ename2@$host'), dist_peer:check_down('$ename2@$host'), init:stop()." \
    >"$tmp/hamlet2.out" 2>&1 &
h2pid=$!
started+=($h2pid)
wait_line "$tmp/hamlet2.out" '^KILL_PEER' || fail "Hamlet never got to KILL_PEER"
kill -9 $epid
wait $h2pid || fail "Hamlet side exited with $?"
check_output "$tmp/hamlet2.out" "${checks[@]}" link_noconnection down_noconnection monitor_node_down \
    monitor_nodes_down nodes_after
echo "Hamlet -> erl: ${#checks[@]} checks and node down passed"

# ---- 3. Hamlet connects to Hamlet ----
serve_node "$hamlet" $hname3 "$tmp/hamlet3.out"
timeout 300 "$hamlet" -sname $hname4 -setcookie $cookie -noshell -pa "$tmp" \
    -eval "dist_peer:check('$hname3@$host'), rpc:call('$hname3@$host', init, stop, []), init:stop()." \
    >"$tmp/hamlet4.out" 2>&1 || fail "Hamlet side exited with $?"
check_output "$tmp/hamlet4.out" "${checks[@]}"
echo "Hamlet -> Hamlet: ${#checks[@]} checks passed"

# ---- 4. a pid of an earlier incarnation of the serving node (killed, started again) ----
incarnation_case() { # case serving_vm checking_vm
    local s=i$$x$1 c=ic$$x$1
    serve_node "$2" $s "$tmp/$1.s1.out"
    local spid=$served_pid
    timeout 300 "$3" -sname $c -setcookie $cookie -noshell -pa "$tmp" \
        -eval "dist_peer:check_incarnation('$s@$host'), init:stop()." >"$tmp/$1.c.out" 2>&1 &
    local cpid=$!
    started+=($cpid)
    wait_line "$tmp/$1.c.out" '^RESTART_PEER' || fail "$1: the checker never got to RESTART_PEER"
    kill -9 $spid
    wait $spid 2>/dev/null
    for _ in $(seq 1200); do epmd -names | grep -q "^name $s at" || break; sleep 0.1; done
    # The checker waits for the new node (which it stops at the end).
    "$2" -sname $s -setcookie $cookie -noshell -pa "$tmp" -s dist_peer serve \
        >"$tmp/$1.s2.out" 2>&1 &
    started+=($!)
    wait $cpid || fail "$1: the checking node exited with $?"
    check_output "$tmp/$1.c.out" ping old_nodedown new_ping new_incarnation old_send_dropped \
        old_monitor_noproc old_link_noproc
    echo "$1: an old incarnation's pid reaches nobody"
}
incarnation_case erl_to_hamlet "$hamlet" erl
incarnation_case hamlet_to_erl erl "$hamlet"
incarnation_case hamlet_to_hamlet "$hamlet" "$hamlet"

# ---- 5. net_kernel:stop/0 and start again, connected to a peer ----
restart_case() { # case serving_vm checking_vm
    local s=r$$x$1
    serve_node "$2" $s "$tmp/$1.s.out"
    timeout 300 "$3" -setcookie $cookie -noshell -pa "$tmp" \
        -eval "dist_peer:check_restart('$s@$host', ra$$x$1, rb$$x$1), init:stop()." \
        >"$tmp/$1.c.out" 2>&1 || fail "$1: the checking node exited with $?"
    check_output "$tmp/$1.c.out" own_nodeup ping peer_nodeup stop peer_down_terminated \
        own_nodedown not_alive own_nodeup_again ping_again peer_saw_closed
    echo "$1: distribution stopped and started again"
}
restart_case hamlet_stops_erl erl "$hamlet"
restart_case erl_stops_hamlet "$hamlet" erl
restart_case hamlet_stops_hamlet "$hamlet" "$hamlet"
