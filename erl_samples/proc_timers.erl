-module(proc_timers).
-export([main/0]).
%% receive ... after, timers (send_after, start_timer, cancel/read), timer:sleep, selective receive.

elapsed(T0) -> erlang:monotonic_time(millisecond) - T0.

main() ->
    T0 = erlang:monotonic_time(millisecond),
    receive nothing -> ok after 100 -> ok end,
    E1 = elapsed(T0),
    io:format("after 100 waited enough: ~p~n", [E1 >= 100]),
    T1 = erlang:monotonic_time(millisecond),
    timer:sleep(150),
    E2 = elapsed(T1),
    io:format("sleep 150: ~p~n", [E2 >= 150]),
    receive nothing -> ok after 0 -> io:format("after 0~n") end,
    io:format("bad timeout: ~p~n", [catch receive nothing -> ok after -1 -> ok end]),
    io:format("bad timeout atom: ~p~n", [catch receive nothing -> ok after foo -> ok end]),
    %% send_after / start_timer ordering by deadline, not by creation
    %% Deadlines from one base time, so a stall between the calls (a busy machine) cannot
    %% reorder them.
    Base = erlang:monotonic_time(millisecond),
    erlang:send_after(Base + 60, self(), third, [{abs, true}]),
    erlang:send_after(Base + 20, self(), first, [{abs, true}]),
    erlang:send_after(Base + 40, self(), second, [{abs, true}]),
    L = [receive M -> M end || _ <- [1, 2, 3]],
    io:format("send_after order: ~p~n", [L]),
    Ref = erlang:start_timer(30, self(), tick),
    receive {timeout, Ref, tick} -> io:format("start_timer message~n") end,
    %% cancel and read
    R2 = erlang:send_after(10000, self(), never),
    Left = erlang:read_timer(R2),
    io:format("read_timer plausible: ~p~n", [is_integer(Left) andalso Left > 9000 andalso Left =< 10000]),
    C = erlang:cancel_timer(R2),
    io:format("cancel_timer plausible: ~p~n", [is_integer(C) andalso C > 9000]),
    io:format("cancel again: ~p~n", [erlang:cancel_timer(R2)]),
    io:format("read cancelled: ~p~n", [erlang:read_timer(R2)]),
    R3 = erlang:send_after(10000, self(), never),
    io:format("async cancel: ~p~n", [erlang:cancel_timer(R3, [{async, true}, {info, true}])]),
    receive {cancel_timer, R3, Res} -> io:format("async result int: ~p~n", [is_integer(Res)]) end,
    io:format("cancel no info: ~p~n", [erlang:cancel_timer(make_ref(), [{info, false}])]),
    io:format("bad cancel: ~p~n", [element(1, element(2, catch erlang:cancel_timer(foo)))]),
    io:format("bad send_after: ~p~n", [element(1, element(2, catch erlang:send_after(-1, self(), x)))]),
    %% timer to a registered name, resolved when it fires
    register(timer_target, self()),
    erlang:send_after(20, timer_target, by_name),
    receive by_name -> io:format("timer by name~n") end,
    %% absolute timer
    Abs = erlang:monotonic_time(millisecond) + 30,
    erlang:send_after(Abs, self(), absolute, [{abs, true}]),
    receive absolute -> io:format("absolute timer, late enough: ~p~n", [erlang:monotonic_time(millisecond) >= Abs]) end,
    %% selective receive: messages stay in order, unmatched ones stay queued
    Self = self(),
    [Self ! {n, N} || N <- lists:seq(1, 5)],
    Self ! special,
    receive special -> io:format("picked special first~n") end,
    Rest = [receive {n, N} -> N end || _ <- lists:seq(1, 5)],
    io:format("rest in order: ~p~n", [Rest]),
    %% selective receive with a timeout and a later match
    spawn(fun() -> timer:sleep(30), Self ! {reply, 42} end),
    Self ! noise1, Self ! noise2,
    receive {reply, V} -> io:format("reply ~p~n", [V]) after 1000 -> io:format("timeout~n") end,
    Noise = [receive X -> X after 0 -> none end || _ <- [1, 2, 3]],
    io:format("noise kept: ~p~n", [Noise]),
    %% message order between a pair of processes under load
    P = spawn(fun() -> collect(Self, []) end),
    [P ! I || I <- lists:seq(1, 20000)],
    P ! done,
    receive {collected, Got} -> io:format("ordered 20000: ~p~n", [Got =:= lists:seq(1, 20000)]) end,
    %% timer:send_after and timer:apply_after use the timer server
    ok.

collect(To, Acc) ->
    receive
        done -> To ! {collected, lists:reverse(Acc)};
        I -> collect(To, [I | Acc])
    end.
