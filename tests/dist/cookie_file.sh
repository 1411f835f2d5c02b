#!/bin/bash
# The cookie file, as kernel's auth makes it: a node started with a name and no -setcookie
# in a HOME without ~/.erlang.cookie creates the file (20 capital letters, no newline, mode
# 0400, modification time at the local midnight of its creation day), and a
# node of the other VM started in the same HOME reads it and connects (ping answers pong).
# Cases: Hamlet creates and erl connects; erl creates and Hamlet connects. The same checks
# hold with erl in both roles (tests/dist/cookie_file.sh erl).
#   tests/dist/cookie_file.sh HAMLET
set -u
hamlet=$1
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
tmp=$(dist_scratch cookiefile)
host=$(hostname -s)
epmd -daemon
run_case() { # case creator_vm connector_vm
    local case=$1 server=cs$$x$1 pinger=cp$$x$1 home=$tmp/home_$1
    mkdir -p "$home"
    HOME=$home "$2" -sname $server -noshell >"$tmp/$case.server.out" 2>&1 &
    local spid=$!
    started+=($spid)
    wait_registered $server || fail "$case: $server never registered with epmd"
    local f=$home/.erlang.cookie
    [[ -f $f ]] || fail "$case: no $f"
    grep -qxE '[A-Z]{20}' "$f" || fail "$case: the cookie is not 20 capital letters: $(cat "$f")"
    [[ $(stat -c %s "$f") == 20 ]] || fail "$case: the file is not 20 bytes"
    [[ $(stat -c %a "$f") == 400 ]] || fail "$case: mode $(stat -c %a "$f"), not 400"
    # (the access time is set to midnight too, but reading the file back updates it)
    [[ $(date -d @"$(stat -c %Y "$f")" +%T) == 00:00:00 ]] ||
        fail "$case: the modification time is not at midnight: $(stat "$f")"
    HOME=$home timeout 120 "$3" -sname $pinger -noshell \
        -eval "io:format(\"~p~n\", [net_adm:ping('$server@$host')]), init:stop()." \
        >"$tmp/$case.pinger.out" 2>&1 || fail "$case: the pinger exited with $?"
    [[ $(cat "$tmp/$case.pinger.out") == pong ]] || fail "$case: the pinger did not get pong"
    kill -9 $spid
    wait $spid 2>/dev/null
}
run_case hamlet_creates "$hamlet" erl
run_case erl_creates erl "$hamlet"
echo "ok: cookie files created as erl creates them and read by the other VM"
