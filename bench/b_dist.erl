%% Distribution benchmark (tools/dist-bench.sh): serve/0 on one node, run/1 on another.
%% Prints message round trips per second through {Name, Node} and rpc:call throughput with
%% 1 KB and 1 MB arguments. Not a test: nothing asserts a timing.
-module(b_dist).
-export([serve/0, run/1, echo/0]).

serve() ->
    register(b_dist, spawn(?MODULE, echo, [])),
    receive stop -> ok end.

echo() ->
    receive {From, T} -> From ! {b_dist, T}, echo() end.

run([PeerStr, NStr]) ->
    Peer = list_to_atom(PeerStr),
    N = list_to_integer(NStr),
    pong = net_adm:ping(Peer),
    rpc:call(Peer, erlang, node, []), % warm up
    Trips = per_second(N, fun() -> round_trips(Peer, N) end),
    K = byte_size_calls(Peer, 1024, 200), % warm up
    K = 200,
    Small = per_second(N div 4, fun() -> byte_size_calls(Peer, 1024, N div 4) end),
    Big = per_second(50, fun() -> byte_size_calls(Peer, 1 bsl 20, 50) end),
    io:format("DIST round_trips/s ~b rpc_1KB/s ~b rpc_1MB/s ~.1f~n", [round(Trips), round(Small), Big]),
    rpc:call(Peer, init, stop, []),
    init:stop().

round_trips(_, 0) -> ok;
round_trips(Peer, I) ->
    {b_dist, Peer} ! {self(), I},
    receive {b_dist, I} -> round_trips(Peer, I - 1) end.

byte_size_calls(Peer, Size, Calls) ->
    Bin = binary:copy(<<"x">>, Size),
    length([Size = rpc:call(Peer, erlang, byte_size, [Bin]) || _ <- lists:seq(1, Calls)]).

per_second(Count, F) ->
    T0 = erlang:monotonic_time(microsecond),
    F(),
    Count * 1.0e6 / max(1, erlang:monotonic_time(microsecond) - T0).
