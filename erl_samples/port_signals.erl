%% Ports and signals: the owner's link, port_close and {Pid, close}, exit signals to and
%% from ports (trapped or not), links and monitors, port_connect/2 and {Pid, {connect, New}},
%% badsig, the owner's exit closing its port.
-module(port_signals).
-export([main/0]).

flush() -> receive X -> [X | flush()] after 300 -> [] end.

open() -> open_port({spawn, "cat"}, []).

alive(P) -> erlang:port_info(P) =/= undefined.

%% Runs F in a new process (trapping exits or not) and reports how it ended and what it got.
in_proc(Trap, F) ->
    Self = self(),
    {Pid, Ref} = spawn_monitor(fun() ->
                                       process_flag(trap_exit, Trap),
                                       Self ! {self(), F()},
                                       Self ! {self(), msgs, flush()}
                                end),
    R = receive {Pid, V} -> V after 3000 -> timeout end,
    M = receive {Pid, msgs, Ms} -> Ms after 3000 -> none end,
    D = receive {'DOWN', Ref, process, Pid, Why} -> Why after 3000 -> timeout end,
    {R, M, D}.

%% An exception without its stack trace.
err(F) -> try F() catch C:R -> {C, R} end.

main() ->
    %% Reports without their time stamps, so that they can be compared.
    ok = logger:update_handler_config(default, formatter, {logger_formatter, #{template => [msg, "\n"]}}),
    process_flag(trap_exit, true),
    P1 = open(),
    io:format("linked: ~p~n", [{lists:member(P1, element(2, process_info(self(), links))),
                               erlang:port_info(P1, links) =:= {links, [self()]},
                               erlang:port_info(P1, connected) =:= {connected, self()}}]),
    io:format("port_close: ~p ~p alive ~p~n", [port_close(P1), flush(), alive(P1)]),
    P2 = open(), P2 ! {self(), close},
    io:format("close message: ~p alive ~p~n", [flush(), alive(P2)]),
    P3 = open(), exit(P3, normal),
    io:format("exit normal: ~p alive ~p~n", [flush(), alive(P3)]),
    P4 = open(), exit(P4, kill),
    io:format("exit kill: ~p~n", [flush()]),
    P5 = open(), exit(P5, {some, reason}),
    io:format("exit reason: ~p~n", [flush()]),
    %% A linked process that ends normally does not close the port; abnormally it does.
    P6 = open(),
    io:format("linked normal: ~p~n",
              [in_proc(false, fun() -> link(P6), length(element(2, erlang:port_info(P6, links))) end)]),
    io:format("  port alive: ~p~n", [alive(P6)]),
    io:format("linked crash: ~p~n",
              [in_proc(false, fun() -> link(P6), exit(boom) end)]),
    io:format("  port alive: ~p, we got ~p~n", [alive(P6), flush()]),
    %% The owner's exit closes its port; its other links hear of it.
    {Port7, _, _} = in_proc(false, fun() -> P = open(), link(whereis(init)), unlink(whereis(init)), P end),
    io:format("owner ended: alive ~p~n", [alive(Port7)]),
    Self = self(),
    {_, _, Down8} = in_proc(false, fun() -> P = open(), Self ! {port8, P}, exit(crash) end),
    P8 = receive {port8, X8} -> X8 end,
    io:format("owner crashed (~p): alive ~p~n", [Down8, alive(P8)]),
    %% Port exit signals to processes: trapped, not trapped, normal.
    io:format("trapped: ~p~n",
              [in_proc(true, fun() -> P = open(), exit(P, bye), ok end)]),
    io:format("not trapped: ~p~n",
              [in_proc(false, fun() -> P = open(), exit(P, bye), receive after 1000 -> ok end end)]),
    io:format("not trapped, normal: ~p~n",
              [in_proc(false, fun() -> P = open(), port_close(P), still_here end)]),
    %% Monitors.
    P9 = open(),
    M9 = monitor(port, P9),
    port_close(P9),
    io:format("monitor: ~p~n", [[case E of {'DOWN', M9, port, P9, R} -> {down, R}; _ -> E end
                                 || E <- flush()]]),
    M10 = monitor(port, P9),
    io:format("monitor closed port: ~p~n",
              [[case E of {'DOWN', M10, port, P9, R} -> {down, R}; _ -> E end || E <- flush()]]),
    P11 = open(),
    register(my_port, P11),
    M11 = monitor(port, my_port),
    exit(P11, kill),
    io:format("monitor by name: ~p~n",
              [[case E of {'DOWN', M11, port, {my_port, N}, R} -> {down, N, R}; _ -> E end
                || E <- flush()]]),
    P12 = open(),
    M12 = monitor(port, P12),
    demonitor(M12),
    port_close(P12),
    io:format("demonitored: ~p~n", [flush()]),
    io:format("monitor(process, Port): ~p~n", [err(fun() -> monitor(process, P12) end)]),
    io:format("monitor(port, Pid): ~p~n", [err(fun() -> monitor(port, self()) end)]),
    MNone = monitor(port, nobody),
    io:format("monitor(port, not registered): ~p~n",
              [receive {'DOWN', MNone, port, Obj, RNone} -> {Obj, RNone} after 1000 -> timeout end]),
    %% link/unlink with closed ports.
    io:format("link to closed (trapping): ~p ~p~n", [link(P12), flush()]),
    io:format("link to closed: ~p~n", [in_proc(false, fun() -> err(fun() -> link(P12) end) end)]),
    io:format("unlink closed: ~p~n", [unlink(P12)]),
    %% port_connect/2 and {Pid, {connect, New}}.
    P13 = open(),
    Other = spawn(fun() -> receive {_, {data, D}} -> io:format("other got ~p from port~n", [D]), receive stop -> ok end end end),
    true = port_connect(P13, Other),
    io:format("after port_connect: connected ~p links ~p~n",
              [erlang:port_info(P13, connected) =:= {connected, Other},
               lists:sort(element(2, erlang:port_info(P13, links))) =:= lists:sort([self(), Other])]),
    port_command(P13, "to other"),
    receive after 300 -> ok end,
    P13 ! {Other, {connect, self()}},
    P13 ! {self(), {command, "x"}},
    io:format("connect message: ~p~n", [flush()]),
    P14 = open(),
    P14 ! {self(), {connect, Other}},
    io:format("connect message from owner: ~p connected ~p~n",
              [[case E of {P14, connected} -> connected; _ -> E end || E <- flush()],
               erlang:port_info(P14, connected) =:= {connected, Other}]),
    Other ! stop,
    %% badsig: a message that is not a port command, or one sent in another owner's name.
    P15 = open(),
    P15 ! hello,
    io:format("badsig: ~p alive ~p~n", [flush(), alive(P15)]),
    P15 ! {Other, {command, "x"}},
    io:format("badsig (not the owner): ~p~n", [flush()]),
    P15 ! {self(), {command, [1|2]}},
    io:format("badsig (bad data): ~p~n", [flush()]),
    P15 ! {self(), {connect, not_a_pid}},
    io:format("badsig (bad connect): ~p~n", [flush()]),
    BadData = err(fun() -> port_command(P15, [foo]) end),
    receive after 300 -> ok end, % the report comes from the logger
    io:format("port_command, bad data: ~p~n", [BadData]),
    io:format("no badsig: ~p~n", [flush()]),
    io:format("badsig kills the owner: ~p~n",
              [in_proc(false, fun() -> P = open(), P ! junk, receive after 1000 -> ok end end)]),
    port_close(P15),
    flush(),
    io:format("send to closed port: ~p~n", [element(2, P15 ! {self(), {command, "x"}})]),
    ok.
