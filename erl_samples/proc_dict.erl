%% The process dictionary: put/get/erase/get_keys and friends.
-module(proc_dict).
-export([main/0]).

main() ->
    %% start from a known state: the init process may already have entries
    Initial = get(),
    [erase(K) || {K, _} <- Initial],
    io:format("after clearing: ~p~n", [get()]),
    io:format("put new: ~p~n", [put(counter, 1)]),
    io:format("put existing: ~p~n", [put(counter, 2)]),
    io:format("get: ~p~n", [get(counter)]),
    io:format("get missing: ~p~n", [get(missing)]),
    put({tuple, key}, [list, value]),
    put("string key", <<"binary value">>),
    put(42, 3.14),
    put(other, 2),
    put(another, 2),
    io:format("get_keys: ~p~n", [lists:sort(get_keys())]),
    io:format("get_keys(2): ~p~n", [lists:sort(get_keys(2))]),
    io:format("get(): ~p~n", [lists:sort(get())]),
    io:format("erase: ~p~n", [erase(other)]),
    io:format("erase missing: ~p~n", [erase(other)]),
    io:format("get after erase: ~p~n", [get(other)]),
    lists:foreach(fun(I) -> put({item, I}, I * I) end, lists:seq(1, 100)),
    io:format("many: ~p ~p ~p~n", [get({item, 1}), get({item, 50}), get({item, 100})]),
    io:format("count: ~p~n", [length(get())]),
    Sum = lists:sum([V || {{item, _}, V} <- get()]),
    io:format("sum: ~p~n", [Sum]),
    lists:foreach(fun(I) -> erase({item, I}) end, lists:seq(1, 100)),
    io:format("count after erase: ~p~n", [length(get())]),
    incr(hits), incr(hits), incr(hits), incr(misses),
    io:format("hits ~p misses ~p~n", [get(hits), get(misses)]),
    io:format("memo fib(90): ~p~n", [fib(90)]),
    io:format("memo entries: ~p~n", [length([K || {{fib, _} = K, _} <- get()])]),
    Old = erase(),
    io:format("erase() returned ~p entries~n", [length(Old)]),
    io:format("empty: ~p ~p~n", [get(), get_keys()]),
    %% restore what was there at start
    [put(K, V) || {K, V} <- Initial],
    io:format("restored: ~p~n", [length(get()) =:= length(Initial)]),
    ok.

incr(Key) ->
    case get(Key) of
        undefined -> put(Key, 1);
        N -> put(Key, N + 1)
    end.

fib(N) when N < 2 -> N;
fib(N) ->
    case get({fib, N}) of
        undefined ->
            V = fib(N - 1) + fib(N - 2),
            put({fib, N}, V),
            V;
        V -> V
    end.
