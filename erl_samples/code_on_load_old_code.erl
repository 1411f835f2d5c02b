%% A module deleted while a process runs it, then loaded again with an on_load function
%% (that succeeds or fails): the old code stays until that process is done (soft_purge is
%% false meanwhile), the process is not killed when a failed on_load's code is purged, and
%% delete_module/1 is true for a module that was loaded once, current code or not.
-module(code_on_load_old_code).
-export([main/0]).

-define(M, code_on_load_old_code_m).

main() ->
    Ok = fun() -> load("-on_load(f/0).\nf() -> ok.\n") end,
    Fail = fun() -> load("-on_load(f/0).\nf() -> fail.\n") end,
    [round(Name, Reload) || {Name, Reload} <- [{ok, Ok}, {ok, Ok}, {fail, Fail}, {fail, Fail}]],
    io:format("unknown module: ~p~n", [erlang:delete_module(code_on_load_old_code_none)]),
    ok.

round(Name, Reload) ->
    io:format("-- ~p~n", [Name]),
    show("old code", erlang:check_old_code(?M)),
    Self = self(),
    Runner = spawn(fun() ->
                           {module, ?M} = load("-export([f/1]).\n"
                                               "f(Parent) -> Parent ! started, receive _ -> ok end.\n"),
                           ?M:f(Self)
                   end),
    receive started -> ok end,
    Ref = monitor(process, Runner),
    show("delete", code:delete(?M)),
    show("old code", erlang:check_old_code(?M)),
    show("reload", Reload()),
    show("soft_purge while running", code:soft_purge(?M)),
    show("runner alive", is_process_alive(Runner)),
    Runner ! stop,
    receive {'DOWN', Ref, process, _, Why} -> show("runner", Why) end,
    show("soft_purge", code:soft_purge(?M)),
    show("delete", code:delete(?M)),
    show("soft_purge", code:soft_purge(?M)).

load(Body) ->
    Forms = forms("-module(" ++ atom_to_list(?M) ++ ").\n" ++ Body),
    {ok, ?M, Bin} = compile:forms(Forms, [binary]),
    code:load_binary(?M, "", Bin).

forms(Text) ->
    {ok, Tokens, _} = erl_scan:string(Text),
    split(Tokens, []).

split([], []) -> [];
split([{dot, _} = Dot | Rest], Acc) ->
    {ok, Form} = erl_parse:parse_form(lists:reverse([Dot | Acc])),
    [Form | split(Rest, [])];
split([T | Rest], Acc) -> split(Rest, [T | Acc]).

show(Label, Value) ->
    io:format("~s: ~p~n", [Label, Value]).
