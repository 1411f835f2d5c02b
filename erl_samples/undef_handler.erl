%% '$handle_undefined_function'/2: a call of a function a loaded module does not have goes to
%% the module's '$handle_undefined_function'(Function, Args) when the module exports it
%% (error_handler:undefined_function/3), whether the call is by name, through apply/3, a
%% fun M:F/A or spawn; a module without it, or a missing module, raises undef with the
%% missing function on top of the stack trace.
-module(undef_handler).
-export([main/0, real/1, '$handle_undefined_function'/2]).

real(X) -> {real, X}.

'$handle_undefined_function'(raise_undef, Args) ->
    error_handler:raise_undef_exception(?MODULE, raise_undef, Args);
'$handle_undefined_function'(crash, Args) ->
    error({from_handler, Args});
'$handle_undefined_function'(report, [Pid]) ->
    Pid ! {reported, self() =/= Pid};
'$handle_undefined_function'(F, Args) ->
    {handled, F, Args}.

show(Label, Term) -> io:format("~s: ~p~n", [Label, Term]).

caught(F) ->
    try F() of
        V -> {value, V}
    catch
        C:E:S -> {C, E, S}
    end.

main() ->
    M = ?MODULE,
    show("by name", M:nothing(1, 2)),
    show("apply/3", apply(M, other, [a])),
    show("apply/3 no args", erlang:apply(M, zero, [])),
    F = fun ?MODULE:viafun/1,
    show("fun M:F/A", F(x)),
    show("apply fun", apply(fun M:viafun2/2, [p, q])),
    show("exported", M:real(1)),
    show("function_exported", erlang:function_exported(M, nothing, 2)),
    show("raise_undef", caught(fun() -> M:raise_undef(1) end)),
    show("crash in handler", caught(fun() -> M:crash(2) end)),
    show("no module", caught(fun() -> undef_handler_none:foo(1) end)),
    show("no handler", caught(fun() -> lists:no_such_function(1, 2) end)),
    show("apply no handler", caught(fun() -> apply(lists, no_such, []) end)),
    {Pid, Ref} = spawn_monitor(M, report, [self()]),
    receive {reported, R} -> show("spawn", R) end,
    receive {'DOWN', Ref, process, Pid, Why} -> show("spawn exit", Why) end,
    ok.
