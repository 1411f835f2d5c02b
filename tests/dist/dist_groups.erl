%% The peer module of tests/dist/global_pg.sh, loaded on both nodes: global names and pg
%% groups across two nodes. serve/0 is the node that waits, check/1 the node that connects
%% and checks (the other node's side runs through rpc). Every line is "ok What" or
%% "FAIL What Detail". Waits are for events (a message, or a condition seen by polling)
%% with generous limits, never for a fixed time.
-module(dist_groups).
-export([serve/0, check/1, check3/2, echo/0, start_named/1, start_member/1, members/1,
         whereis/1]).

-define(LIMIT, 60000).

serve() ->
    register(dist_groups_serve, self()),
    receive stop -> ok end.

%% A process answering {From, T} with {echo, node(), T}.
echo() ->
    receive
        {From, T} -> From ! {echo, node(), T}, echo();
        stop -> ok
    end.

%% On the node it is called on: an echo process registered globally as Name (by this node).
start_named(Name) ->
    P = spawn(?MODULE, echo, []),
    yes = global:register_name(Name, P),
    P.

%% On the node it is called on: an echo process that joins Group in the default pg scope.
start_member(Group) ->
    P = spawn(?MODULE, echo, []),
    ok = pg:join(Group, P),
    P.

members(Group) -> lists:sort(pg:get_members(Group)).

whereis(Name) -> global:whereis_name(Name).

check(Peer) ->
    report(ping, net_adm:ping(Peer) =:= pong, Peer),
    %% global:sync/0 waits for global's lock negotiation with Peer (it used to hang when
    %% erl connected to Hamlet): awaited in a helper, so that a hang is a FAIL line.
    report(global_sync, sync(), x),
    Me = node(),
    Tag = integer_to_list(erlang:unique_integer([positive])),
    %% ---- global: a name registered here, seen and used there ----
    Local = list_to_atom("g_here_" ++ Tag),
    L = spawn(?MODULE, echo, []),
    report(global_register_here, global:register_name(Local, L) =:= yes, Local),
    report(global_whereis_there, wait_for(fun() -> rpc:call(Peer, ?MODULE, whereis, [Local]) end, L),
           rpc:call(Peer, ?MODULE, whereis, [Local])),
    report(global_registered_names_there,
           lists:member(Local, rpc:call(Peer, global, registered_names, [])), x),
    Self = self(),
    rpc:call(Peer, global, send, [Local, {Self, from_there}]),
    report(global_send_from_there, receive {echo, Me, from_there} -> true after ?LIMIT -> false end, x),
    report(global_register_taken_there,
           rpc:call(Peer, global, register_name, [Local, self()]) =:= no, x),
    report(global_unregister_here, global:unregister_name(Local) =:= ok, x),
    report(global_unregistered_there,
           wait_for(fun() -> rpc:call(Peer, ?MODULE, whereis, [Local]) end, undefined), x),
    L ! stop,
    %% ---- global: a name registered there, seen and used here; the process dies ----
    Remote = list_to_atom("g_there_" ++ Tag),
    R = rpc:call(Peer, ?MODULE, start_named, [Remote]),
    report(global_register_there, is_pid(R) andalso node(R) =:= Peer, R),
    report(global_whereis_here, wait_for(fun() -> global:whereis_name(Remote) end, R),
           global:whereis_name(Remote)),
    report(global_send_here, global:send(Remote, {self(), from_here}) =:= R, x),
    report(global_reply_here, receive {echo, Peer, from_here} -> true after ?LIMIT -> false end, x),
    report(global_register_taken_here, global:register_name(Remote, self()) =:= no, x),
    exit(R, kill),
    report(global_dead_gone_here,
           wait_for(fun() -> global:whereis_name(Remote) end, undefined), x),
    report(global_dead_gone_there,
           wait_for(fun() -> rpc:call(Peer, ?MODULE, whereis, [Remote]) end, undefined), x),
    %% ---- pg: join here, seen there; leave; a member there dies ----
    Group = {dist_groups, Tag},
    M1 = spawn(?MODULE, echo, []),
    report(pg_join_here, pg:join(Group, M1) =:= ok, x),
    report(pg_members_there, wait_for(fun() -> rpc:call(Peer, ?MODULE, members, [Group]) end, [M1]),
           rpc:call(Peer, ?MODULE, members, [Group])),
    M2 = rpc:call(Peer, ?MODULE, start_member, [Group]),
    report(pg_join_there, is_pid(M2) andalso node(M2) =:= Peer, M2),
    Both = lists:sort([M1, M2]),
    report(pg_members_here, wait_for(fun() -> members(Group) end, Both), members(Group)),
    report(pg_local_members_here, pg:get_local_members(Group) =:= [M1], pg:get_local_members(Group)),
    report(pg_which_groups_there, lists:member(Group, rpc:call(Peer, pg, which_groups, [])), x),
    report(pg_leave_here, pg:leave(Group, M1) =:= ok, x),
    report(pg_left_there, wait_for(fun() -> rpc:call(Peer, ?MODULE, members, [Group]) end, [M2]),
           rpc:call(Peer, ?MODULE, members, [Group])),
    report(pg_left_here, wait_for(fun() -> members(Group) end, [M2]), members(Group)),
    exit(M2, kill),
    report(pg_member_death_here, wait_for(fun() -> members(Group) end, []), members(Group)),
    report(pg_member_death_there,
           wait_for(fun() -> rpc:call(Peer, ?MODULE, members, [Group]) end, []), x),
    M3 = spawn(?MODULE, echo, []),
    ok = pg:join(Group, [M3, M3]),
    report(pg_join_twice_there,
           wait_for(fun() -> rpc:call(Peer, ?MODULE, members, [Group]) end, [M3, M3]), x),
    exit(M3, kill),
    report(pg_local_death_there,
           wait_for(fun() -> rpc:call(Peer, ?MODULE, members, [Group]) end, []), x),
    M1 ! stop,
    rpc:call(Peer, erlang, send, [dist_groups_serve, stop]),
    ok.

