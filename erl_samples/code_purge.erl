%% Purging as erts does it, through the erts_code_purger process: check_process_code/2,3
%% (a process running old code, or returning to it), soft_purge refusing while one does,
%% a hard purge killing it, funs of purged code (badfun, or calling the reloaded code when
%% the same version is loaded again), literals of purged code kept intact in the processes
%% that hold them (copied by the literal area collector), and the BIFs' errors.
-module(code_purge).
-export([main/0]).

main() ->
    show("purger registered", is_pid(whereis(erts_code_purger))),
    show("purger is a system process",
         erts_internal:is_system_process(whereis(erts_code_purger))),
    show("purge step from another process", res(fun() -> erts_internal:purge_module(pm, prepare) end)),
    V1 = version(1),
    {module, pm} = code:load_binary(pm, "pm.beam", V1),
    Parent = self(),
    Looper = spawn(fun() -> pm:loop(Parent) end),
    receive {Looper, looping} -> ok end,
    Caller = spawn(fun() -> pm:call_back(Parent) end),
    receive {Caller, waiting} -> ok end,
    Holder = spawn(fun() -> holder(Parent) end),
    receive {Holder, holding} -> ok end,
    F1 = pm:fun1(),
    show("no old code yet", erlang:check_process_code(Looper, pm)),
    {module, pm} = code:load_binary(pm, "pm.beam", version(2)),
    show("old code", erlang:check_old_code(pm)),
    show("looper runs old code", erlang:check_process_code(Looper, pm)),
    show("caller returns to old code", erlang:check_process_code(Caller, pm)),
    show("holder", erlang:check_process_code(Holder, pm)),
    show("self", erlang:check_process_code(self(), pm)),
    show("async", begin
                      async = erlang:check_process_code(Looper, pm, [{async, req}]),
                      receive {check_process_code, req, R} -> R end
                  end),
    show("allow_gc", erlang:check_process_code(Looper, pm, [{allow_gc, false}])),
    show("old fun before purge", F1()),
    show("soft purge", code:soft_purge(pm)),
    show("old code after soft purge", erlang:check_old_code(pm)),
    Mons = [{P, monitor(process, P)} || P <- [Looper, Caller, Holder]],
    show("hard purge", code:purge(pm)),
    show("ended", [receive {'DOWN', M, process, P, Why} -> Why after 10000 -> alive end
                   || {P, M} <- Mons, P =/= Holder]),
    show("holder alive", is_process_alive(Holder)),
    show("old code after purge", erlang:check_old_code(pm)),
    show("old fun after purge", res(F1)),
    show("purge again", code:purge(pm)),
    wait_literal_collector(),
    Holder ! {check, self()},
    show("holder's literals", receive {Holder, Check} -> Check end),
    %% The same version loaded again: the fun's code is there again.
    {module, pm} = code:load_binary(pm, "pm.beam", V1),
    F2 = pm:fun1(),
    {module, pm} = code:load_binary(pm, "pm.beam", version(2)),
    show("purge with no process in old code", erts_code_purger:purge(pm)),
    {module, pm} = code:load_binary(pm, "pm.beam", V1),
    show("fun of a purged version loaded again", res(F2)),
    show("purge", code:purge(pm)),
    show("delete", code:delete(pm)),
    show("soft purge of deleted", erts_code_purger:soft_purge(pm)),
    show("fun of deleted and purged module", res(F2)),
    show("purge of unknown module", erts_code_purger:purge(no_such_module_here)),
    show("soft purge of unknown module", erts_code_purger:soft_purge(no_such_module_here)),
    show("erlang:purge_module of none", res(fun() -> erlang:purge_module(pm) end)),
    show("erlang:purge_module badarg", res(fun() -> erlang:purge_module({a, b}) end)),
    show("check_process_code badarg", res(fun() -> erlang:check_process_code(not_a_pid, pm) end)),
    show("check_process_code module badarg",
         res(fun() -> erlang:check_process_code(self(), "pm") end)),
    show("check_process_code bad option",
         res(fun() -> erlang:check_process_code(self(), pm, [bad]) end)),
    show("request_system_task badarg",
         res(fun() -> erts_internal:request_system_task(self(), normal, {bad, 1, 2}) end)),
    Dead = spawn(fun() -> ok end),
    Ref = monitor(process, Dead),
    receive {'DOWN', Ref, _, _, _} -> ok end,
    show("dead process", erlang:check_process_code(Dead, pm)),
    ok.

holder(Parent) ->
    T = pm:literal(),
    Parent ! {self(), holding},
    receive
        {check, From} ->
            erlang:garbage_collect(),
            From ! {self(), {T =:= expected(), erts_debug:size_shared(T) > 0}}
    end.

expected() ->
    {<<0:8000>>, lists:seq(1, 100), "literal", #{a => [1, 2, 3]}}.

wait_literal_collector() ->
    [LAC] = [P || P <- processes(),
                  process_info(P, initial_call) =:= {initial_call, {erts_literal_area_collector, start, 0}}],
    wait_idle(LAC).

wait_idle(LAC) ->
    Ref = make_ref(),
    LAC ! {get_status, Ref, self()},
    receive
        {Ref, idle} -> ok;
        {Ref, _} -> receive after 10 -> wait_idle(LAC) end
    end.

%% The result, or the exception's class and reason (a badfun's fun left out), with the first
%% frame's error_info.
res(F) ->
    try F()
    catch
        C:{badfun, _} -> {C, badfun};
        C:R:St -> {C, R, [I || {_, _, _, Info} <- lists:sublist(St, 1), {error_info, I} <- Info]}
    end.

show(What, Value) ->
    io:format("~s: ~p~n", [What, Value]).

version(N) ->
    Src = "-module(pm).
           -export([loop/1, call_back/1, fun1/0, literal/0, version/0]).
           version() -> " ++ integer_to_list(N) ++ ".
           loop(Parent) -> Parent ! {self(), looping}, loop().
           loop() -> receive stop -> ok end, loop().
           call_back(Parent) -> Parent ! {self(), waiting}, Res = code_purge_wait(), {Res}.
           code_purge_wait() -> receive go -> ok end.
           fun1() -> fun() -> {fun_of, version()} end.
           literal() -> {<<0:8000>>, lists:seq(1, 100), \"literal\", #{a => [1, 2, 3]}}.",
    Forms = forms(Src),
    {ok, pm, Bin} = compile:forms(Forms, []),
    Bin.

forms(Src) ->
    {ok, Tokens, _} = erl_scan:string(Src),
    split(Tokens, []).

split([], []) -> [];
split([{dot, _} = D | Rest], Acc) ->
    {ok, Form} = erl_parse:parse_form(lists:reverse([D | Acc])),
    [Form | split(Rest, [])];
split([T | Rest], Acc) -> split(Rest, [T | Acc]).
