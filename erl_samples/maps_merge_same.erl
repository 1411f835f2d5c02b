%% maps:merge/2 answers an operand itself when the other is empty or both are the same term,
%% as erts does: erts_debug:same/2 tells (maps_SUITE's t_merge_opt).
-module(maps_merge_same).
-export([main/0]).

main() ->
    Small = id(#{a => 1}),
    Large = maps:from_list([{I, I} || I <- lists:seq(1, 200)]),
    Empty = id(#{}),
    [io:format("~p ~p~n", [Name, erts_debug:same(maps:merge(A, B), Expect)])
     || {Name, A, B, Expect} <-
            [{empty_small, Empty, Small, Small}, {small_empty, Small, Empty, Small},
             {small_small, Small, Small, Small}, {empty_large, Empty, Large, Large},
             {large_empty, Large, Empty, Large}, {large_large, Large, Large, Large},
             {empty_empty, Empty, Empty, Empty}]],
    io:format("~p~n", [maps:merge(#{b => 2}, Small)]),
    io:format("~p~n", [catch maps:merge(id([a | b]), #{})]),
    io:format("~p~n", [catch maps:merge(#{}, id(x))]).

id(X) -> X.
