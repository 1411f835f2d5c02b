-module(proc_million).
-export([main/0]).
%% Spawns 1,000,000 processes in ten waves of 100,000 that are all alive at once, each
%% waiting for a message, then answering and exiting.

main() ->
    Self = self(),
    Total = lists:sum([wave(Self, 100000) || _ <- lists:seq(1, 10)]),
    io:format("processes answered: ~p~n", [Total]),
    io:format("process count back to normal: ~p~n", [length(processes()) < 100]),
    ok.

wave(Parent, N) ->
    Pids = [spawn(fun() -> receive {go, I} -> Parent ! {done, I} end end) || _ <- lists:seq(1, N)],
    Alive = length(processes()),
    true = Alive >= N,
    lists:foldl(fun(P, I) -> P ! {go, I}, I + 1 end, 1, Pids),
    gather(N, 0).

gather(0, Acc) -> Acc;
gather(N, Acc) -> receive {done, _} -> gather(N - 1, Acc + 1) end.
