%% parallel: a CPU-bound job (naive fib) split over 2 processes; with 2 schedulers it
%% should take about half the time of 1. Result: the sum of both halves.
-module(b_parallel).
-export([run/1]).

run(N) ->
    Self = self(),
    Pids = [spawn(fun() -> Self ! {self(), fib(N)} end) || _ <- [1, 2]],
    lists:sum([receive {P, V} -> V end || P <- Pids]).

fib(0) -> 0;
fib(1) -> 1;
fib(N) -> fib(N - 1) + fib(N - 2).
