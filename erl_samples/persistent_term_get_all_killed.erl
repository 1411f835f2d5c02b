%% persistent_term:get/0 over a large table: it charges a reduction per term (so processes
%% that loop on it give up their scheduler after each call), and getters killed while
%% others put and erase terms leave the table and its memory as they were.
-module(persistent_term_get_all_killed).
-export([main/0]).

-define(N, 3000).

main() ->
    [persistent_term:put({?MODULE, I}, {value, I}) || I <- lists:seq(1, ?N)],
    All = persistent_term:get(),
    Once = spawn(fun() -> _ = persistent_term:get(), receive stop -> ok end end),
    wait_waiting(Once),
    {reductions, R} = process_info(Once, reductions),
    Once ! stop,
    show("charged per term", R >= length(All)),
    show("own terms", length(own(All))),
    Mutator = spawn_link(fun() -> mutate(1) end),
    Killed = [kill_getters(10) || _ <- lists:seq(1, 5)],
    show("getters killed", lists:sum(Killed)),
    unlink(Mutator),
    exit(Mutator, kill),
    wait_down(Mutator),
    %% The mutator may have been killed between an erase and a put.
    [persistent_term:put({?MODULE, I}, {value, I}) || I <- lists:seq(1, 100)],
    Own = own(persistent_term:get()),
    show("own terms after", length(Own)),
    show("values intact", lists:all(fun({{_, I}, V}) -> V =:= {value, I} end, Own)),
    [persistent_term:erase({?MODULE, I}) || I <- lists:seq(1, ?N)],
    show("own terms erased", length(own(persistent_term:get()))),
    ok.

own(All) ->
    [T || {{?MODULE, _}, _} = T <- All].

%% Replaces values and erases and restores terms while getters run.
mutate(I) ->
    K = {?MODULE, I rem 100 + 1},
    persistent_term:put(K, {new, I rem 100 + 1}),
    persistent_term:erase(K),
    persistent_term:put(K, {value, I rem 100 + 1}),
    mutate(I + 1).

kill_getters(N) ->
    Pids = [spawn(fun getter/0) || _ <- lists:seq(1, N)],
    Refs = [monitor(process, P) || P <- Pids],
    erlang:yield(),
    [exit(P, kill) || P <- Pids],
    length([R || R <- Refs, receive {'DOWN', R, process, _, killed} -> true end]).

getter() ->
    _ = persistent_term:get(),
    getter().

wait_waiting(Pid) ->
    case process_info(Pid, status) of
        {status, waiting} -> ok;
        _ -> erlang:yield(), wait_waiting(Pid)
    end.

wait_down(Pid) ->
    Ref = monitor(process, Pid),
    receive {'DOWN', Ref, process, _, _} -> ok end.

show(Label, Value) ->
    io:format("~s: ~p~n", [Label, Value]).
