%% -eval with a syntax error (cmdline_eval_parse.args): the parse error is a badmatch in
%% init, reported as a boot failure.
-module(cmdline_eval_parse).
-export([main/0]).

main() ->
    io:format("not reached~n").
