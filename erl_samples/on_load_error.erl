%% A module whose -on_load function returns an atom other than ok: the module is not kept,
%% without any report, and the call that loaded it (from -s on_load_error main) fails with
%% undef. on_load_main also loads it explicitly (code:load_file/1).
-module(on_load_error).
-on_load(init/0).
-export([main/0, f/0]).

init() ->
    io:format("on_load_error: on_load runs and returns error~n"),
    error.

f() -> on_load_error_f.

main() ->
    io:format("not reached~n").
