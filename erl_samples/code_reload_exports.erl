%% Loading a new version of a module: functions the new version no longer exports are
%% undefined (undef, function_exported false), with and without an on_load function, and
%% after an on_load function that failed the old version stays as it was.
-module(code_reload_exports).
-export([main/0]).

-define(M, code_reload_exports_m).

main() ->
    load("-export([a/0, b/0]).\na() -> {a, 1}.\nb() -> {b, 1}.\n"),
    show(1),
    load("-export([b/0, c/0]).\nb() -> {b, 2}.\nc() -> {c, 2}.\n"),
    show(2),
    load("-export([d/0]).\n-on_load(f/0).\nf() -> ok.\nd() -> {d, 3}.\n"),
    show(3),
    load("-export([e/0]).\n-on_load(f/0).\nf() -> fail.\ne() -> {e, 4}.\n"),
    show(4),
    load("-export([a/0]).\na() -> {a, 5}.\n"),
    show(5),
    ok.

load(Body) ->
    Forms = forms("-module(" ++ atom_to_list(?M) ++ ").\n" ++ Body),
    {ok, ?M, Bin} = compile:forms(Forms, [binary]),
    code:purge(?M),
    io:format("load: ~p~n", [code:load_binary(?M, "", Bin)]).

forms(Text) ->
    {ok, Tokens, _} = erl_scan:string(Text),
    split(Tokens, []).

split([], []) -> [];
split([{dot, _} = Dot | Rest], Acc) ->
    {ok, Form} = erl_parse:parse_form(lists:reverse([Dot | Acc])),
    [Form | split(Rest, [])];
split([T | Rest], Acc) -> split(Rest, [T | Acc]).

show(Version) ->
    Calls = [{F, erlang:function_exported(?M, F, 0), call(F)} || F <- [a, b, c, d, e]],
    io:format("version ~p: ~p~n", [Version, Calls]).

call(F) ->
    try ?M:F() catch error:undef -> undef end.
