-module(long_bifs).
-export([main/0]).
%% Long list BIFs do not hold a scheduler: a ticker keeps ticking meanwhile (with +S 1).
main() ->
    L = lists:seq(1, 3000000),
    Self = self(),
    T = spawn(fun() -> tick(Self, 0) end),
    timer:sleep(10),
    R = lists:reverse(L),
    M = lists:member(0, L),
    K = lists:keyfind(0, 1, [{X} || X <- L]),
    A = length(L ++ L),
    T ! {stop, self()},
    Ticks = receive {ticks, N} -> N end,
    io:format("~p ~p ~p ~p ticked: ~p~n", [hd(R), M, K, A, Ticks > 0]).
tick(P, N) -> receive {stop, From} -> From ! {ticks, N} after 1 -> tick(P, N + 1) end.
