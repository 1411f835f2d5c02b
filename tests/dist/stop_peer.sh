#!/bin/bash
# Node down on `kill -STOP` of the peer within the times erl gives: with net_ticktime T a
# node that stops answering must be reported down ({nodedown, N} from monitor_node) no
# sooner than erl would and no later than erl would with room for a loaded machine. Both
# directions (Hamlet watches a stopped erl, erl watches a stopped Hamlet), and erl watching
# erl to show the bounds hold for erl itself. The watcher prints its system time when the
# node goes down; the script compares it with the time of the SIGSTOP (the same clock).
# monitor_nodes' nodedown reason must be net_tick_timeout.
#   tests/dist/stop_peer.sh HAMLET
set -u
hamlet=$1
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
tmp=$(dist_scratch stop)
host=$(hostname -s)
cookie=hamletstop
tick=4 # net_ticktime (s)
epmd -daemon
run_case() { # case watcher_vm stopped_vm
    local case=$1 w=w$$x$1 s=s$$x$1
    "$3" -sname $s -setcookie $cookie -kernel net_ticktime $tick -noshell >"$tmp/$case.s.out" 2>&1 &
    local spid=$!
    started+=($spid)
    wait_registered $s || fail "$s never registered"
    "$2" -sname $w -setcookie $cookie -kernel net_ticktime $tick -noshell -eval "
        ok = net_kernel:monitor_nodes(true, [nodedown_reason]),
        pong = net_adm:ping('$s@$host'),
        erlang:monitor_node('$s@$host', true),
        io:format(\"READY~n\"),
        receive {nodedown, _} -> io:format(\"DOWN ~p~n\", [os:system_time(millisecond)]) end,
        receive {nodedown, _, [{nodedown_reason, R}]} -> io:format(\"REASON ~p~n\", [R]) end,
        init:stop()." >"$tmp/$case.w.out" 2>&1 &
    local wpid=$!
    started+=($wpid)
    wait_line "$tmp/$case.w.out" '^READY' || fail "$case: the watcher never connected"
    local t0
    t0=$(date +%s%3N)
    kill -STOP $spid
    wait_line "$tmp/$case.w.out" '^DOWN' || fail "$case: no nodedown within 120 s"
    local t1 ms
    t1=$(sed -n 's/^DOWN //p' "$tmp/$case.w.out")
    ms=$((t1 - t0))
    kill -CONT $spid
    kill -9 $spid
    wait $spid 2>/dev/null
    wait $wpid
    # monitor_nodes' nodedown reason: dist_util's tick timeout, as erl reports it.
    grep -qx 'REASON net_tick_timeout' "$tmp/$case.w.out" || fail "$case: no nodedown_reason net_tick_timeout"
    # erl's rule (dist_util:send_tick/2, net_tickintensity 4): down after 4 tick periods
    # of T/4 without a word, counted from a tick that may come up to T/4 after the stop:
    # between 3/4 T and 5/4 T. The upper bound has 10 s more for a loaded machine.
    local lo=$((tick * 750 - 250)) hi=$((tick * 1250 + 10000))
    ((ms >= lo && ms <= hi)) || fail "$case: nodedown after $ms ms, not within $lo..$hi"
    echo "$case: nodedown $ms ms after SIGSTOP (net_ticktime $tick s)"
}
run_case erl_watches_erl erl erl
run_case hamlet_watches_erl "$hamlet" erl
run_case erl_watches_hamlet erl "$hamlet"
echo "ok"
