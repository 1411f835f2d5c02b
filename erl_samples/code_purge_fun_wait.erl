-module(code_purge_fun_wait).
-export([main/0]).

%% A process calling a fun whose code erts_code_purger is purging waits suspended in
%% erts_code_purger:pending_purge_lambda/3 until the purge ends, and fun_info names the fun
%% [] meanwhile (erts' own code_SUITE call_purged_fun_* drive the purger the same way).

main() ->
    Forms = [{attribute, 1, module, purged_funs},
             {attribute, 2, export, [{make, 1}]},
             {function, 3, make, 1,
              [{clause, 3, [{var, 3, 'A'}], [],
                [{'fun', 3, {clauses, [{clause, 3, [{var, 3, 'X'}], [],
                                        [{op, 3, '+', {var, 3, 'A'}, {var, 3, 'X'}}]}]}}]}]}],
    {ok, purged_funs, Bin} = compile:forms(Forms),
    {module, purged_funs} = code:load_binary(purged_funs, "purged_funs.erl", Bin),
    F = purged_funs:make(4711),
    true = erlang:delete_module(purged_funs),
    Ref = make_ref(),
    %% The purge completes (no process runs the code): the waiting call then finds no code.
    erts_code_purger ! {test_purge, purged_funs, self(), false, Ref},
    receive {started, Ref} -> ok end,
    io:format("name while purging ~p~n", [erlang:fun_info(F, name)]),
    Self = self(),
    {P, M} = spawn_monitor(fun() ->
                                   Self ! {result, try F(1) catch error:E -> {error, E} end}
                           end),
    io:format("caller ~p~n", [wait_suspended(P, 10000)]),
    io:format("in ~p~n", [process_info(P, current_function)]),
    erts_code_purger ! {continue, Ref},
    receive {continued, Ref} -> ok end,
    erts_code_purger ! {complete, Ref},
    receive {test_purge, Res, Ref} -> io:format("purge result ~p~n", [Res]) end,
    receive {result, R} -> io:format("call result ~p~n", [R]) end,
    receive {'DOWN', M, process, P, Why} -> io:format("caller exit ~p~n", [Why]) end,
    io:format("name after the purge ~p~n", [erlang:fun_info(F, name)]),
    ok.

wait_suspended(_, 0) -> not_suspended;
wait_suspended(P, N) ->
    case process_info(P, status) of
        {status, suspended} -> suspended;
        _ -> erlang:yield(), wait_suspended(P, N - 1)
    end.
