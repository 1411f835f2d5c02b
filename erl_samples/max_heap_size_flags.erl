%% system_flag(max_heap_size, _) (the default of new processes, as erts checks it), the
%% map forms process_flag and spawn_opt take, and spawn_opt's {scheduler, N} option.
-module(max_heap_size_flags).
-export([main/0]).

main() ->
    io:format("default: ~w~n", [erlang:system_info(max_heap_size)]),
    [io:format("system_flag ~w: ~w~n", [V, result(fun() -> erlang:system_flag(max_heap_size, V) end)])
     || V <- [0, 100, 232, 233, 1000000, -1, a, #{}, #{kill => false}, #{size => 5000},
              #{size => 6000, kill => false}, #{size => 7000, error_logger => false, other => 1},
              #{size => 0, kill => maybe}, #{size => 8000, kill => true, error_logger => true}]],
    erlang:system_flag(max_heap_size, #{size => 10000, kill => false}),
    io:format("now: ~w~n", [erlang:system_info(max_heap_size)]),
    io:format("gc info: ~w~n", [lists:keyfind(max_heap_size, 1, erlang:system_info(garbage_collection))]),
    Self = self(),
    P = spawn(fun() -> Self ! {self(), process_info(self(), max_heap_size)} end),
    receive {P, I} -> io:format("new process: ~w~n", [I]) end,
    P2 = spawn_opt(fun() -> Self ! {self(), process_info(self(), max_heap_size)} end,
                   [{max_heap_size, #{size => 2000}}]),
    receive {P2, I2} -> io:format("spawn_opt size only: ~w~n", [I2]) end,
    [io:format("process_flag ~w: ~w~n", [V, result(fun() -> process_flag(max_heap_size, V) end)])
     || V <- [100, 500000, #{size => 600000, other => x}, #{kill => true}, 0]],
    erlang:system_flag(max_heap_size, 0),
    S = erlang:system_info(schedulers),
    [io:format("spawn_opt scheduler ~w: ~w~n", [N, spawn_sched(N)]) || N <- [0, 1, S, S + 1, -1, a]],
    ok.

result(F) ->
    try F() catch C:E -> {C, E} end.

spawn_sched(N) ->
    Self = self(),
    try spawn_opt(fun() -> Self ! {self(), done} end, [{scheduler, N}]) of
        P -> receive {P, done} -> ok end
    catch
        error:E -> {error, E}
    end.
