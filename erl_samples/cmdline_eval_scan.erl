%% -eval whose text does not scan (an unterminated string, cmdline_eval_scan.args): erl_scan's
%% error is a badmatch in init, reported as a boot failure.
-module(cmdline_eval_scan).
-export([main/0]).

main() ->
    io:format("not reached~n").
