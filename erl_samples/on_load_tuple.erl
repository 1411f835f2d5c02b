%% A module whose -on_load function returns a tuple: the module is not kept and the code
%% server logs a warning with the result (on_load_tuple.args runs it through on_load_main,
%% which prints log events in a fixed order).
-module(on_load_tuple).
-on_load(init/0).
-export([main/0, f/0]).

init() ->
    {error, {because, [1, 2, 3]}}.

f() -> on_load_tuple_f.

main() ->
    io:format("not reached~n").
