-module(proc_system_monitor).
-export([main/0]).

%% erlang:system_monitor/0,1,2: the settings and their errors as erts keeps them, large_heap
%% reports after a collection, none about the monitor itself, and the setting cleared when
%% the monitor process exits.

main() ->
    settings(),
    errors(),
    large_heap(),
    monitor_exit(),
    ok.

show(Label, V) ->
    io:format("~s ~p~n", [Label, anon(V)]).

anon({P, L}) when is_pid(P) -> {who(P), L};
anon(V) -> V.

who(P) when P =:= self() -> self;
who(_) -> other.

settings() ->
    Self = self(),
    show("initial", erlang:system_monitor()),
    show("set long_gc 0", erlang:system_monitor(Self, [{long_gc, 0}])),
    show("get", erlang:system_monitor()),
    show("set large_heap 0", erlang:system_monitor({Self, [{large_heap, 0}]})),
    show("get", erlang:system_monitor()),
    show("set busy_port", erlang:system_monitor(Self, [busy_port])),
    show("set all", erlang:system_monitor(Self, [{long_gc, 10}, busy_port, {large_heap, 70000},
                                                 busy_dist_port, {long_schedule, 20}])),
    show("get", erlang:system_monitor()),
    show("large values", erlang:system_monitor(Self, [{long_gc, 16#ffffffff},
                                                      {large_heap, 16#7fffffff}])),
    show("get", erlang:system_monitor()),
    show("empty list", erlang:system_monitor(Self, [])),
    show("get", erlang:system_monitor()),
    show("set again", erlang:system_monitor(Self, [busy_port])),
    show("undefined", erlang:system_monitor(undefined)),
    show("get", erlang:system_monitor()).

errors() ->
    Self = self(),
    Dead = dead(),
    Bad = [atom, {}, {1}, {1, 2, 3}, {Self, atom}, {Self, [busy_port | busy_dist_port]},
           {Self, [{long_gc, -1}]}, {Self, [{long_gc, atom}]}, {Self, [{large_heap, -1}]},
           {Self, [{large_heap, atom}]}, {Self, [{unknown, 1}]}, {Self, [{long_gc, 1, 2}]},
           {Self, [other]}, {Dead, [busy_port]}, {self, [busy_port]},
           {Self, [{long_gc, 16#10000000000000000}]}],
    lists:foreach(fun(Spec) ->
                          R = (catch erlang:system_monitor(Spec)),
                          io:format("~p~n", [element(1, element(2, R))])
                  end, Bad),
    io:format("/2 ~p~n", [element(1, element(2, catch erlang:system_monitor(atom, atom)))]),
    show("after errors", erlang:system_monitor()).

large_heap() ->
    Self = self(),
    Size = 65535,
    undefined = erlang:system_monitor(Self, [{large_heap, Size}]),
    %% The monitor itself is never reported.
    L = lists:seq(1, 2 * Size),
    garbage_collect(),
    true = is_list(L),
    Ref = make_ref(),
    Pid = spawn_opt(fun() -> garbage_collect(), Self ! {Ref, self()} end,
                    [{min_heap_size, 2 * Size}]),
    receive {Ref, Pid} -> ok end,
    %% erts delivers monitor messages asynchronously, as trace messages.
    TRef = erlang:trace_delivered(Pid),
    receive {trace_delivered, Pid, TRef} -> ok end,
    Reports = drain(),
    io:format("reports ~p~n", [[{who(P), P =:= Pid, E} || {monitor, P, E, _} <- Reports]]),
    [{monitor, Pid, large_heap, Info} | _] = Reports,
    io:format("info keys ~p~n", [[K || {K, _} <- Info]]),
    io:format("heap_block_size >= ~p: ~p~n",
              [Size, proplists:get_value(heap_block_size, Info) >= Size]),
    io:format("all integers ~p~n", [lists:all(fun({_, V}) -> is_integer(V) end, Info)]),
    erlang:system_monitor(undefined).

drain() ->
    receive
        {monitor, _, _, _} = M -> [M | drain()]
    after 0 -> []
    end.

monitor_exit() ->
    Self = self(),
    M = spawn(fun() -> receive stop -> ok end end),
    Ref = erlang:monitor(process, M),
    show("set to another", erlang:system_monitor(M, [busy_port])),
    show("get", erlang:system_monitor()),
    M ! stop,
    receive {'DOWN', Ref, process, M, _} -> ok end,
    show("after its exit", wait_cleared(100)),
    Self = self().

%% erts clears the setting as part of the monitor's exit, which may finish just after its
%% 'DOWN' arrives.
wait_cleared(0) -> erlang:system_monitor();
wait_cleared(N) ->
    case erlang:system_monitor() of
        undefined -> undefined;
        _ -> erlang:yield(), wait_cleared(N - 1)
    end.

dead() ->
    {P, M} = spawn_monitor(fun() -> ok end),
    receive {'DOWN', M, process, P, _} -> P end.
