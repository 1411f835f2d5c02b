%% Benchmark driver. Works on the real BEAM (erl -run bench main NAME N REPS)
%% and on Hamlet, unchanged.
%% Prints one line per repetition:   NAME N MICROSECONDS RESULT CPU_MS
%% and a summary line:  SUMMARY NAME N MIN_US MEDIAN_US RESULT MIN_CPU_MS MEDIAN_CPU_MS
%% MICROSECONDS is wall-clock time (erlang:monotonic_time) of Mod:run(N).
%% CPU_MS is the CPU time of the VM (erlang:statistics(runtime)) over the same interval.
-module(bench).
-export([main/1, run_bench/3, run_bench/4, alive/1]).

main([Name, NStr, RepsStr]) ->
    run_bench(list_to_atom(Name), list_to_integer(NStr), list_to_integer(RepsStr)),
    halt(0).

%% Memory-per-process probe (not timed).
alive([NStr]) ->
    io:format("~p~n", [b_spawn:alive(list_to_integer(NStr))]),
    halt(0).

run_bench(Name, N, Reps) -> run_bench(Name, N, Reps, []).

%% Opts: extra spawn_opt options for the timed process, e.g. on AtomVM
%% [{atomvm_heap_growth, fibonacci}] (its default is bounded_free).
run_bench(Name, N, Reps, Opts) ->
    Mod = list_to_atom("b_" ++ atom_to_list(Name)),
    put(spawn_opts, Opts),
    _ = reps(Mod, Name, N, Reps, [], undefined),
    ok.

reps(_Mod, Name, N, 0, Times, Result) ->
    {Min, Med} = min_med([T || {T, _} <- Times]),
    {CMin, CMed} = min_med([C || {_, C} <- Times]),
    out(["SUMMARY ", atom_to_list(Name), " ", integer_to_list(N), " ",
         integer_to_list(Min), " ", integer_to_list(Med), " ", fmt(Result),
         " ", integer_to_list(CMin), " ", integer_to_list(CMed)]),
    Times;
reps(Mod, Name, N, K, Times, _) ->
    Parent = self(),
    {Pid, Ref} = spawn_opt(fun() ->
        C0 = cpu_ms(),
        T0 = erlang:monotonic_time(microsecond),
        R = Mod:run(N),
        T1 = erlang:monotonic_time(microsecond),
        C1 = cpu_ms(),
        Parent ! {self(), T1 - T0, C1 - C0, R}
    end, [monitor | get(spawn_opts)]),
    receive
        {Pid, T, C, R} ->
            receive {'DOWN', Ref, process, Pid, _} -> ok end,
            out([atom_to_list(Name), " ", integer_to_list(N), " ",
                 integer_to_list(T), " ", fmt(R), " ", integer_to_list(C)]),
            reps(Mod, Name, N, K - 1, [{T, C} | Times], R);
        {'DOWN', Ref, process, Pid, Reason} ->
            out(["FAILED ", atom_to_list(Name), " ", integer_to_list(N), " ",
                 fmt(Reason)]),
            Times
    end.

min_med(L) ->
    Sorted = lists:sort(L),
    {hd(Sorted), lists:nth((length(Sorted) + 1) div 2, Sorted)}.

%% CPU time of the whole VM (all scheduler threads) in ms.
cpu_ms() ->
    {Total, _} = erlang:statistics(runtime),
    Total.

out(IoList) ->
    io:format("~s~n", [lists:flatten(IoList)]).

%% Minimal term formatter that behaves the same on BEAM and AtomVM.
fmt(I) when is_integer(I) -> integer_to_list(I);
fmt(A) when is_atom(A) -> atom_to_list(A);
fmt(B) when is_binary(B) -> [$<, $<, $", binary_to_list(B), $", $>, $>];
fmt(T) when is_tuple(T) -> [${, join(tuple_to_list(T)), $}];
fmt(L) when is_list(L) -> [$[, join(L), $]];
fmt(M) when is_map(M) ->
    [$#, ${, sep([[fmt(K), "=>", fmt(V)] || {K, V} <- lists:sort(maps:to_list(M))]), $}];
fmt(F) when is_float(F) -> float_to_list(F);
fmt(_) -> "?".

join(L) -> sep([fmt(X) || X <- L]).

sep([]) -> [];
sep([X]) -> [X];
sep([X | T]) -> [X, $, | sep(T)].
