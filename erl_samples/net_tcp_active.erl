%% gen_tcp in the active modes: {active, true}, once and N ({tcp_passive, S}), packets
%% delivered as messages in each packet mode, {tcp_closed, S} when the peer closes (with
%% exit_on_close true and false), deliver port, and active sockets handed over with
%% controlling_process. Every wait is for a message, with a long timeout.
-module(net_tcp_active).
-export([main/0]).

main() ->
    {ok, L} = gen_tcp:listen(0, [binary, {active, false}, {packet, 2}]),
    {ok, Port} = inet:port(L),

    %% {active, true}: every packet is a message
    {C1, S1} = pair(L, Port, [binary, {packet, 2}]),
    ok = inet:setopts(S1, [{active, true}]),
    [ok = gen_tcp:send(C1, <<N>>) || N <- lists:seq(1, 5)],
    io:format("active true: ~p~n", [collect(S1, 5)]),
    ok = gen_tcp:send(C1, <<>>),
    io:format("empty packet: ~p~n", [collect(S1, 1)]),
    io:format("active: ~p~n", [inet:getopts(S1, [active])]),

    %% {active, once}: one message, then passive
    ok = inet:setopts(S1, [{active, once}]),
    [ok = gen_tcp:send(C1, <<N>>) || N <- [6, 7]],
    io:format("once: ~p~n", [collect(S1, 1)]),
    io:format("after once: ~p~n", [inet:getopts(S1, [active])]),
    io:format("passive recv: ~p~n", [gen_tcp:recv(S1, 0, 5000)]),

    %% {active, N}: N messages, then {tcp_passive, S}
    ok = inet:setopts(S1, [{active, 3}]),
    io:format("active 3: ~p~n", [inet:getopts(S1, [active])]),
    ok = inet:setopts(S1, [{active, 2}]),
    io:format("active 3+2: ~p~n", [inet:getopts(S1, [active])]),
    [ok = gen_tcp:send(C1, <<N>>) || N <- lists:seq(10, 16)],
    io:format("active 5: ~p~n", [collect(S1, 5)]),
    receive {tcp_passive, S1} -> io:format("tcp_passive~n") after 5000 -> io:format("no tcp_passive~n") end,
    io:format("after N: ~p~n", [inet:getopts(S1, [active])]),
    io:format("rest: ~p ~p~n", [gen_tcp:recv(S1, 0, 5000), gen_tcp:recv(S1, 0, 5000)]),
    ok = inet:setopts(S1, [{active, 0}]),
    receive {tcp_passive, S1} -> io:format("tcp_passive at 0~n") after 5000 -> ok end,
    ok = inet:setopts(S1, [{active, -5}]),
    receive {tcp_passive, S1} -> io:format("tcp_passive at -5~n") after 5000 -> ok end,
    io:format("negative: ~p~n", [inet:getopts(S1, [active])]),
    io:format("recv in active mode: ~p~n",
              [begin ok = inet:setopts(S1, [{active, true}]),
                     R = gen_tcp:recv(S1, 0),
                     ok = inet:setopts(S1, [{active, false}]),
                     R end]),

    %% the peer closes: {tcp_closed, S}; the port goes away (exit_on_close true)
    ok = inet:setopts(S1, [{active, true}]),
    ok = gen_tcp:send(C1, <<"bye">>),
    ok = gen_tcp:close(C1),
    io:format("before close: ~p~n", [collect(S1, 1)]),
    receive {tcp_closed, S1} -> io:format("tcp_closed~n") after 5000 -> io:format("no tcp_closed~n") end,
    io:format("port after close: ~p~n", [erlang:port_info(S1, name)]),
    io:format("send after tcp_closed: ~p~n", [gen_tcp:send(S1, <<"x">>)]),

    %% exit_on_close false: the socket stays open for sending
    {C2, S2} = pair(L, Port, [binary, {packet, 2}]),
    ok = inet:setopts(S2, [{exit_on_close, false}, {active, true}]),
    ok = gen_tcp:shutdown(C2, write),
    receive {tcp_closed, S2} -> io:format("tcp_closed, half open~n") after 5000 -> ok end,
    io:format("port still there: ~p~n", [erlang:port_info(S2, name)]),
    io:format("send to half-closed peer: ~p~n", [gen_tcp:send(S2, <<"still">>)]),
    io:format("peer reads: ~p~n", [gen_tcp:recv(C2, 0, 5000)]),
    ok = gen_tcp:close(S2),
    io:format("peer sees close: ~p~n", [gen_tcp:recv(C2, 0, 5000)]),
    gen_tcp:close(C2),

    %% list mode, raw packets, header
    {C3, S3} = pair(L, Port, [list, {packet, 4}]),
    ok = inet:setopts(S3, [list, {header, 1}, {packet, 4}, {active, true}]),
    ok = gen_tcp:send(C3, "list data"),
    io:format("list + header: ~p~n", [collect(S3, 1)]),
    ok = inet:setopts(S3, [binary, {header, 3}]),
    ok = gen_tcp:send(C3, "binary data"),
    ok = gen_tcp:send(C3, "ab"),
    io:format("binary + header 3: ~p~n", [collect(S3, 2)]),

    %% deliver port: {S, {data, D}} (a list: an accepted socket's port is not binary)
    ok = inet:setopts(S3, [{deliver, port}, {header, 0}]),
    ok = gen_tcp:send(C3, "port data"),
    receive {S3, {data, PD}} -> io:format("deliver port: ~p~n", [PD]) after 5000 -> io:format("nothing~n") end,
    ok = inet:setopts(S3, [{deliver, term}]),
    ok = inet:setopts(C3, [{deliver, port}, {active, once}]),
    ok = gen_tcp:send(S3, "to a connected socket"),
    receive {C3, {data, CD}} -> io:format("deliver port: ~p~n", [CD]) after 5000 -> io:format("nothing~n") end,
    ok = inet:setopts(C3, [{deliver, term}]),

    %% handing an active socket over: the new owner gets the messages
    Parent = self(),
    Child = spawn(fun() ->
                          receive go -> ok end,
                          Parent ! {child, collect(S3, 2)}
                  end),
    ok = gen_tcp:controlling_process(S3, Child),
    ok = gen_tcp:send(C3, "to the child 1"),
    ok = gen_tcp:send(C3, "to the child 2"),
    Child ! go,
    receive {child, Got} -> io:format("child: ~p~n", [Got]) end,
    io:format("mailbox: ~p~n", [flush()]),

    %% a client in active mode from the start
    {ok, C4} = gen_tcp:connect({127,0,0,1}, Port, [binary, {active, true}, {packet, 2}]),
    {ok, S4} = gen_tcp:accept(L),
    ok = gen_tcp:send(S4, <<"active from connect">>),
    io:format("client: ~p~n", [collect(C4, 1)]),
    ok = gen_tcp:close(S4),
    receive {tcp_closed, C4} -> io:format("client tcp_closed~n") after 5000 -> ok end,

    %% an accepted socket inherits active from the listen socket
    {ok, L2} = gen_tcp:listen(0, [binary, {active, true}, {packet, line}]),
    {ok, Port2} = inet:port(L2),
    {ok, C5} = gen_tcp:connect({127,0,0,1}, Port2, [binary, {active, false}]),
    {ok, S5} = gen_tcp:accept(L2),
    io:format("inherited: ~p~n", [inet:getopts(S5, [active, packet])]),
    ok = gen_tcp:send(C5, <<"line one\nline two\npartial">>),
    io:format("lines: ~p~n", [collect(S5, 2)]),
    ok = gen_tcp:close(C5),
    io:format("partial line at close: ~p~n", [collect(S5, 1)]),
    receive {tcp_closed, S5} -> io:format("tcp_closed~n") after 5000 -> ok end,
    ok.

pair(L, Port, Opts) ->
    {ok, C} = gen_tcp:connect({127,0,0,1}, Port, [{active, false} | Opts]),
    {ok, S} = gen_tcp:accept(L),
    {C, S}.

collect(_S, 0) -> [];
collect(S, N) ->
    receive
        {tcp, S, D} -> [D | collect(S, N - 1)];
        {tcp_closed, S} -> [tcp_closed]
    after 5000 -> [timeout]
    end.

flush() ->
    receive M -> [M | flush()] after 0 -> [] end.
