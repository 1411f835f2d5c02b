%% bigring: a ring of 10,000 processes; a token goes round N times (10,000 x N message
%% hops). Result: the number of hops.
-module(b_bigring).
-export([run/1]).

-define(PROCS, 10000).

run(Rounds) ->
    Self = self(),
    First = lists:foldl(fun(_, Next) -> spawn(fun() -> relay(Next) end) end, Self, lists:seq(1, ?PROCS - 1)),
    Hops = ?PROCS * Rounds,
    First ! {token, Hops - 1},
    wait(First, Hops).

relay(Next) ->
    receive
        {token, 0} = T -> Next ! T;
        {token, K} -> Next ! {token, K - 1}, relay(Next)
    end.

wait(First, Hops) ->
    receive
        {token, 0} -> Hops;
        {token, K} -> First ! {token, K - 1}, wait(First, Hops)
    end.
