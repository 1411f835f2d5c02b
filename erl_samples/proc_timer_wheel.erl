%% Timers near and far: messages from many send_after timers (some past one second, where
%% the timer wheel's coarse level takes over) arrive in deadline order and never early;
%% long timers read and cancel correctly; thousands of timers cancel; receive ... after
%% across a second.
-module(proc_timer_wheel).
-export([main/0]).

main() ->
    ordered(),
    overdue(),
    far(),
    many(),
    after_timeout(),
    ok.

now_ms() -> erlang:monotonic_time(millisecond).

ordered() ->
    Delays = [D * 8 || D <- lists:seq(1, 190)], % 8 .. 1520 ms
    Shuffled = [D || {_, D} <- lists:sort([{erlang:phash2({x, D}), D} || D <- Delays])],
    T0 = now_ms(),
    %% Deadlines from one base time, 300 ms ahead, so a stall while the timers are set (a
    %% busy machine) cannot reorder them (a timer set after its deadline fires at once).
    [erlang:send_after(T0 + 300 + D, self(), {t, D}, [{abs, true}]) || D <- Shuffled],
    Got = [receive {t, D} -> {D, now_ms() - T0 - 300} end || _ <- Delays],
    io:format("~p timers, in deadline order: ~p~n",
              [length(Got), [D || {D, _} <- Got] =:= Delays]),
    io:format("never early: ~p~n", [lists:all(fun({D, At}) -> At >= D end, Got)]).

%% Timers set after their deadline has passed fire at once, in the order they were set (not
%% in deadline order), as erts fires them.
overdue() ->
    receive after 1 -> ok end,
    T0 = now_ms(),
    [erlang:send_after(T0 - 1000 - D, self(), {late, D}, [{abs, true}]) || D <- [5, 1, 3, 2, 4]],
    Got = [receive {late, D} -> D end || _ <- [1, 2, 3, 4, 5]],
    io:format("overdue timers: ~p~n", [Got]).

far() ->
    Ref = erlang:start_timer(3600000, self(), far),
    Left = erlang:read_timer(Ref),
    io:format("an hour: ~p~n", [Left > 3590000 andalso Left =< 3600000]),
    Ref2 = erlang:send_after(5000, self(), five),
    L2 = erlang:cancel_timer(Ref2),
    io:format("five seconds cancelled: ~p, again: ~p~n",
              [is_integer(L2) andalso L2 > 4000 andalso L2 =< 5000, erlang:cancel_timer(Ref2)]),
    L1 = erlang:cancel_timer(Ref),
    io:format("an hour cancelled: ~p, read: ~p~n", [L1 > 3590000, erlang:read_timer(Ref)]),
    receive Msg -> io:format("unexpected ~p~n", [Msg]) after 50 -> ok end.

many() ->
    Refs = [erlang:send_after(5000 + (I * 7919) rem 200000, self(), {many, I})
            || I <- lists:seq(1, 10000)],
    Left = [erlang:cancel_timer(R) || R <- Refs],
    io:format("cancelled ~p of ~p~n", [length([L || L <- Left, is_integer(L)]), length(Refs)]),
    receive {many, _} = M -> io:format("unexpected ~p~n", [M]) after 150 -> ok end,
    io:format("none delivered~n").

after_timeout() ->
    T0 = now_ms(),
    receive never -> ok after 1100 -> ok end,
    io:format("after 1100: ~p~n", [now_ms() - T0 >= 1100]),
    Self = self(),
    Pids = [spawn(fun() ->
                          T = now_ms(),
                          receive never -> ok after D -> ok end,
                          Self ! {self(), now_ms() - T >= D}
                  end) || D <- [1, 2, 3, 500, 1023, 1024, 1025, 2048]],
    io:format("sleepers on time: ~p~n", [[receive {P, Ok} -> Ok end || P <- Pids]]).
