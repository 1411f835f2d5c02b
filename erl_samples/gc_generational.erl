%% Generational garbage collection as programs observe it: spawn_opt's and process_flag's
%% collection options, system_flag defaults, promotion to the old heap, fullsweep_after,
%% erlang:garbage_collect/0,1,2 (sync, async, dead processes, bad arguments) and off-heap
%% binaries being freed. Only facts that hold on any correct BEAM are printed, not sizes
%% that depend on the exact heap growth.
-module(gc_generational).
-export([main/0, id/1]).
id(X) -> X.

main() ->
    options(),
    defaults(),
    promotion(),
    fullsweep_after(),
    explicit(),
    other_process(),
    binaries(),
    {N, _, 0} = statistics(garbage_collection),
    io:format("collections counted: ~p~n", [N > 0]).

gc(P) -> element(2, process_info(P, garbage_collection)).
gc(P, K) -> element(2, lists:keyfind(K, 1, gc(P))).
info(P, K) ->
    {garbage_collection_info, L} = process_info(P, garbage_collection_info),
    element(2, lists:keyfind(K, 1, L)).

idle() -> receive stop -> ok end.

options() ->
    P = spawn_opt(fun idle/0, [{min_bin_vheap_size, 100000}, {min_heap_size, 1000},
                               {fullsweep_after, 7}]),
    io:format("spawn_opt: ~p~n", [gc(P)]),
    io:format("items: ~p~n", [process_info(P, [min_heap_size, min_bin_vheap_size,
                                               fullsweep_after, heap_size])]),
    P ! stop,
    Q = spawn_opt(fun idle/0, [{min_heap_size, 10}]),
    io:format("small min_heap_size: ~p~n", [process_info(Q, min_heap_size)]),
    Q ! stop,
    io:format("bad: ~p ~p~n", [top(catch spawn_opt(fun idle/0, [{fullsweep_after, -1}])),
                              top(catch spawn_opt(fun idle/0, [{min_bin_vheap_size, x}]))]),
    Old = process_flag(min_bin_vheap_size, 70000),
    io:format("process_flag: ~p ~p~n", [Old, process_info(self(), min_bin_vheap_size)]),
    Old2 = process_flag(min_heap_size, 5000),
    io:format("process_flag: ~p ~p~n", [Old2, process_info(self(), min_heap_size)]),
    process_flag(min_heap_size, 233),
    process_flag(min_bin_vheap_size, 46422).

defaults() ->
    io:format("system: ~p~n", [erlang:system_info(garbage_collection)]),
    io:format("set: ~p ~p ~p~n", [erlang:system_flag(fullsweep_after, 10),
                                  erlang:system_flag(min_bin_vheap_size, 50000),
                                  erlang:system_flag(min_heap_size, 300)]),
    io:format("system: ~p~n", [erlang:system_info(garbage_collection)]),
    io:format("fullsweep_after: ~p~n", [erlang:system_info(fullsweep_after)]),
    P = spawn(fun idle/0),
    io:format("new process: ~p~n", [gc(P)]),
    P ! stop,
    erlang:system_flag(fullsweep_after, 65535),
    erlang:system_flag(min_bin_vheap_size, 46422),
    erlang:system_flag(min_heap_size, 233),
    io:format("restored: ~p~n", [erlang:system_info(garbage_collection)]).

garbage(0) -> ok;
garbage(N) ->
    _ = ?MODULE:id([N, N + 1, {N, N}]),
    garbage(N - 1).

%% Long-lived data is promoted to the old heap by minor collections.
promotion() ->
    Self = self(),
    P = spawn(fun() ->
                      Long = lists:seq(1, 50000),
                      garbage(300000),
                      Self ! {self(), info(self(), old_heap_size) >= 50000 * 2,
                              gc(self(), minor_gcs) > 0, length(Long)},
                      idle()
              end),
    receive {P, Promoted, Minor, Len} -> ok end,
    io:format("promoted: ~p, minor collections: ~p, ~p~n", [Promoted, Minor, Len]),
    P ! stop.

