%% erlang:memory/0,1: the types and their relations (total = processes + system, each part
%% within total), and each figure growing with what it counts (a large binary, ETS objects,
%% processes, loaded code); badarg for unknown types. The values themselves differ between
%% VMs and runs, so only relations are printed.
-module(memory_api).
-export([main/0]).

main() ->
    M = erlang:memory(),
    io:format("types: ~p~n", [[T || {T, _} <- M]]),
    io:format("all non-negative integers: ~p~n", [lists:all(fun({_, V}) -> is_integer(V) andalso V >= 0 end, M)]),
    Get = fun(T) -> proplists:get_value(T, M) end,
    io:format("total = processes + system: ~p~n", [Get(total) =:= Get(processes) + Get(system)]),
    io:format("parts within total: ~p~n",
              [lists:all(fun(T) -> Get(T) =< Get(total) end, [processes, system, atom, binary, code, ets])]),
    io:format("used within allocated: ~p~n",
              [Get(processes_used) =< Get(processes) andalso Get(atom_used) =< Get(atom)]),
    grows("binary", binary, fun() -> binary:copy(<<7>>, 20000000) end),
    T = ets:new(t, [public]),
    grows("ets", ets, fun() -> ets:insert(T, [{I, lists:seq(1, 50)} || I <- lists:seq(1, 20000)]) end),
    grows("processes", processes,
          fun() -> [spawn(fun() -> receive stop -> ok end end) || _ <- lists:seq(1, 2000)] end),
    grows("code", code, fun() -> code:ensure_loaded(sofs) end),
    io:format("memory(total) is an integer: ~p~n", [is_integer(erlang:memory(total))]),
    io:format("memory([binary, ets]): ~p~n", [[K || {K, _} <- erlang:memory([binary, ets])]]),
    io:format("memory([]): ~p~n", [erlang:memory([])]),
    [io:format("memory(~p): ~p~n", [A, element(1, catch erlang:memory(A))])
     || A <- [foo, [total, foo], [total | ets], 1, "total"]],
    ok.

%% The figure grows by a good part of what F adds (which is kept alive until measured).
grows(Label, Type, F) ->
    Before = erlang:memory(Type),
    Kept = F(),
    After = erlang:memory(Type),
    io:format("~s grows: ~p~n", [Label, After > Before]),
    erlang:garbage_collect(),
    _ = Kept,
    ok.
