%% The peer module of tests/dist/run.sh, loaded on both the Hamlet node and the erl node:
%% serve/0 is the node that waits, check/1 the node that connects and checks.
-module(dist_peer).
-export([serve/0, check/1, check_down/1, zoo/0, echo_loop/0, links_of/1, downs/0,
         check_incarnation/1, check_restart/3, racer/0]).

%% An echo server registered as dist_peer: {From, Term} -> From ! {echo, node(), Term};
%% dist_peer_downs records the nodedown messages of net_kernel:monitor_nodes (downs/0).
serve() ->
    register(dist_peer, spawn(fun echo_loop/0)),
    Self = self(),
    register(dist_peer_downs, spawn(fun() ->
                                        ok = net_kernel:monitor_nodes(true, [nodedown_reason]),
                                        Self ! subscribed,
                                        downs_loop([])
                                    end)),
    receive subscribed -> ok end,
    receive stop -> ok end.

downs_loop(Downs) ->
    receive
        {nodedown, N, Info} -> downs_loop([{N, Info} | Downs]);
        {From, downs} -> From ! {downs, lists:reverse(Downs)}, downs_loop(Downs);
        _ -> downs_loop(Downs)
    end.

downs() ->
    dist_peer_downs ! {self(), downs},
    receive {downs, D} -> D end.

echo_loop() ->
    receive
        {From, T} -> From ! {echo, node(), T}, echo_loop()
    end.

%% Terms of many kinds (pids, refs and ports of this node included).
zoo() ->
    [0, -1, 1 bsl 70, -(1 bsl 100), 3.25, -0.0, atom, 'ünïcødé', "string", [],
     [a | b], {}, {1, {2, {3}}}, <<>>, <<"binary">>, binary:copy(<<7>>, 70000),
     <<1:3>>, #{}, #{a => 1, "b" => [2]}, maps:from_list([{I, I * I} || I <- lists:seq(1, 40)]),
     self(), make_ref(), hd(erlang:ports()), fun lists:reverse/1,
     lists:seq(1, 1000)].

