%% manyprocs: N processes alive at once, each receiving one message. The parent spawns all
%% N (each waits in a receive), sends each one message, and waits for each to answer.
%% Needs +P above N. Result: the sum of the answers.
-module(b_manyprocs).
-export([run/1]).

run(N) ->
    Parent = self(),
    Pids = [spawn(fun() -> receive {go, I} -> Parent ! {done, I} end end)
            || _ <- lists:seq(1, N)],
    send(Pids, 1),
    collect(N, 0).

send([], _) -> ok;
send([P | T], I) ->
    P ! {go, I},
    send(T, I + 1).

collect(0, Sum) -> Sum;
collect(K, Sum) ->
    receive {done, I} -> collect(K - 1, Sum + I) end.
