%% Many processes on many sockets at once: four acceptors on one listen socket, a handler
%% process per connection echoing in {active, once} or passive mode, sixteen clients in
%% {active, N} mode checking every reply, and UDP ping-pong between several processes.
%% Only totals are printed, sorted, so the schedule does not show.
-module(net_tcp_echo).
-export([main/0]).

-define(CLIENTS, 16).
-define(MESSAGES, 40).

main() ->
    {ok, L} = gen_tcp:listen(0, [binary, {active, false}, {packet, 4}, {backlog, 64}]),
    {ok, Port} = inet:port(L),
    Acceptors = [spawn_link(fun() -> acceptor(L, N) end) || N <- lists:seq(1, 4)],
    Parent = self(),
    [spawn_link(fun() -> Parent ! {done, client(Port, N)} end) || N <- lists:seq(1, ?CLIENTS)],
    Results = lists:sort([receive {done, R} -> R after 60000 -> timeout end
                          || _ <- lists:seq(1, ?CLIENTS)]),
    io:format("clients: ~p~n", [Results]),
    [unlink(A) || A <- Acceptors],
    [exit(A, kill) || A <- Acceptors],
    ok = gen_tcp:close(L),
    udp(),
    ok.

acceptor(L, N) ->
    case gen_tcp:accept(L) of
        {ok, S} ->
            Mode = case N rem 2 of 0 -> once; 1 -> passive end,
            H = spawn(fun() -> receive go -> handler(S, Mode) end end),
            ok = gen_tcp:controlling_process(S, H),
            H ! go,
            acceptor(L, N);
        {error, closed} ->
            ok
    end.

handler(S, once) ->
    ok = inet:setopts(S, [{active, once}]),
    receive
        {tcp, S, D} -> ok = gen_tcp:send(S, D), handler(S, once);
        {tcp_closed, S} -> ok
    end;
handler(S, passive) ->
    case gen_tcp:recv(S, 0) of
        {ok, D} -> ok = gen_tcp:send(S, D), handler(S, passive);
        {error, closed} -> ok
    end.

client(Port, N) ->
    {ok, C} = gen_tcp:connect({127,0,0,1}, Port, [binary, {packet, 4}, {active, 10}]),
    Msgs = [iolist_to_binary([integer_to_list(N), $:, binary:copy(<<I>>, I * N)])
            || I <- lists:seq(1, ?MESSAGES)],
    %% a window of 5 messages in flight
    {Sent0, Rest} = lists:split(5, Msgs),
    [ok = gen_tcp:send(C, M) || M <- Sent0],
    Got = echo(C, Sent0, Rest, 0),
    ok = gen_tcp:close(C),
    {N, Got}.

echo(_C, [], [], Count) -> Count;
echo(C, [M | InFlight], Rest, Count) ->
    receive
        {tcp, C, M} ->
            {InFlight1, Rest1} = case Rest of
                                     [Next | R] -> ok = gen_tcp:send(C, Next), {InFlight ++ [Next], R};
                                     [] -> {InFlight, []}
                                 end,
            echo(C, InFlight1, Rest1, Count + 1);
        {tcp, C, Other} -> {wrong, byte_size(M), byte_size(Other)};
        {tcp_passive, C} -> ok = inet:setopts(C, [{active, 10}]), echo(C, [M | InFlight], Rest, Count);
        {tcp_closed, C} -> {closed, Count}
    after 30000 -> {timeout, Count}
    end.

udp() ->
    {ok, Server} = gen_udp:open(0, [binary, {active, false}]),
    {ok, SPort} = inet:port(Server),
    Parent = self(),
    Pong = spawn_link(fun() -> pong(Server, 4 * 25) end),
    ok = gen_udp:controlling_process(Server, Pong),
    [spawn_link(fun() -> Parent ! {udp_done, ping(SPort, N)} end) || N <- lists:seq(1, 4)],
    io:format("udp: ~p~n", [lists:sort([receive {udp_done, R} -> R after 60000 -> timeout end
                                        || _ <- lists:seq(1, 4)])]),
    ok.

pong(_S, 0) -> ok;
pong(S, Left) ->
    {ok, {IP, P, D}} = gen_udp:recv(S, 0),
    ok = gen_udp:send(S, IP, P, <<D/binary, "!">>),
    pong(S, Left - 1).

ping(SPort, N) ->
    {ok, U} = gen_udp:open(0, [binary, {active, true}]),
    Replies = [begin
                   ok = gen_udp:send(U, {127,0,0,1}, SPort, <<N, I>>),
                   receive {udp, U, _, SPort, <<N, I, "!">>} -> ok after 30000 -> timeout end
               end || I <- lists:seq(1, 25)],
    gen_udp:close(U),
    {N, length([ok || ok <- Replies])}.
