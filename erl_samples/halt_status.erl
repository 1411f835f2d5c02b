%% Prints some output, then calls halt(3): erl must flush stdout and exit
%% with status 3 (nothing on stderr).
-module(halt_status).
-export([main/0]).

main() ->
    io:format("before halt~n"),
    io:format("~p~n", [lists:seq(1, 5)]),
    io:put_chars(["no newline at the end"]),
    halt(3),
    io:format("never printed~n").