%% Run on the connecting node with Peer, the serving node: every line is "ok What" or
%% "FAIL What Detail".
check(Peer) ->
    report(ping, net_adm:ping(Peer) =:= pong, Peer),
    report(nodes, lists:member(Peer, nodes()), nodes()),
    report(rpc_node, rpc:call(Peer, erlang, node, []) =:= Peer, Peer),
    R = rpc:call(Peer, lists, seq, [1, 100000]),
    report(rpc_big_result, R =:= lists:seq(1, 100000), length(R)),
    E = rpc:call(Peer, erlang, error, [boom]),
    report(rpc_error, match_error(E), E),
    Back = rpc:call(Peer, rpc, call, [node(), erlang, node, []]),
    report(rpc_back, Back =:= node(), Back),
    report(erpc_call, catch erpc:call(Peer, erlang, abs, [-5]) =:= 5, ok),
    Zoo = zoo(),
    {dist_peer, Peer} ! {self(), Zoo},
    Echo = receive {echo, Peer, T} -> T after 30000 -> timeout end,
    report(echo_zoo, Echo =:= Zoo, Echo =:= timeout),
    Pid = rpc:call(Peer, erlang, whereis, [dist_peer]),
    report(remote_pid, is_pid(Pid) andalso node(Pid) =:= Peer, Pid),
    Pid ! {self(), to_pid},
    report(send_to_pid, receive {echo, Peer, to_pid} -> true after 30000 -> false end, Pid),
    Ref = monitor(process, {nonexistent_name, Peer}),
    report(monitor_noproc,
           receive {'DOWN', Ref, process, {nonexistent_name, Peer}, noproc} -> true
           after 30000 -> false end, Ref),
    Tmp = rpc:call(Peer, erlang, spawn, [timer, sleep, [infinity]]),
    Ref2 = monitor(process, Tmp),
    %% process_info lists remote monitors on both nodes: by pid and by name here, the
    %% watcher there.
    Ref3 = monitor(process, {dist_peer, Peer}),
    {monitors, Mons} = process_info(self(), monitors),
    report(monitors_listed_here,
           lists:member({process, Tmp}, Mons) andalso
               lists:member({process, {dist_peer, Peer}}, Mons), Mons),
    Me = self(),
    report(monitored_by_there,
           until(fun() ->
                     {monitored_by, By} = rpc:call(Peer, erlang, process_info, [Tmp, monitored_by]),
                     lists:member(Me, By)
                 end), x),
    demonitor(Ref3, [flush]),
    report(demonitor_listed_here,
           not lists:member({process, {dist_peer, Peer}}, element(2, process_info(self(), monitors))),
           x),
    rpc:call(Peer, erlang, exit, [Tmp, kill]),
    report(monitor_killed,
           receive {'DOWN', Ref2, process, Tmp, killed} -> true after 30000 -> false end, Tmp),
    process_flag(trap_exit, true),
    P1 = spawn_link(Peer, erlang, exit, [bye]),
    report(spawn_link_exit, receive {'EXIT', P1, bye} -> true after 30000 -> false end, P1),
    T1 = rpc:call(Peer, erlang, spawn, [timer, sleep, [infinity]]),
    link(T1),
    exit(T1, kill),
    report(link_exit2_killed, receive {'EXIT', T1, killed} -> true after 30000 -> false end, T1),
    T2 = rpc:call(Peer, erlang, spawn, [timer, sleep, [infinity]]),
    link(T2),
    Self = self(),
    report(links_listed_here, lists:member(T2, links_of(self())), links_of(self())),
    report(links_listed_there,
           until(fun() -> lists:member(Self, rpc:call(Peer, ?MODULE, links_of, [T2])) end), x),
    unlink(T2),
    report(unlinked_listed_here, not lists:member(T2, links_of(self())), links_of(self())),
    report(unlinked_listed_there,
           until(fun() -> not lists:member(Self, rpc:call(Peer, ?MODULE, links_of, [T2])) end),
           x),
    R2 = monitor(process, T2),
    exit(T2, kill),
    receive {'DOWN', R2, process, T2, killed} -> ok after 30000 -> ok end,
    report(unlinked_no_exit, receive {'EXIT', T2, _} -> false after 0 -> true end, T2),
    %% spawn_request's options: its own (reply, monitor's options, a proper list) checked
    %% here, spawn_opt's checked by the other node, as erts does.
    report(spawn_opts_checked,
           [spawn_reply(Peer, O) || O <- [[link | x], [{reply, bad}], [{monitor, bad}],
                                          [{priority, bad}], [{fullsweep_after, -1}],
                                          [{link, true}], [{spawn_opt, x}],
                                          [{priority, high}, {message_queue_data, off_heap}]]] =:=
               [badarg, {error, badopt}, {error, badopt}, {error, badopt}, {error, badopt},
                {error, badopt}, {error, badopt}, ok], x),
    Tagged = erlang:spawn_request(Peer, erlang, is_atom, [1], [{monitor, [{tag, {remote, tag}}]}]),
    report(spawn_request_monitor_tag,
           receive
               {spawn_reply, Tagged, ok, TP} ->
                   receive {{remote, tag}, Tagged, process, TP, normal} -> true
                   after 60000 -> false
                   end
           after 60000 -> false
           end, x),
    report(spawn_opt_badarg,
           try spawn_opt(Peer, erlang, is_atom, [1], [{priority, bad}]) of
               _ -> false
           catch error:badarg -> true
           end, x),
    %% group_leader/2 across nodes: a remote process's group leader set from here (GROUP_LEADER
    %% on the wire), and a local process's set to a remote pid.
    T3 = rpc:call(Peer, erlang, spawn, [timer, sleep, [infinity]]),
    report(group_leader_there,
           group_leader(Self, T3) andalso
               until(fun() ->
                         rpc:call(Peer, erlang, process_info, [T3, group_leader]) =:=
                             {group_leader, Self}
                     end), x),
    L3 = spawn(timer, sleep, [infinity]),
    report(group_leader_here,
           group_leader(T3, L3) andalso process_info(L3, group_leader) =:= {group_leader, T3},
           process_info(L3, group_leader)),
    exit(L3, kill),
    rpc:call(Peer, erlang, exit, [T3, kill]),
    rpc:call(Peer, erlang, exit, [Self, {remote, reason}]),
    report(remote_exit2,
           receive {'EXIT', From, {remote, reason}} -> node(From) =:= Peer
           after 30000 -> false end, x),
    %% unlink/1 racing the linked process's exit: once unlink/1 has returned, no exit
    %% signal of that link reaches the caller (an 'EXIT' message already in the queue is
    %% allowed, as the documentation of unlink/1 says), trapping or not.
    report(unlink_race_trapping, unlink_race(Peer, 100), x),
    process_flag(trap_exit, false),
    report(unlink_race_not_trapping, unlink_race(Peer, 100), x),
    %% Replies to aliases (ALIAS_SEND on the wire): an active alias, one deactivated by
    %% unalias/1, and a monitor's {alias, reply_demonitor} alias, which the first reply
    %% removes with the monitor.
    A = alias(),
    rpc:call(Peer, erlang, send, [A, {via_alias, 1}]),
    report(alias_reply, receive {via_alias, 1} -> true after 30000 -> false end, x),
    report(unalias, unalias(A), x),
    rpc:call(Peer, erlang, send, [A, {via_alias, 2}]),
    sync_peer(Peer),
    report(alias_inactive, receive {via_alias, 2} -> false after 0 -> true end, x),
    M = monitor(process, {dist_peer, Peer}, [{alias, reply_demonitor}]),
    rpc:call(Peer, erlang, send, [M, {via_monitor_alias, 1}]),
    report(monitor_alias_reply,
           receive {via_monitor_alias, 1} -> true after 30000 -> false end, x),
    report(monitor_alias_demonitored, demonitor(M, [info]) =:= false, x),
    rpc:call(Peer, erlang, send, [M, {via_monitor_alias, 2}]),
    sync_peer(Peer),
    report(monitor_alias_inactive,
           receive {via_monitor_alias, 2} -> false after 0 -> true end, x),
    %% disconnect_node/1: the nodedown reason is disconnect here, connection_closed there.
    ok = net_kernel:monitor_nodes(true, [nodedown_reason]),
    report(disconnect, erlang:disconnect_node(Peer), x),
    report(nodedown_disconnect,
           receive {nodedown, Peer, [{nodedown_reason, disconnect}]} -> true
           after 60000 -> false end, x),
    ok = net_kernel:monitor_nodes(false, [nodedown_reason]),
    %% monitor_node/2 of an unconnected node connects to it; of a node that does not exist,
    %% {nodedown, N} once the connection fails.
    true = monitor_node(Peer, true),
    report(monitor_node_connects, until(fun() -> lists:member(Peer, nodes()) end), nodes()),
    true = monitor_node(Peer, false),
    [_, Host] = string:split(atom_to_list(Peer), "@"),
    Nobody = list_to_atom("dist_peer_nobody@" ++ Host),
    true = monitor_node(Nobody, true),
    report(monitor_node_fails, receive {nodedown, Nobody} -> true after 60000 -> false end, x),
    %% spawn_request's reply tag outlives collections of the caller's heap while the
    %% connection is attempted (erpc's tags are not atoms): the error reply carries it.
    report(reply_tag_survives_gc, lists:all(fun(I) -> reply_tag_after_gc(Nobody, I) end,
                                            lists:seq(1, 20)), x),
    report(erpc_multicall_unreachable,
           lists:all(fun(_) ->
                         erpc:multicall([Peer, Nobody], erlang, node, [], infinity) =:=
                             [{ok, Peer}, {error, {erpc, noconnection}}]
                     end, lists:seq(1, 50)), x),
    MyNode = node(),
    report(nodedown_closed_there,
           until(fun() ->
                     lists:member({MyNode, [{nodedown_reason, connection_closed}]},
                                  rpc:call(Peer, ?MODULE, downs, []))
                 end), x),
    ok.

%% After check/1: monitors the peer's server and the node, then asks to be told when the
%% peer is killed (the script kills it after the KILL_PEER line).
check_down(Peer) ->
    ok = net_kernel:monitor_nodes(true, [nodedown_reason]),
    monitor_node(Peer, true),
    Ref = monitor(process, {dist_peer, Peer}),
    process_flag(trap_exit, true),
    Linked = spawn_link(Peer, timer, sleep, [infinity]),
    io:format("KILL_PEER~n"),
    report(link_noconnection,
           receive {'EXIT', Linked, noconnection} -> true after 60000 -> false end, Linked),
    report(down_noconnection,
           receive {'DOWN', Ref, process, {dist_peer, Peer}, noconnection} -> true
           after 60000 -> false end, Ref),
    report(monitor_node_down, receive {nodedown, Peer} -> true after 60000 -> false end, x),
    report(monitor_nodes_down,
           receive {nodedown, Peer, [{nodedown_reason, connection_closed}]} -> true
           after 60000 -> false end, x),
    report(nodes_after, not lists:member(Peer, nodes()), nodes()).

%% Run on the connecting node: takes a pid of Peer's echo server, waits for the script to
%% kill Peer and start it again under the same name (its echo server then has the same pid
%% number, of a new creation), and checks that the old pid reaches nobody: a message is
%% dropped, a monitor gets noproc, a link an exit noproc.
check_incarnation(Peer) ->
    report(ping, net_adm:ping(Peer) =:= pong, Peer),
    Old = rpc:call(Peer, erlang, whereis, [dist_peer]),
    ok = net_kernel:monitor_nodes(true),
    io:format("RESTART_PEER~n"),
    report(old_nodedown, receive {nodedown, Peer} -> true after 60000 -> false end, x),
    %% The new node answers pings before its echo server is registered.
    report(new_ping, until(fun() -> net_adm:ping(Peer) =:= pong andalso
                                        is_pid(rpc:call(Peer, erlang, whereis, [dist_peer]))
                           end), x),
    New = rpc:call(Peer, erlang, whereis, [dist_peer]),
    report(new_incarnation, is_pid(New) andalso New =/= Old, {Old, New}),
    %% The probe to the new server comes after the message to the old pid on the same
    %% connection: had the old pid reached the new server, its echo would come first.
    Old ! {self(), old},
    New ! {self(), probe},
    Echo = receive {echo, Peer, E} -> E after 60000 -> timeout end,
    report(old_send_dropped, Echo =:= probe, Echo),
    M = monitor(process, Old),
    report(old_monitor_noproc,
           receive {'DOWN', M, process, Old, noproc} -> true after 60000 -> false end, M),
    process_flag(trap_exit, true),
    link(Old),
    report(old_link_noproc, receive {'EXIT', Old, noproc} -> true after 60000 -> false end, x),
    process_flag(trap_exit, false),
    rpc:call(Peer, init, stop, []).

%% spawn_request(Peer, erlang, is_atom, [1], Opts): badarg, ok or {error, Reason}.
spawn_reply(Peer, Opts) ->
    try erlang:spawn_request(Peer, erlang, is_atom, [1], Opts) of
        Ref ->
            receive
                {spawn_reply, Ref, ok, _} -> ok;
                {spawn_reply, Ref, error, E} -> {error, E}
            after 60000 -> timeout
            end
    catch error:badarg -> badarg
    end.

%% Run on a node started without a name: net_kernel:start/1 makes it Name1, it connects to
%% Peer, net_kernel:stop/0 ends the distribution (Peer down with net_kernel_terminated, then
%% this node's own nodedown; no longer alive), and it starts again as Name2.
check_restart(Peer, Name1, Name2) ->
    ok = net_kernel:monitor_nodes(true, [nodedown_reason]),
    {ok, _} = net_kernel:start([Name1, shortnames]),
    Me1 = node(),
    report(own_nodeup, receive {nodeup, Me1, []} -> true after 60000 -> false end, Me1),
    report(ping, net_adm:ping(Peer) =:= pong, Peer),
    report(peer_nodeup, receive {nodeup, Peer, []} -> true after 60000 -> false end, x),
    report(stop, net_kernel:stop() =:= ok, x),
    report(peer_down_terminated,
           receive {nodedown, Peer, [{nodedown_reason, net_kernel_terminated}]} -> true
           after 60000 -> false end, x),
    report(own_nodedown,
           receive {nodedown, Me1, [{nodedown_reason, net_kernel_terminated}]} -> true
           after 60000 -> false end, x),
    report(not_alive, {node(), is_alive(), nodes()} =:= {nonode@nohost, false, []},
           {node(), is_alive(), nodes()}),
    {ok, _} = net_kernel:start([Name2, shortnames]),
    Me2 = node(),
    report(own_nodeup_again, receive {nodeup, Me2, []} -> true after 60000 -> false end, Me2),
    report(ping_again, net_adm:ping(Peer) =:= pong, Peer),
    report(peer_saw_closed,
           until(fun() ->
                     lists:member({Me1, [{nodedown_reason, connection_closed}]},
                                  rpc:call(Peer, ?MODULE, downs, []))
                 end), x),
    rpc:call(Peer, init, stop, []).

%% N rounds of: link to a fresh process on Peer, tell it to exit, unlink at once. Run in a
%% process of its own so that an exit signal that got through kills only that process when
%% the caller does not trap exits; the caller's trap_exit flag is inherited.
unlink_race(Peer, N) ->
    Trap = process_flag(trap_exit, false),
    process_flag(trap_exit, Trap),
    {Pid, Ref} = spawn_monitor(fun() ->
                                   process_flag(trap_exit, Trap),
                                   exit(unlink_rounds(Peer, N))
                               end),
    receive {'DOWN', Ref, process, Pid, Result} -> Result =:= true
    after 300000 -> false
    end.

unlink_rounds(_Peer, 0) -> true;
unlink_rounds(Peer, N) ->
    P = spawn(Peer, ?MODULE, racer, []),
    link(P),
    P ! go,
    true = unlink(P),
    receive {'EXIT', P, _} -> ok after 0 -> ok end,
    R = monitor(process, P),
    receive {'DOWN', R, process, P, _} -> ok end,
    sync_peer(Peer),
    receive
        {'EXIT', P, _} = Late -> Late
    after 0 -> unlink_rounds(Peer, N - 1)
    end.

reply_tag_after_gc(Nobody, I) ->
    Tag = {reply, [tag, I], <<"tag binary">>},
    Ref = erlang:spawn_request(Nobody, erlang, node, [], [{reply_tag, Tag}, {reply, error_only}]),
    garbage(200000),
    erlang:garbage_collect(),
    receive {{reply, [tag, I], <<"tag binary">>}, Ref, error, noconnection} -> true
    after 60000 -> false
    end.

%% Allocates and drops N list cells, so that the heap is collected meanwhile.
garbage(N) -> length(lists:reverse(lists:seq(1, N))).

racer() ->
    receive go -> exit(bye) end.

%% A round trip with the peer's echo server: what the peer sent before it has arrived.
sync_peer(Peer) ->
    {dist_peer, Peer} ! {self(), sync},
    receive {echo, Peer, sync} -> ok end.

links_of(P) ->
    {links, L} = process_info(P, links),
    L.

%% Polls F until it is true (a link's other end is updated asynchronously), for up to 60 s.
until(F) -> until(F, erlang:monotonic_time(millisecond) + 60000).
until(F, Deadline) ->
    F() orelse
        (erlang:monotonic_time(millisecond) < Deadline andalso
             receive after 20 -> until(F, Deadline) end).

match_error({badrpc, {'EXIT', {boom, _}}}) -> true;
match_error(_) -> false.

report(What, true, _) -> io:format("ok ~p~n", [What]);
report(What, _, Detail) -> io:format("FAIL ~p ~0p~n", [What, Detail]).
