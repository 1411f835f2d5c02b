%% -eval whose expression raises an error: erl's init reports it as a boot failure
%% (cmdline_eval_error.args). The -eval before it runs first, the -s after it never runs.
-module(cmdline_eval_error).
-export([main/0]).

main() ->
    io:format("not reached~n").
