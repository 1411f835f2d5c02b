%% gen_tcp's errors as erl reports them (a refused connection, an address in use, bad
%% arguments, operations on closed sockets), IPv6 loopback, connecting by host name
%% (looked up through inet_gethost) and the owner's death closing its sockets.
-module(net_tcp_errors).
-export([main/0]).

main() ->
    %% a port nobody listens on: take one from the OS, then close it
    {ok, L0} = gen_tcp:listen(0, []),
    {ok, Free} = inet:port(L0),
    ok = gen_tcp:close(L0),
    io:format("refused: ~p~n", [gen_tcp:connect({127,0,0,1}, Free, [], 5000)]),

    {ok, L} = gen_tcp:listen(0, [{active, false}]),
    {ok, Port} = inet:port(L),
    io:format("address in use: ~p~n", [gen_tcp:listen(Port, [])]),
    io:format("bad port: ~p~n", [catch gen_tcp:listen(-1, [])]),
    io:format("bad option: ~p~n", [catch gen_tcp:listen(0, [{active, maybe}])]),
    io:format("bad address: ~p~n", [catch gen_tcp:connect({1,2,3}, Port, [])]),
    io:format("bad ip option: ~p~n", [catch gen_tcp:listen(0, [{ip, {1,2,3,4}}])]),
    io:format("bad send: ~p~n", [catch gen_tcp:send(L, <<"x">>)]),
    io:format("recv on listen: ~p~n", [catch gen_tcp:recv(L, 0, 100)]),
    io:format("accept timeout: ~p~n", [gen_tcp:accept(L, 10)]),

    %% by name, through the resolver as erl resolves it
    {ok, C} = gen_tcp:connect("localhost", Port, [{active, false}], 5000),
    {ok, S} = gen_tcp:accept(L, 5000),
    {ok, {CIP, _}} = inet:peername(C),
    io:format("localhost is ~p~n", [CIP]),
    io:format("unknown host: ~p~n",
              [gen_tcp:connect("no-such-host.invalid", Port, [], 5000)]),

    %% the owner dies: its sockets close, the peer sees it
    Owner = spawn(fun() -> receive die -> exit(kill) end end),
    ok = gen_tcp:controlling_process(C, Owner),
    MRef = monitor(process, Owner),
    Owner ! die,
    receive {'DOWN', MRef, _, _, _} -> ok end,
    io:format("peer after owner death: ~p~n", [gen_tcp:recv(S, 0, 5000)]),
    io:format("port after owner death: ~p~n", [erlang:port_info(C, name)]),

    %% linger {true, 0}: the close is a reset
    {ok, C2} = gen_tcp:connect({127,0,0,1}, Port, [{active, false}, {linger, {true, 0}}]),
    {ok, S2} = gen_tcp:accept(L, 5000),
    ok = inet:setopts(S2, [{show_econnreset, true}]),
    ok = gen_tcp:close(C2),
    io:format("reset: ~p~n", [gen_tcp:recv(S2, 0, 5000)]),
    gen_tcp:close(S2),
    gen_tcp:close(S),
    gen_tcp:close(L),

    %% IPv6 loopback
    {ok, L6} = gen_tcp:listen(0, [inet6, binary, {active, false}, {ip, {0,0,0,0,0,0,0,1}}]),
    {ok, P6} = inet:port(L6),
    io:format("ipv6 listen: ~p~n", [element(1, element(2, inet:sockname(L6)))]),
    {ok, C6} = gen_tcp:connect({0,0,0,0,0,0,0,1}, P6, [inet6, binary, {active, false}]),
    {ok, S6} = gen_tcp:accept(L6, 5000),
    io:format("ipv6 type: ~p~n", [prim_inet:gettype(C6)]),
    {ok, {PeerIP, _}} = inet:peername(S6),
    io:format("ipv6 peer: ~p~n", [PeerIP]),
    ok = gen_tcp:send(C6, <<"over v6">>),
    io:format("ipv6 recv: ~p~n", [gen_tcp:recv(S6, 0, 5000)]),
    io:format("v4 address on v6: ~p~n", [catch gen_tcp:connect({127,0,0,1}, P6, [inet6], 5000)]),
    io:format("v6 to v4 only: ~p~n", [gen_tcp:connect({0,0,0,0,0,0,0,1}, Free, [inet6], 5000)]),
    gen_tcp:close(C6),
    io:format("ipv6 close: ~p~n", [gen_tcp:recv(S6, 0, 5000)]),
    gen_tcp:close(S6),
    gen_tcp:close(L6),
    %% an inet6 listener on any address takes IPv4 clients too (ipv6_v6only false)
    {ok, LA} = gen_tcp:listen(0, [inet6, {active, false}]),
    {ok, PA} = inet:port(LA),
    {ok, CA} = gen_tcp:connect({127,0,0,1}, PA, [{active, false}], 5000),
    {ok, SA} = gen_tcp:accept(LA, 5000),
    io:format("v4 client of a v6 listener: ~p~n", [element(1, element(2, inet:peername(SA)))]),
    gen_tcp:close(CA), gen_tcp:close(SA), gen_tcp:close(LA),

    %% a peer that never reads: the send times out, and send_timeout_close closes the socket
    {ok, LT} = gen_tcp:listen(0, [binary, {active, false}]),
    {ok, PT} = inet:port(LT),
    {ok, CT} = gen_tcp:connect({127,0,0,1}, PT, [binary, {active, false}, {send_timeout, 200},
                                                 {send_timeout_close, true}]),
    {ok, ST} = gen_tcp:accept(LT, 5000),
    io:format("send timeout: ~p~n", [fill(CT, binary:copy(<<"f">>, 65536), 100000)]),
    io:format("after send timeout: ~p~n", [gen_tcp:send(CT, <<"x">>)]),
    io:format("port after send timeout: ~p~n", [erlang:port_info(CT, name)]),
    gen_tcp:close(ST), gen_tcp:close(LT),
    ok.

fill(_S, _B, 0) -> never_blocked;
fill(S, B, N) ->
    case gen_tcp:send(S, B) of
        ok -> fill(S, B, N - 1);
        Error -> Error
    end.
