%% Prints some output, then calls erlang:halt(0): exit status 0 and the
%% `-s init stop` that follows on the command line never runs.
-module(halt_zero).
-export([main/0]).

main() ->
    io:format("about to halt with 0~n"),
    erlang:halt(0),
    io:format("never printed~n").
