-module(proc_links).
-export([main/0]).
%% Links and exit signals: normal, abnormal, kill/killed, trap_exit, unlink, exit/2 rules.

flush() -> receive M -> [M | flush()] after 50 -> [] end.
strip(L) -> [strip1(M) || M <- L].
strip1({'EXIT', P, R}) when is_pid(P) -> {'EXIT', pid, R};
strip1(M) -> M.

main() ->
    process_flag(trap_exit, true),
    %% a linked child exiting normally / abnormally
    P1 = spawn_link(fun() -> ok end),
    receive {'EXIT', P1, R1} -> io:format("child normal: ~p~n", [R1]) end,
    P2 = spawn_link(fun() -> exit(boom) end),
    receive {'EXIT', P2, R2} -> io:format("child exit(boom): ~p~n", [R2]) end,
    P3 = spawn_link(fun() -> receive after infinity -> ok end end),
    exit(P3, kill),
    receive {'EXIT', P3, R3} -> io:format("killed child: ~p~n", [R3]) end,
    %% a chain: A links B links C; C dies, the exit propagates to A (not trapping) and to us
    Me = self(),
    A = spawn(fun() ->
                  B = spawn_link(fun() ->
                                     C = spawn_link(fun() -> receive go -> exit(chain) end end),
                                     Me ! {c, C},
                                     receive after infinity -> ok end
                                 end),
                  Me ! {b, B},
                  receive after infinity -> ok end
              end),
    link(A),
    C = receive {c, X} -> X end,
    B = receive {b, Y} -> Y end,
    C ! go,
    receive {'EXIT', A, RA} -> io:format("chain reached A: ~p~n", [RA]) end,
    io:format("alive: ~p ~p ~p~n", [is_process_alive(A), is_process_alive(B), is_process_alive(C)]),
    %% trapping process receives exit signals as messages, even normal ones from exit/2
    T = spawn(fun() ->
                  process_flag(trap_exit, true),
                  Me ! ready,
                  Got = [receive M -> strip1(M) end || _ <- [1, 2, 3]],
                  Me ! {t, Got}
              end),
    receive ready -> ok end,
    exit(T, normal), exit(T, shutdown), exit(T, {any, term}),
    receive {t, Got} -> io:format("trapped: ~p~n", [[setelement(2, G, me) || G <- Got]]) end,
    %% kill is untrappable
    K = spawn(fun() -> process_flag(trap_exit, true), receive after infinity -> ok end end),
    Ref = monitor(process, K),
    exit(K, kill),
    receive {'DOWN', Ref, process, K, RK} -> io:format("kill trapping process: ~p~n", [RK]) end,
    %% exit(Pid, normal) does not kill a non-trapping process
    N = spawn(fun() -> receive stop -> ok end end),
    exit(N, normal),
    io:format("after exit normal: ~p~n", [is_process_alive(N)]),
    N ! stop,
    %% unlink before the exit: no signal
    U = spawn_link(fun() -> receive go -> exit(bad) end end),
    unlink(U),
    U ! go,
    io:format("after unlink: ~p~n", [strip(flush())]),
    %% link to a dead process while trapping: {'EXIT', Pid, noproc}
    D = spawn(fun() -> ok end),
    timer:sleep(20),
    link(D),
    io:format("link to dead: ~p~n", [strip(flush())]),
    %% a non-trapping process dies from a linked process's abnormal exit
    V = spawn(fun() -> process_flag(trap_exit, false),
                       receive go -> ok end,
                       W = spawn_link(fun() -> exit(oops) end),
                       Me ! {w, W},
                       receive after infinity -> ok end end),
    VRef = monitor(process, V),
    V ! go,
    receive {'DOWN', VRef, process, V, RV} -> io:format("victim down: ~p~n", [RV]) end,
    flush(),
    %% exit(self(), Reason) while trapping is a message
    exit(self(), my_reason),
    receive {'EXIT', S, my_reason} when S =:= self() -> io:format("self exit trapped~n") end,
    %% links/0 via process_info
    L = spawn_link(fun() -> receive stop -> ok end end),
    {links, Links} = process_info(self(), links),
    io:format("linked to L: ~p~n", [lists:member(L, Links)]),
    L ! stop,
    receive {'EXIT', L, normal} -> io:format("L stopped~n") end,
    %% spawn_link of an undefined function: the child exits with undef. Its error report
    %% would race with init:stop (erl loses it; a slow run may catch the default handler
    %% half stopped), so the log level is none from here on: the output stays deterministic.
    ok = logger:set_primary_config(level, none),
    E = spawn_link(nomodule_xyz, nofun, []),
    receive {'EXIT', E, {undef, [{nomodule_xyz, nofun, [], []} | _]}} -> io:format("undef child~n") end,
    ok.
