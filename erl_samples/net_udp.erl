%% gen_udp on loopback: passive recv with timeouts, active true/once/N ({udp_passive, S}),
%% list and binary mode, connected sockets, names, options, statistics, IPv6, errors.
%% The OS picks every port; the samples print only how ports relate.
-module(net_udp).
-export([main/0]).

main() ->
    {ok, A} = gen_udp:open(0, [binary, {active, false}]),
    {ok, B} = gen_udp:open(0, [binary, {active, false}, {ip, {127,0,0,1}}]),
    {ok, PA} = inet:port(A),
    {ok, PB} = inet:port(B),
    io:format("names: ~p ~p~n", [element(1, element(2, inet:sockname(A))),
                                 inet:sockname(B) =:= {ok, {{127,0,0,1}, PB}}]),
    io:format("type: ~p~n", [prim_inet:gettype(A)]),

    %% passive
    ok = gen_udp:send(A, {127,0,0,1}, PB, <<"hello">>),
    {ok, {FromIP, FromPort, D1}} = gen_udp:recv(B, 0, 5000),
    io:format("recv: ~p ~p ~p~n", [FromIP, FromPort =:= PA, D1]),
    ok = gen_udp:send(A, "localhost", PB, ["io", <<"list">>]),
    {ok, {_, _, D2}} = gen_udp:recv(B, 0, 5000),
    io:format("by name, iolist: ~p~n", [D2]),
    io:format("timeout: ~p~n", [gen_udp:recv(B, 0, 50)]),
    ok = gen_udp:send(A, {127,0,0,1}, PB, <<>>),
    {ok, {_, _, D3}} = gen_udp:recv(B, 0, 5000),
    io:format("empty datagram: ~p~n", [D3]),
    ok = inet:setopts(B, [list]),
    ok = gen_udp:send(A, {127,0,0,1}, PB, <<"as a list">>),
    {ok, {_, _, D4}} = gen_udp:recv(B, 0, 5000),
    io:format("list mode: ~p~n", [D4]),
    ok = inet:setopts(B, [binary]),
    Big = binary:copy(<<"u">>, 60000),
    ok = gen_udp:send(A, {127,0,0,1}, PB, Big),
    {ok, {_, _, D5}} = gen_udp:recv(B, 0, 5000),
    io:format("60000 bytes: ~p~n", [byte_size(D5)]),
    io:format("too big: ~p~n", [gen_udp:send(A, {127,0,0,1}, PB, binary:copy(<<"u">>, 70000))]),
    %% the datagram is kept whole: one recv per send
    [ok = gen_udp:send(A, {127,0,0,1}, PB, <<N>>) || N <- [1, 2, 3]],
    io:format("three: ~p~n", [[element(3, element(2, gen_udp:recv(B, 0, 5000))) || _ <- [1, 2, 3]]]),

    %% active
    ok = inet:setopts(B, [{active, true}]),
    [ok = gen_udp:send(A, {127,0,0,1}, PB, <<N>>) || N <- [4, 5]],
    io:format("active: ~p~n", [collect(B, PA, 2)]),
    ok = inet:setopts(B, [{active, once}]),
    [ok = gen_udp:send(A, {127,0,0,1}, PB, <<N>>) || N <- [6, 7]],
    io:format("once: ~p ~p~n", [collect(B, PA, 1), inet:getopts(B, [active])]),
    {ok, {_, _, D7}} = gen_udp:recv(B, 0, 5000),
    io:format("then passive: ~p~n", [D7]),
    ok = inet:setopts(B, [{active, 2}]),
    [ok = gen_udp:send(A, {127,0,0,1}, PB, <<N>>) || N <- [8, 9]],
    io:format("active 2: ~p~n", [collect(B, PA, 2)]),
    receive {udp_passive, B} -> io:format("udp_passive~n") after 5000 -> io:format("none~n") end,
    ok = inet:setopts(B, [list, {active, once}]),
    ok = gen_udp:send(A, {127,0,0,1}, PB, <<"list">>),
    io:format("active list: ~p~n", [collect(B, PA, 1)]),
    ok = inet:setopts(B, [{active, false}, binary]),

    %% connected
    ok = gen_udp:connect(A, {127,0,0,1}, PB),
    io:format("connected peer: ~p~n", [inet:peername(A) =:= {ok, {{127,0,0,1}, PB}}]),
    ok = gen_udp:send(A, <<"connected">>),
    {ok, {_, _, D8}} = gen_udp:recv(B, 0, 5000),
    io:format("connected send: ~p~n", [D8]),

    %% options and statistics
    io:format("getopts: ~p~n", [inet:getopts(B, [mode, active, broadcast, reuseaddr,
                                                   deliver, read_packets])]),
    ok = inet:setopts(B, [{broadcast, true}, {recbuf, 100000}, {read_packets, 10}]),
    io:format("set: ~p~n", [inet:getopts(B, [broadcast, read_packets])]),
    {ok, St} = inet:getstat(B, [recv_cnt, send_cnt]),
    io:format("stats: ~p~n", [St]),
    io:format("bad send: ~p~n", [catch gen_udp:send(B, {1,2,3}, 1, <<>>)]),
    io:format("bad port: ~p~n", [catch gen_udp:open(-5)]),
    io:format("in use: ~p~n", [gen_udp:open(PB, [{ip, {127,0,0,1}}])]),
    io:format("controlling_process: ~p~n", [gen_udp:controlling_process(B, self())]),
    ok = gen_udp:close(A),
    ok = gen_udp:close(B),
    io:format("recv on closed: ~p~n", [gen_udp:recv(B, 0, 100)]),
    io:format("send on closed: ~p~n", [gen_udp:send(B, {127,0,0,1}, PA, <<>>)]),

    %% IPv6
    {ok, X} = gen_udp:open(0, [inet6, binary, {active, true}, {ip, {0,0,0,0,0,0,0,1}}]),
    {ok, Y} = gen_udp:open(0, [inet6, binary, {active, false}]),
    {ok, PX} = inet:port(X),
    {ok, PY} = inet:port(Y),
    ok = gen_udp:send(Y, {0,0,0,0,0,0,0,1}, PX, <<"v6">>),
    receive {udp, X, IP6, PY, V6} -> io:format("ipv6: ~p ~p~n", [IP6, V6])
    after 5000 -> io:format("no ipv6 datagram~n") end,
    gen_udp:close(X),
    gen_udp:close(Y),
    io:format("mailbox: ~p~n", [flush()]),
    ok.

collect(_S, _From, 0) -> [];
collect(S, From, N) ->
    receive
        {udp, S, {127,0,0,1}, From, D} -> [D | collect(S, From, N - 1)]
    after 5000 -> [timeout]
    end.

flush() ->
    receive M -> [M | flush()] after 0 -> [] end.