%% With fullsweep_after 0 every collection is full: no old heap, no minor count. With 2,
%% minor_gcs never passes 2.
fullsweep_after() ->
    Self = self(),
    P = spawn_opt(fun() ->
                          Long = lists:seq(1, 20000),
                          garbage(200000),
                          Self ! {self(), info(self(), old_heap_block_size), gc(self(), minor_gcs),
                                  length(Long)}
                  end, [{fullsweep_after, 0}]),
    receive {P, OldBlock, Minors, _} -> ok end,
    io:format("fullsweep_after 0: old heap ~p, minor collections ~p~n", [OldBlock, Minors]),
    Q = spawn_opt(fun() ->
                          Max = lists:max([begin garbage(5000), gc(self(), minor_gcs) end
                                           || _ <- lists:seq(1, 200)]),
                          Self ! {self(), Max =< 2, Max > 0}
                  end, [{fullsweep_after, 2}]),
    receive {Q, AtMost2, Some} -> ok end,
    io:format("fullsweep_after 2: at most 2 ~p, some ~p~n", [AtMost2, Some]).

%% garbage_collect/0 sweeps fully: the old heap is gone and the live data is recent.
explicit() ->
    Long = lists:seq(1, 30000),
    garbage(200000),
    true = erlang:garbage_collect(),
    io:format("after garbage_collect(): old heap ~p/~p, minor ~p, recent ~p~n",
              [info(self(), old_heap_size), info(self(), old_heap_block_size),
               gc(self(), minor_gcs), info(self(), recent_size) >= 2 * length(Long)]),
    true = erlang:garbage_collect(self(), [{type, minor}]),
    io:format("minor request: ok~n").

other_process() ->
    Self = self(),
    P = spawn(fun() ->
                      Big = lists:seq(1, 100000),
                      Self ! {self(), length(Big)},
                      idle()
              end),
    receive {P, _} -> ok end,
    Before = element(2, process_info(P, total_heap_size)),
    io:format("garbage_collect(P): ~p~n", [erlang:garbage_collect(P)]),
    After = element(2, process_info(P, total_heap_size)),
    io:format("heap shrank: ~p~n", [After < Before]),
    io:format("async: ~p~n", [erlang:garbage_collect(P, [{async, req1}])]),
    receive {garbage_collect, req1, R1} -> io:format("async answer: ~p~n", [R1]) end,
    io:format("self async: ~p~n", [erlang:garbage_collect(self(), [{async, {my, ref}}])]),
    receive {garbage_collect, {my, ref}, R2} -> io:format("self async answer: ~p~n", [R2]) end,
    P ! stop,
    Dead = spawn(fun() -> ok end),
    Ref = monitor(process, Dead),
    receive {'DOWN', Ref, _, _, _} -> ok end,
    io:format("dead: ~p~n", [erlang:garbage_collect(Dead)]),
    io:format("dead async: ~p~n", [erlang:garbage_collect(Dead, [{async, x}])]),
    receive {garbage_collect, x, R3} -> io:format("dead async answer: ~p~n", [R3]) end,
    Bad = [catch erlang:garbage_collect(foo),
           catch erlang:garbage_collect(self(), [{type, huge}]),
           catch erlang:garbage_collect(self(), [bad]),
           catch erlang:garbage_collect(self(), [{async, a} | b]),
           catch erlang:garbage_collect(self(), {async, a})],
    [io:format("bad: ~p~n", [top(B)]) || B <- Bad],
    ok.

%% The reason and the error_info of the top frame (without pids or source locations).
top({'EXIT', {Reason, [{M, F, Args, Info} | _]}}) ->
    {Reason, M, F, length(Args), lists:keyfind(error_info, 1, Info)}.

%% Large binaries are off the heap; a process that makes and drops many of them frees them
%% (the virtual binary heap triggers collections however empty the heap is).
binaries() ->
    Self = self(),
    P = spawn(fun() ->
                      make_binaries(500),
                      Self ! {self(), info(self(), bin_vheap_size) + info(self(), bin_old_vheap_size)}
              end),
    receive {P, Words} -> ok end,
    io:format("binaries freed: ~p~n", [Words < 500 * 100000 div 8 div 4]).

make_binaries(0) -> ok;
make_binaries(N) ->
    B = binary:copy(<<N:8>>, 100000),
    100000 = byte_size(B),
    make_binaries(N - 1).
