%% Mini program: N-queens (all solutions counted for N = 1..8, first
%% solution drawn), plus a sieve of Eratosthenes and a small knapsack.
-module(nqueens).
-export([main/0]).

main() ->
    lists:foreach(fun(N) ->
                          Sols = queens(N),
                          io:format("N=~b: ~b solutions~n", [N, length(Sols)])
                  end, lists:seq(1, 8)),
    [First | _] = queens(8),
    io:format("first solution for 8: ~w~n", [First]),
    draw(First),
    io:format("last solution for 8: ~w~n", [lists:last(queens(8))]),
    io:format("unique up to symmetry (6): ~b~n", [length(unique(queens(6), 6))]),
    Primes = sieve(200),
    io:format("primes below 200 (~b): ~w~n", [length(Primes), Primes]),
    io:format("twin primes: ~w~n", [[{P, P + 2} || P <- Primes, lists:member(P + 2, Primes)]]),
    Items = [{map, 9, 150}, {compass, 13, 35}, {water, 153, 200}, {sandwich, 50, 160},
             {glucose, 15, 60}, {tin, 68, 45}, {banana, 27, 60}, {apple, 39, 40}],
    {Value, Chosen} = knapsack(Items, 250),
    io:format("knapsack value ~b: ~w~n", [Value, Chosen]),
    ok.

queens(N) -> place(N, N, []).

place(_, 0, Acc) -> [lists:reverse(Acc)];
place(N, K, Acc) ->
    lists:append([place(N, K - 1, [Col | Acc]) || Col <- lists:seq(1, N), safe(Col, Acc, 1)]).

safe(_, [], _) -> true;
safe(Col, [C | Rest], D) ->
    Col =/= C andalso abs(Col - C) =/= D andalso safe(Col, Rest, D + 1).

draw(Sol) ->
    N = length(Sol),
    lists:foreach(
      fun(Col) ->
              Row = [case I of Col -> $Q; _ -> $. end || I <- lists:seq(1, N)],
              io:format("  ~s~n", [lists:join($\s, Row)])
      end, Sol).

unique(Sols, N) ->
    lists:usort([canonical(S, N) || S <- Sols]).

canonical(S, N) ->
    lists:min(variants(S, N)).

variants(S, N) ->
    R1 = rotate(S, N), R2 = rotate(R1, N), R3 = rotate(R2, N),
    Rs = [S, R1, R2, R3],
    Rs ++ [lists:reverse(X) || X <- Rs].

rotate(S, N) ->
    Pos = lists:zip(lists:seq(1, N), S),
    Rot = [{C, N + 1 - R} || {R, C} <- Pos],
    [C || {_, C} <- lists:sort(Rot)].

sieve(N) -> sieve(lists:seq(2, N - 1), []).
sieve([], Acc) -> lists:reverse(Acc);
sieve([P | Rest], Acc) -> sieve([X || X <- Rest, X rem P =/= 0], [P | Acc]).

knapsack(Items, Cap) ->
    Best = lists:foldl(
             fun({Name, W, V}, Table) ->
                     maps:from_list(
                       [{C, case C >= W of
                                true ->
                                    {V0, L0} = maps:get(C, Table),
                                    {V1, L1} = maps:get(C - W, Table),
                                    if V1 + V > V0 -> {V1 + V, [Name | L1]};
                                       true -> {V0, L0}
                                    end;
                                false -> maps:get(C, Table)
                            end} || C <- lists:seq(0, Cap)])
             end, maps:from_list([{C, {0, []}} || C <- lists:seq(0, Cap)]), Items),
    {V, L} = maps:get(Cap, Best),
    {V, lists:reverse(L)}.
