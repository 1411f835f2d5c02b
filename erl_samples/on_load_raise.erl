%% A module whose -on_load function raises: its process crashes (an error report), the
%% module is not kept and the code server logs a warning with the exit reason
%% (on_load_raise.args runs it through on_load_main).
-module(on_load_raise).
-on_load(init/0).
-export([main/0, f/0]).

init() ->
    erlang:error({boom, ?MODULE}).

f() -> on_load_raise_f.

main() ->
    io:format("not reached~n").
