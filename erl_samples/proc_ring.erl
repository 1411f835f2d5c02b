-module(proc_ring).
-export([main/0]).
%% A ring of processes passing a counter, and a storm of short-lived processes.

main() ->
    io:format("ring 1000 x 50: ~p~n", [ring(1000, 50)]),
    io:format("ring 10 x 5000: ~p~n", [ring(10, 5000)]),
    io:format("storm: ~p~n", [storm(50000)]),
    io:format("tree: ~p~n", [tree(12)]),
    ok.

ring(N, Rounds) ->
    Self = self(),
    First = lists:foldl(fun(_, Next) -> spawn(fun() -> relay(Next) end) end, Self, lists:seq(1, N - 1)),
    First ! {token, N * Rounds - 1},
    count(First).

relay(Next) ->
    receive
        {token, 0} = T -> Next ! T;
        {token, K} -> Next ! {token, K - 1}, relay(Next)
    end.

count(First) ->
    receive
        {token, 0} -> done;
        {token, K} -> First ! {token, K - 1}, count(First)
    end.

storm(N) ->
    Self = self(),
    [spawn(fun() -> Self ! {sq, I * I} end) || I <- lists:seq(1, N)],
    lists:sum([receive {sq, S} -> S end || _ <- lists:seq(1, N)]).

%% A binary tree of linked processes, each summing its subtree.
tree(0) -> 1;
tree(D) ->
    Self = self(),
    Kids = [spawn_link(fun() -> Self ! {self(), tree(D - 1)} end) || _ <- [l, r]],
    1 + lists:sum([receive {K, V} -> V end || K <- Kids]).
