%% Operating-system signals reach Erlang as on erts: SIGHUP, SIGUSR2 and SIGTERM become
%% {notify, Signal} events of erl_signal_server once os:set_signal/2 asks for them (SIGTERM
%% by default), an ignored signal is dropped, and os:set_signal/2's bad arguments raise
%% badarg with erl_kernel_errors' error_info. The sample signals itself with kill(1).
-module(os_signals).
-behaviour(gen_event).
-export([main/0]).
-export([init/1, handle_event/2, handle_call/2, handle_info/2, terminate/2]).

main() ->
    ok = gen_event:add_handler(erl_signal_server, ?MODULE, self()),
    %% kernel's own handler would stop the VM on SIGTERM and log it with a timestamp
    ok = gen_event:delete_handler(erl_signal_server, erl_signal_handler, []),
    io:format("handlers ~p~n", [gen_event:which_handlers(erl_signal_server)]),
    [io:format("set ~p ~p: ~p~n", [S, H, catch_it(fun() -> os:set_signal(S, H) end)])
     || {S, H} <- [{sighup, handle}, {sigusr2, handle}, {sigterm, foo}, {sigint, handle},
                   {"sighup", handle}, {sigkill, ignore}, {sigalrm, handle}]],
    kill("HUP"),
    wait(),
    kill("USR2"),
    wait(),
    kill("TERM"),
    wait(),
    ok = os:set_signal(sigusr2, ignore),
    kill("USR2"),  % dropped: the next event is SIGALRM's
    kill("ALRM"),
    wait(),
    ok = os:set_signal(sigusr2, handle),
    kill("USR2"),
    wait(),
    ok.

kill(Sig) -> os:cmd("kill -" ++ Sig ++ " " ++ os:getpid()).

wait() ->
    receive {signal, S} -> io:format("event ~p~n", [S])
    after 60000 -> io:format("no event~n")
    end.

catch_it(F) ->
    try F() catch error:R:St -> {error, R, element(4, hd(St))} end.

init(Pid) -> {ok, Pid}.
handle_event(Sig, Pid) -> Pid ! {signal, Sig}, {ok, Pid}.
handle_call(_, Pid) -> {ok, ok, Pid}.
handle_info(_, Pid) -> {ok, Pid}.
terminate(_, _) -> ok.
