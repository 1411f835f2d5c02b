%% erts_debug:get_internal_state({process_status, Pid}), which erts' timer tests poll until a
%% process is cleaned up: the caller is running, a live process one of erts' states, a process
%% that has exited (its 'DOWN' received) undefined; a non-pid is badarg.
-module(erts_debug_process_status).
-export([main/0]).

main() ->
    ok = logger:remove_handler(default), % its warning names a pid
    erts_debug:set_internal_state(available_internal_state, true),
    io:format("self: ~p~n", [erts_debug:get_internal_state({process_status, self()})]),
    P = spawn(fun() -> receive go -> ok end end),
    S = erts_debug:get_internal_state({process_status, P}),
    io:format("live: ~p~n", [lists:member(S, [runnable, waiting, running])]),
    R = monitor(process, P),
    P ! go,
    receive {'DOWN', R, process, P, normal} -> ok end,
    io:format("exited: ~p~n", [erts_debug:get_internal_state({process_status, P})]),
    [io:format("~p: ~p~n", [A, try erts_debug:get_internal_state({process_status, A})
                               catch C:E -> {C, E} end]) || A <- [x, 1, {a, b}]],
    ok.
