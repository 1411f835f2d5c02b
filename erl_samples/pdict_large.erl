%% A large process dictionary: 100,000 keys put, read, replaced and erased (each operation
%% on one key takes constant time), keys told apart by exact equality (1 and 1.0, a
%% sub-binary and a binary of the same bytes, 0.0 and -0.0 being one key), and the
%% dictionary shrinking back when its keys are erased.
-module(pdict_large).
-export([main/0]).

-define(N, 100000).

main() ->
    [erase(K) || {K, _} <- get()],
    [undefined = put({key, I}, I) || I <- lists:seq(1, ?N)],
    io:format("size after puts: ~p~n", [length(get())]),
    io:format("lookups: ~p~n", [lists:sum([get({key, I}) || I <- lists:seq(1, ?N)])]),
    Old = lists:sum([put({key, I}, I * 2) || I <- lists:seq(1, ?N)]),
    io:format("replaced: ~p, now ~p~n", [Old, lists:sum([get({key, I}) || I <- lists:seq(1, ?N)])]),
    Erased = lists:sum([erase({key, I}) || I <- lists:seq(1, ?N, 2)]),
    io:format("erased odd: ~p, left ~p~n", [Erased, length(get_keys())]),
    io:format("odd gone: ~p, even kept: ~p~n",
              [lists:all(fun(I) -> get({key, I}) =:= undefined end, lists:seq(1, ?N, 2)),
               lists:all(fun(I) -> get({key, I}) =:= I * 2 end, lists:seq(2, ?N, 2))]),
    io:format("get_keys(200000): ~p~n", [get_keys(?N * 2)]),
    io:format("put again: ~p ~p~n", [put({key, 1}, one), get({key, 1})]),
    [erase({key, I}) || I <- lists:seq(1, ?N)],
    io:format("after erasing all: ~p ~p~n", [get(), get_keys()]),
    exact_keys(),
    ok.

exact_keys() ->
    Big = 1 bsl 100,
    <<_, Sub:5/binary, _/binary>> = <<"xhello world">>,
    Keys = [1, 1.0, 0.0, Big, Big + 1, <<"hello">>, "hello", hello, {1, 2}, {1, 2.0},
            #{a => 1}, [], <<>>, make_tuple(), {self()}],
    lists:foreach(fun({I, K}) -> put(K, I) end, lists:zip(lists:seq(1, length(Keys)), Keys)),
    io:format("size: ~p~n", [length(get())]),
    io:format("1: ~p, 1.0: ~p, -0.0: ~p, 2^100: ~p, sub-binary: ~p, {1,2.0}: ~p~n",
              [get(1), get(1.0), get(-0.0), get(1 bsl 100), get(Sub), get({1, 2.0})]),
    io:format("map: ~p, tuple: ~p, self: ~p, missing: ~p~n",
              [get(#{a => 1}), get(make_tuple()), get({self()}), get({1, 2, 3})]),
    %% Many keys, then the small ones again.
    [put({n, I}, I) || I <- lists:seq(1, 100)],
    io:format("with 100 more: ~p ~p ~p~n", [length(get()), get(1.0), get(Sub)]),
    [erase({n, I}) || I <- lists:seq(1, 100)],
    %% (1 and 1.0 compare equal: the float goes second, whatever get_keys/0's order.)
    Sorted = lists:sort(fun(A, B) -> {A, is_float(A)} =< {B, is_float(B)} end, get_keys()),
    io:format("sorted keys: ~p~n", [Sorted -- [{self()}]]),
    [erase(K) || K <- get_keys()],
    io:format("empty: ~p~n", [get()]).

make_tuple() -> list_to_tuple(lists:seq(1, 20)).
