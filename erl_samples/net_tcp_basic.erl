%% gen_tcp in passive mode on loopback: listen, connect, accept, send and recv (whole
%% packets, exact lengths, timeouts), names, options, statistics, shutdown, close, and the
%% controlling process. Ports are chosen by the OS and never printed.
-module(net_tcp_basic).
-export([main/0]).

main() ->
    {ok, L} = gen_tcp:listen(0, [binary, {active, false}, {reuseaddr, true}]),
    {ok, Port} = inet:port(L),
    io:format("listen port is an integer: ~p~n", [is_integer(Port) andalso Port > 0]),
    {ok, {LAddr, Port}} = inet:sockname(L),
    io:format("listen address: ~p~n", [LAddr]),
    io:format("peername of a listen socket: ~p~n", [inet:peername(L)]),
    io:format("status: ~p~n", [prim_inet:getstatus(L)]),
    io:format("type: ~p~n", [prim_inet:gettype(L)]),

    {ok, C} = gen_tcp:connect({127,0,0,1}, Port, [binary, {active, false}]),
    {ok, S} = gen_tcp:accept(L),
    io:format("accepted socket is a port: ~p~n", [is_port(S)]),
    {ok, CName} = inet:sockname(C),
    {ok, SPeer} = inet:peername(S),
    io:format("client name = server peer: ~p~n", [CName =:= SPeer]),
    {ok, {{127,0,0,1}, Port}} = inet:peername(C),
    io:format("status: ~p ~p~n", [prim_inet:getstatus(C), prim_inet:getstatus(S)]),

    %% raw mode: exact lengths
    ok = gen_tcp:send(C, <<"hello world">>),
    io:format("recv 5: ~p~n", [gen_tcp:recv(S, 5)]),
    io:format("recv 6: ~p~n", [gen_tcp:recv(S, 6)]),
    ok = gen_tcp:send(C, [<<"io">>, $l, "ist", [[<<"s">>]]]),
    io:format("iolist: ~p~n", [gen_tcp:recv(S, 7)]),
    io:format("timeout: ~p~n", [gen_tcp:recv(S, 0, 0)]),
    io:format("timeout 50: ~p~n", [gen_tcp:recv(S, 1, 50)]),
    %% data that arrives while recv waits
    Self = self(),
    spawn(fun() -> Self ! {recv, gen_tcp:recv(S, 4, 5000)} end),
    ok = gen_tcp:send(C, <<"late">>),
    receive {recv, R} -> io:format("waiting recv: ~p~n", [R]) end,

    %% list mode
    ok = inet:setopts(S, [list]),
    ok = gen_tcp:send(C, <<"abc">>),
    io:format("list mode: ~p~n", [gen_tcp:recv(S, 3)]),
    ok = inet:setopts(S, [binary, {header, 2}]),
    ok = gen_tcp:send(C, <<"head">>),
    io:format("header 2: ~p~n", [gen_tcp:recv(S, 4)]),
    ok = inet:setopts(S, [{header, 0}]),

    %% both directions, bigger data
    Big = binary:copy(<<"0123456789">>, 20000),
    ok = gen_tcp:send(S, Big),
    io:format("200000 bytes back: ~p~n", [recv_all(C, byte_size(Big), []) =:= Big]),

    %% options
    io:format("getopts: ~p~n", [inet:getopts(S, [active, mode, packet, header, packet_size,
                                                   exit_on_close, nodelay, keepalive,
                                                   delay_send, send_timeout,
                                                   send_timeout_close, high_watermark,
                                                   low_watermark, buffer, deliver,
                                                   show_econnreset, linger])]),
    ok = inet:setopts(S, [{nodelay, true}, {keepalive, true}, {high_watermark, 100000},
                          {low_watermark, 50000}, {send_timeout, 3000},
                          {linger, {true, 5}}, {buffer, 4000}]),
    io:format("getopts: ~p~n", [inet:getopts(S, [nodelay, keepalive, high_watermark,
                                                   low_watermark, send_timeout, linger,
                                                   buffer])]),
    io:format("bad getopt: ~p~n", [inet:getopts(S, [line_delimiter])]),
    io:format("bad setopt: ~p~n", [inet:setopts(S, [{packet, 7}])]),
    io:format("bad active: ~p~n", [inet:setopts(S, [{active, 40000}])]),
    io:format("unknown option: ~p~n", [inet:setopts(S, [{foo, bar}])]),

    %% statistics: the client sent 11+7+4+3+4 bytes in 5 sends
    {ok, Stats} = inet:getstat(C, [send_cnt, send_oct, send_pend, recv_oct]),
    io:format("client stats: ~p~n", [Stats]),
    {ok, [{recv_oct, RO}]} = inet:getstat(S, [recv_oct]),
    io:format("server received ~p bytes~n", [RO]),
    io:format("bad stat: ~p~n", [catch inet:getstat(S, [foo])]),

    %% controlling process
    Parent = self(),
    Child = spawn(fun() ->
                          receive go -> ok end,
                          R2 = gen_tcp:recv(S, 2),
                          ok = gen_tcp:controlling_process(S, Parent),
                          Parent ! {child, R2}
                  end),
    io:format("controlling_process: ~p~n", [gen_tcp:controlling_process(S, Child)]),
    io:format("not owner: ~p~n", [gen_tcp:controlling_process(S, self())]),
    ok = gen_tcp:send(C, <<"hi">>),
    Child ! go,
    receive {child, CR} -> io:format("child got: ~p~n", [CR]) end,

    %% shutdown: the server sees the end of the stream
    ok = gen_tcp:send(C, <<"last">>),
    ok = gen_tcp:shutdown(C, write),
    io:format("no connection waiting: ~p~n", [gen_tcp:accept(L, 0)]),
    io:format("after shutdown: ~p~n", [gen_tcp:recv(S, 0)]),
    io:format("then: ~p~n", [gen_tcp:recv(S, 0)]),
    io:format("send after shutdown: ~p~n", [gen_tcp:send(C, <<"x">>)]),

    ok = gen_tcp:close(C),
    io:format("recv on closed: ~p~n", [gen_tcp:recv(C, 0)]),
    io:format("send on closed: ~p~n", [gen_tcp:send(C, <<"x">>)]),
    io:format("close again: ~p~n", [gen_tcp:close(C)]),
    ok = gen_tcp:close(L),
    io:format("accept on closed: ~p~n", [gen_tcp:accept(L)]),
    io:format("tcp ports left: ~p~n", [length([P || P <- erlang:ports(),
                                                   erlang:port_info(P, name) =:= {name, "tcp_inet"}])]),
    ok.

recv_all(_S, 0, Acc) ->
    iolist_to_binary(lists:reverse(Acc));
recv_all(S, N, Acc) ->
    {ok, D} = gen_tcp:recv(S, 0, 5000),
    recv_all(S, N - byte_size(D), [D | Acc]).
