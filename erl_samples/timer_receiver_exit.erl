%% erlang:send_after/start_timer addressed to a pid belong to that process, as erts ties
%% them: none is set for a process that has exited (read_timer and cancel_timer answer
%% false), the pending ones go when it exits, and timers addressed to a name stay. A
%% process that gets many timers which fire keeps working (the list of its timers is pruned).
-module(timer_receiver_exit).
-export([main/0]).

main() ->
    P = spawn(fun() -> ok end),
    R = monitor(process, P),
    receive {'DOWN', R, _, _, _} -> ok end,
    T1 = erlang:start_timer(100000, P, hej),
    T2 = erlang:send_after(100000, P, hej),
    io:format("dead receiver: ~p ~p~n", [erlang:read_timer(T1), erlang:read_timer(T2)]),
    io:format("cancel: ~p ~p~n", [erlang:cancel_timer(T1), erlang:cancel_timer(T2)]),
    Q = spawn(fun() -> receive go -> ok end end),
    register(timer_receiver, Q),
    T3 = erlang:start_timer(100000, Q, hej),
    T4 = erlang:send_after(100000, Q, hej, [{abs, false}]),
    T5 = erlang:send_after(100000, timer_receiver, hej),
    io:format("pending: ~p~n", [[is_integer(erlang:read_timer(T)) || T <- [T3, T4, T5]]]),
    R2 = monitor(process, Q),
    Q ! go,
    receive {'DOWN', R2, _, _, _} -> ok end,
    io:format("after the exit: ~p ~p, by name: ~p~n",
              [erlang:read_timer(T3), erlang:read_timer(T4), is_integer(erlang:cancel_timer(T5))]),
    Self = self(),
    Ts = [erlang:send_after(0, Self, {tick, I}) || I <- lists:seq(1, 2000)],
    Got = [receive {tick, I} -> I end || I <- lists:seq(1, 2000)],
    io:format("2000 timers fired in order: ~p, all done: ~p~n",
              [Got =:= lists:seq(1, 2000), lists:all(fun(T) -> erlang:read_timer(T) =:= false end, Ts)]),
    T6 = erlang:start_timer(100000, Self, later),
    io:format("own timer still pending: ~p~n", [is_integer(erlang:cancel_timer(T6))]),
    %% a process with timers pending exits while another one sets more
    W = spawn(fun() -> receive stop -> ok end end),
    Ws = [erlang:send_after(100000 + I, W, I) || I <- lists:seq(1, 100)],
    R3 = monitor(process, W),
    W ! stop,
    receive {'DOWN', R3, _, _, _} -> ok end,
    io:format("all cancelled: ~p~n", [[T || T <- Ws, erlang:read_timer(T) =/= false]]),
    ok.
