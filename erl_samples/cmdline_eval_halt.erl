%% -eval that halts with a status (cmdline_eval_halt.args), after a -run call; the second
%% -eval never runs.
-module(cmdline_eval_halt).
-export([main/0, hello/1]).

main() ->
    io:format("not reached~n").

hello(Args) ->
    io:format("hello ~p~n", [Args]).
