-module(proc_monitors).
-export([main/0]).
%% Monitors, 'DOWN' messages, demonitor with flush/info, monitors by name, aliases.

info_of({'EXIT', {Reason, [{erlang, F, _Args, Info} | _]}}) -> {Reason, F, Info};
info_of(X) -> X.

main() ->
    Me = self(),
    P = spawn(fun() -> receive stop -> exit(stopped) end end),
    R = monitor(process, P),
    P ! stop,
    receive {'DOWN', R, process, P, Why} -> io:format("down: ~p~n", [Why]) end,
    %% monitoring a dead process: noproc at once
    R2 = monitor(process, P),
    receive {'DOWN', R2, process, P, W2} -> io:format("dead: ~p~n", [W2]) end,
    %% by registered name
    Q = spawn(fun() -> register(qq, self()), Me ! registered, receive stop -> ok end end),
    receive registered -> ok end,
    R3 = monitor(process, qq),
    io:format("whereis: ~p~n", [whereis(qq) =:= Q]),
    Q ! stop,
    receive {'DOWN', R3, process, Obj, W3} -> io:format("named: ~p ~p~n", [Obj, W3]) end,
    io:format("whereis after: ~p~n", [whereis(qq)]),
    R4 = monitor(process, nobody_here),
    receive {'DOWN', R4, process, O4, W4} -> io:format("unregistered: ~p ~p~n", [O4, W4]) end,
    R4b = monitor(process, {nobody_here, node()}),
    receive {'DOWN', R4b, process, O4b, W4b} -> io:format("unregistered tuple: ~p ~p~n", [O4b, W4b]) end,
    %% demonitor: no DOWN afterwards
    S = spawn(fun() -> receive stop -> ok end end),
    R5 = monitor(process, S),
    true = demonitor(R5),
    S ! stop,
    receive {'DOWN', R5, _, _, _} -> io:format("unexpected DOWN~n") after 50 -> io:format("demonitored: no DOWN~n") end,
    %% demonitor with flush removes a DOWN already delivered
    S2 = spawn(fun() -> ok end),
    R6 = monitor(process, S2),
    timer:sleep(30),
    io:format("flush info: ~p~n", [demonitor(R6, [flush, info])]),
    receive {'DOWN', R6, _, _, _} -> io:format("not flushed~n") after 20 -> io:format("flushed~n") end,
    S3 = spawn(fun() -> receive stop -> ok end end),
    R7 = monitor(process, S3),
    io:format("info active: ~p~n", [demonitor(R7, [info])]),
    io:format("info again: ~p~n", [demonitor(R7, [info])]),
    S3 ! stop,
    %% spawn_monitor and spawn_opt with monitor
    {M1, MR1} = spawn_monitor(fun() -> exit(from_spawn_monitor) end),
    receive {'DOWN', MR1, process, M1, W8} -> io:format("spawn_monitor: ~p~n", [W8]) end,
    {M2, MR2} = spawn_opt(fun() -> exit(from_spawn_opt) end, [monitor]),
    receive {'DOWN', MR2, process, M2, W9} -> io:format("spawn_opt monitor: ~p~n", [W9]) end,
    %% error exits carry the reason and stack
    %% several monitors on one process
    T = spawn(fun() -> receive stop -> ok end end),
    Refs = [monitor(process, T) || _ <- lists:seq(1, 3)],
    {monitors, Ms} = process_info(self(), monitors),
    io:format("monitors: ~p~n", [length([x || {process, X} <- Ms, X =:= T])]),
    {monitored_by, MB} = process_info(T, monitored_by),
    io:format("monitored_by: ~p~n", [[X =:= Me || X <- MB]]),
    T ! stop,
    Downs = [receive {'DOWN', Rf, process, T, normal} -> ok end || Rf <- Refs],
    io:format("downs: ~p~n", [Downs]),
    %% aliases
    A = alias(),
    A ! via_alias,
    receive via_alias -> io:format("alias message received~n") end,
    spawn(fun() -> A ! from_other end),
    receive from_other -> io:format("alias from another process~n") end,
    true = unalias(A),
    A ! after_unalias,
    receive after_unalias -> io:format("unexpected~n") after 50 -> io:format("unaliased: dropped~n") end,
    io:format("unalias again: ~p~n", [unalias(A)]),
    %% reply alias: deactivated by the first message
    RA = alias([reply]),
    RA ! first, RA ! second,
    receive first -> ok end,
    receive second -> io:format("reply alias: second arrived~n") after 50 -> io:format("reply alias: second dropped~n") end,
    %% monitor with an alias, as gen:call uses it
    Server = spawn(fun() -> receive {call, From, Tag} -> From ! {Tag, answer} end, receive after 100 -> ok end end),
    MRef = monitor(process, Server, [{alias, demonitor}]),
    Server ! {call, MRef, MRef},
    receive {MRef, Answer} -> io:format("call answer: ~p~n", [Answer]) end,
    demonitor(MRef, [flush]),
    MRef ! late,
    receive late -> io:format("unexpected late~n") after 50 -> io:format("alias gone after demonitor~n") end,
    %% registered names
    io:format("register: ~p~n", [register(me_name, self())]),
    io:format("again: ~p~n", [info_of(catch register(other_name, self()))]),
    me_name ! hello,
    receive hello -> io:format("named send~n") end,
    {me_name, node()} ! hello2,
    receive hello2 -> io:format("named tuple send~n") end,
    io:format("send to unregistered: ~p~n", [catch nobody_xyz ! x]),
    io:format("registered has me: ~p~n", [lists:member(me_name, registered())]),
    io:format("unregister: ~p~n", [unregister(me_name)]),
    io:format("unregister again: ~p~n", [catch unregister(me_name)]),
    io:format("register undefined: ~p~n", [info_of(catch register(undefined, self()))]),
    {Dead, DRef} = spawn_monitor(fun() -> ok end),
    receive {'DOWN', DRef, _, _, _} -> ok end,
    io:format("register dead: ~p~n", [info_of(catch register(dead_one, Dead))]),
    io:format("register non-atom: ~p~n", [info_of(catch register("str", self()))]),
    ok.
