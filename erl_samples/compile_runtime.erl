%% Compiling Erlang at run time with the installed compiler: forms from text (erl_scan,
%% erl_parse) through compile:forms/2, a source file through compile:file/2 (the beam is
%% byte for byte erl's with the deterministic option), loading the results and calling
%% them, and the errors and warnings of a bad source.
-module(compile_runtime).
-export([main/0]).

-define(SOURCE, "-module(rt_mod).
-export([f/1, g/0]).
-record(r, {a = 1, b = <<\"bin\">>}).
f(#{key := V}) -> {map, V, #r{}};
f(X) when is_list(X) -> [Y * 2 || Y <- X, is_integer(Y)];
f(<<N:8, Rest/binary>>) -> {N, Rest};
f(_) -> {other, [1.5, \"text\", #{a => 1}]}.
g() -> lists:sum([N || N <- lists:seq(1, 10)]).
").

main() ->
    Forms = forms(?SOURCE),
    {ok, rt_mod, Bin, Warnings} = compile:forms(Forms, [binary, return]),
    io:format("forms: ~p warnings, beam md5 ~p~n", [length(Warnings), erlang:md5(Bin)]),
    {module, rt_mod} = code:load_binary(rt_mod, "rt_mod.erl", Bin),
    io:format("~p~n", [[rt_mod:f(#{key => v}), rt_mod:f([1, a, 2]), rt_mod:f(<<7, 8, 9>>),
                        rt_mod:f(x), rt_mod:g()]]),
    %% From a file, in the working directory.
    ok = file:write_file("rt_mod.erl", ?SOURCE),
    {ok, rt_mod, FileBin, []} = compile:file("rt_mod.erl", [binary, deterministic, return]),
    io:format("file: same beam as forms: ~p, md5 ~p~n", [FileBin =:= Bin, erlang:md5(FileBin)]),
    {ok, rt_mod} = compile:file("rt_mod.erl", [deterministic]),
    {ok, OnDisk} = file:read_file("rt_mod.beam"),
    io:format("written beam: ~p bytes, same: ~p~n", [byte_size(OnDisk), OnDisk =:= FileBin]),
    %% Errors and warnings.
    ok = file:write_file("bad.erl", "-module(bad).\n-export([h/0]).\nh() -> X = 1, unused(), Y.\nunused() -> ok.\nlost() -> 1.\n"),
    io:format("~p~n", [compile:file("bad.erl", [binary, return])]),
    ok = file:write_file("warn.erl", "-module(warn).\n-export([h/1]).\nh(X) -> Y = 1, X.\n"),
    {ok, warn, _, W} = compile:file("warn.erl", [binary, return]),
    io:format("~p~n", [W]),
    ok.

forms(Text) ->
    {ok, Tokens, _} = erl_scan:string(Text),
    split(Tokens, []).

split([], []) -> [];
split([{dot, _} = Dot | Rest], Acc) ->
    {ok, Form} = erl_parse:parse_form(lists:reverse([Dot | Acc])),
    [Form | split(Rest, [])];
split([T | Rest], Acc) -> split(Rest, [T | Acc]).
