%% receive ... after T with T only known at run time (in an x register): messages that do
%% not match wake the process and bring it back to its wait_timeout, which must not read
%% the (dead) register again, for infinity as for a number; a bad timeout is timeout_value.
-module(receive_after_var).
-export([main/0]).

wait_for_stop(T) ->
    receive
        stop -> stopped
    after T -> timeout
    end.

sleep(T) -> receive after T -> slept end.

run(Fun) ->
    Parent = self(),
    {P, Ref} = spawn_monitor(fun() -> Parent ! {self(), Fun()} end),
    {P, Ref}.

main() ->
    %% Woken by messages that do not match, then stopped.
    {P1, R1} = run(fun() -> wait_for_stop(infinity) end),
    [P1 ! {junk, N} || N <- lists:seq(1, 5)],
    P1 ! stop,
    io:format("infinity: ~p~n", [collect(P1, R1)]),
    %% A long timeout, woken the same way.
    {P2, R2} = run(fun() -> wait_for_stop(3600000) end),
    [P2 ! {junk, N} || N <- lists:seq(1, 5)],
    P2 ! stop,
    io:format("number: ~p~n", [collect(P2, R2)]),
    %% A plain sleep(infinity) survives messages and is killed.
    {P3, R3} = run(fun() -> sleep(infinity) end),
    [P3 ! {junk, N} || N <- lists:seq(1, 5)],
    wait_queue(P3, 5),
    exit(P3, kill),
    io:format("sleep: ~p~n", [collect(P3, R3)]),
    %% Timeouts that are not timeouts.
    [io:format("~p: ~p~n", [T, catch sleep(T)]) || T <- [0, -1, foo, 1.0, 1 bsl 32]],
    ok.

collect(P, Ref) ->
    receive
        {P, Result} ->
            receive {'DOWN', Ref, process, P, Reason} -> {Result, Reason} end;
        {'DOWN', Ref, process, P, Reason} ->
            {down, Reason}
    end.

%% Waits until the process holds N messages it did not take (scanned or not).
wait_queue(P, N) ->
    case process_info(P, message_queue_len) of
        {message_queue_len, N} -> ok;
        _ -> erlang:yield(), wait_queue(P, N)
    end.