%% Three nodes: this node connects to Hub only, Other is connected to Hub. global's
%% connect_all connects this node and Other; a name registered on either node and a pg
%% member joined on Other are seen on all three.
check3(Hub, Other) ->
    report(ping, net_adm:ping(Hub) =:= pong, Hub),
    report(global_sync, sync(), x),
    report(connect_all, wait_for(fun() -> lists:member(Other, nodes()) end, true), nodes()),
    report(global_sync_all, sync(), x),
    Tag = integer_to_list(erlang:unique_integer([positive])),
    Here = list_to_atom("g3_here_" ++ Tag),
    L = spawn(?MODULE, echo, []),
    report(global_register_here, global:register_name(Here, L) =:= yes, x),
    report(global_whereis_hub, wait_for(fun() -> rpc:call(Hub, ?MODULE, whereis, [Here]) end, L), x),
    report(global_whereis_other,
           wait_for(fun() -> rpc:call(Other, ?MODULE, whereis, [Here]) end, L), x),
    There = list_to_atom("g3_there_" ++ Tag),
    R = rpc:call(Other, ?MODULE, start_named, [There]),
    report(global_register_other, is_pid(R) andalso node(R) =:= Other, R),
    report(global_whereis_here, wait_for(fun() -> global:whereis_name(There) end, R), x),
    report(global_whereis_hub_other,
           wait_for(fun() -> rpc:call(Hub, ?MODULE, whereis, [There]) end, R), x),
    Group = {dist_groups3, Tag},
    M = rpc:call(Other, ?MODULE, start_member, [Group]),
    report(pg_members_here, wait_for(fun() -> members(Group) end, [M]), members(Group)),
    report(pg_members_hub, wait_for(fun() -> rpc:call(Hub, ?MODULE, members, [Group]) end, [M]),
           x),
    exit(M, kill),
    exit(R, kill),
    report(pg_member_death_here, wait_for(fun() -> members(Group) end, []), members(Group)),
    report(global_dead_gone_hub,
           wait_for(fun() -> rpc:call(Hub, ?MODULE, whereis, [There]) end, undefined), x),
    L ! stop,
    rpc:call(Other, erlang, send, [dist_groups_serve, stop]),
    rpc:call(Hub, erlang, send, [dist_groups_serve, stop]),
    ok.

%% global:sync/0 within the limit.
sync() ->
    {_, Ref} = spawn_monitor(fun() -> exit({synced, global:sync()}) end),
    receive {'DOWN', Ref, _, _, Synced} -> Synced =:= {synced, ok} after ?LIMIT -> false end.

%% Polls F until it returns Want (pg and global propagate asynchronously) or the limit.
wait_for(F, Want) -> wait_for(F, Want, erlang:monotonic_time(millisecond) + ?LIMIT).
wait_for(F, Want, Deadline) ->
    case F() of
        Want -> true;
        _ ->
            case erlang:monotonic_time(millisecond) > Deadline of
                true -> false;
                false -> receive after 20 -> wait_for(F, Want, Deadline) end
            end
    end.

report(What, true, _) -> io:format("ok ~p~n", [What]);
report(What, _, Detail) -> io:format("FAIL ~p ~0p~n", [What, Detail]).
