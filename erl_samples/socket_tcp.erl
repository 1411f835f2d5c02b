%% The socket module over TCP on loopback, IPv4 and IPv6: listen on port 0 (sockname for
%% the port), connect, accept, an echo, passive recv with a length and with timeouts,
%% {error, timeout}, {error, closed} after the peer closes, nowait and select messages,
%% cancel, a large transfer (partial writes and reads), shutdown, the owner's death closing
%% its sockets, socket:monitor/1, which_sockets and number_of. No port or timing printed.
-module(socket_tcp).
-export([main/0]).

main() ->
    io:format("number_of at start: ~p~n", [socket:number_of()]),
    [family(F) || F <- [inet, inet6]],
    nowait(),
    owner_death(),
    monitor(),
    io:format("number_of at end: ~p~n", [socket:number_of()]),
    ok.

family(Family) ->
    io:format("== ~p~n", [Family]),
    {ok, L} = socket:open(Family, stream, tcp),
    ok = socket:bind(L, #{family => Family, addr => loopback, port => 0}),
    ok = socket:listen(L),
    {ok, #{port := Port} = Name} = socket:sockname(L),
    io:format("sockname: ~p~n", [maps:without([port], Name)]),
    io:format("port > 0: ~p~n", [Port > 0]),
    io:format("accept timeout: ~p~n", [socket:accept(L, 50)]),
    Self = self(),
    Client = spawn_link(fun() -> client(Self, Family, Port) end),
    {ok, A} = socket:accept(L, 5000),
    {ok, Peer} = socket:peername(A),
    io:format("peername: ~p~n", [maps:without([port], Peer)]),
    %% echo
    {ok, <<"hello">>} = socket:recv(A, 5),
    ok = socket:send(A, <<"HELLO">>),
    %% three pieces, one recv with a length
    Client ! pieces,
    io:format("recv 15: ~p~n", [socket:recv(A, 15, 5000)]),
    io:format("recv timeout: ~p~n", [socket:recv(A, 4, 100)]),
    Client ! partial,
    receive part_sent -> ok end,
    io:format("recv partial then timeout: ~p~n", [socket:recv(A, 10, 200)]),
    %% recv 0 returns what is there
    Client ! small,
    receive small_sent -> ok end,
    io:format("recv 0: ~p~n", [socket:recv(A, 0, 5000)]),
    %% a large transfer both ways
    Big = binary:copy(<<"0123456789abcdef">>, 65536),
    Client ! {big, byte_size(Big)},
    ok = socket:send(A, Big),
    io:format("big echo: ~p~n", [recv_all(A, byte_size(Big), []) =:= Big]),
    %% the peer closes
    Client ! close,
    io:format("recv after peer close: ~p~n", [socket:recv(A, 0, 5000)]),
    io:format("close: ~p~n", [socket:close(A)]),
    io:format("close again: ~p~n", [socket:close(A)]),
    io:format("recv on closed: ~p~n", [socket:recv(A, 0, 100)]),
    io:format("send on closed: ~p~n", [socket:send(A, <<"x">>)]),
    io:format("sockname on closed: ~p~n", [socket:sockname(A)]),
    receive {client_done, Client, R} -> io:format("client: ~p~n", [R]) end,
    ok = socket:close(L).

client(Parent, Family, Port) ->
    {ok, S} = socket:open(Family, stream),
    ok = socket:connect(S, #{family => Family, addr => loopback, port => Port}),
    ok = socket:send(S, <<"hello">>),
    {ok, <<"HELLO">>} = socket:recv(S, 5),
    receive pieces -> ok end,
    [begin ok = socket:send(S, P), timer:sleep(10) end || P <- [<<"abcde">>, <<"fghij">>, <<"klmno">>]],
    receive partial -> ok end,
    ok = socket:send(S, <<"part">>),
    timer:sleep(50),
    Parent ! part_sent,
    receive small -> ok end,
    ok = socket:send(S, <<"small">>),
    timer:sleep(50),
    Parent ! small_sent,
    receive {big, N} -> ok end,
    Data = recv_all(S, N, []),
    ok = socket:send(S, Data),
    receive close -> ok end,
    ok = socket:shutdown(S, write),
    R = socket:recv(S, 0, 5000),
    ok = socket:close(S),
    Parent ! {client_done, self(), R}.

recv_all(_S, 0, Acc) ->
    iolist_to_binary(lists:reverse(Acc));
recv_all(S, N, Acc) ->
    {ok, B} = socket:recv(S, 0, 5000),
    recv_all(S, N - byte_size(B), [B | Acc]).

nowait() ->
    io:format("== nowait~n"),
    {ok, L} = socket:open(inet, stream),
    ok = socket:bind(L, #{family => inet, addr => loopback, port => 0}),
    ok = socket:listen(L),
    {ok, #{port := Port}} = socket:sockname(L),
    {select, {select_info, accept, H1}} = socket:accept(L, nowait),
    io:format("cancel accept: ~p~n", [socket:cancel(L, {select_info, accept, H1})]),
    {error, {invalid, {select_info, accept, H1}}} = socket:cancel(L, {select_info, accept, H1}),
    io:format("cancel again: {error, {invalid, SelectInfo}}~n"),
    {select, {select_info, accept, H2}} = socket:accept(L, nowait),
    {ok, C} = socket:open(inet, stream),
    ok = socket:connect(C, #{family => inet, addr => loopback, port => Port}),
    receive
        {'$socket', L, select, H2} -> io:format("accept select message~n")
    after 5000 -> io:format("no select message~n")
    end,
    {ok, A} = socket:accept(L, nowait),
    {select, {select_info, recv, H3}} = socket:recv(A, 0, nowait),
    ok = socket:send(C, <<"data">>),
    receive
        {'$socket', A, select, H3} -> io:format("recv select message~n")
    after 5000 -> io:format("no recv select message~n")
    end,
    io:format("recv nowait: ~p~n", [socket:recv(A, 0, nowait)]),
    %% a reader killed while waiting does not block the next one
    {K, KRef} = spawn_monitor(fun() -> socket:recv(A, 0, infinity) end),
    wait_readers(A, 1),
    exit(K, kill),
    receive {'DOWN', KRef, process, K, _} -> ok end,
    io:format("recv after a killed reader: ~p~n", [socket:recv(A, 0, 100)]),
    ok = socket:send(C, <<"more">>),
    io:format("recv: ~p~n", [socket:recv(A, 0, 5000)]),
    %% a recv waiting in another process gets an abort when the socket closes
    Self = self(),
    W = spawn(fun() -> Self ! {waiter, socket:recv(A, 0, infinity)} end),
    wait_readers(A, 1),
    ok = socket:close(A),
    receive {waiter, R} -> io:format("waiting recv on close: ~p~n", [R]) end,
    false = is_process_alive(W),
    [ok = socket:close(S) || S <- [C, L]].

wait_readers(S, N) ->
    case socket:info(S) of
        #{num_readers := N} -> ok;
        _ -> timer:sleep(5), wait_readers(S, N)
    end.

owner_death() ->
    io:format("== owner death~n"),
    Before = socket:number_of(),
    Self = self(),
    {P, Ref} = spawn_monitor(fun() ->
                                     {ok, S} = socket:open(inet, dgram),
                                     Self ! {sock, S},
                                     receive stop -> ok end
                             end),
    S = receive {sock, X} -> X end,
    io:format("owned by other: ~p~n", [maps:get(owner, socket:info(S)) =:= P]),
    io:format("number_of +1: ~p~n", [socket:number_of() - Before]),
    io:format("controlling_process from non-owner: ~p~n",
              [socket:setopt(S, {otp, controlling_process}, self())]),
    P ! stop,
    receive {'DOWN', Ref, process, P, _} -> ok end,
    io:format("after owner death: ~p~n", [wait_closed(S)]),
    io:format("number_of back: ~p~n", [socket:number_of() - Before]),
    %% handing a socket over
    {ok, T} = socket:open(inet, stream),
    Q = spawn(fun() -> receive {go, Sock} -> Self ! {q, socket:close(Sock)} end end),
    io:format("controlling_process: ~p~n", [socket:setopt(T, {otp, controlling_process}, Q)]),
    io:format("new owner: ~p~n", [socket:getopt(T, {otp, controlling_process}) =:= {ok, Q}]),
    Q ! {go, T},
    receive {q, QR} -> io:format("closed by new owner: ~p~n", [QR]) end.

wait_closed(S) ->
    case socket:sockname(S) of
        {error, closed} = E -> E;
        _ -> timer:sleep(5), wait_closed(S)
    end.

monitor() ->
    io:format("== monitor~n"),
    {ok, S} = socket:open(inet, stream),
    MRef = socket:monitor(S),
    io:format("in which_sockets: ~p~n", [lists:member(S, socket:which_sockets())]),
    ok = socket:close(S),
    receive
        {'DOWN', MRef, socket, S, Info} -> io:format("DOWN: ~p~n", [Info])
    after 5000 -> io:format("no DOWN~n")
    end,
    io:format("in which_sockets after close: ~p~n", [lists:member(S, socket:which_sockets())]),
    io:format("monitor of closed: ~p~n",
              [receive {'DOWN', _, socket, S, I} -> I after 5000 -> none end
               || _ <- [socket:monitor(S)]]).
