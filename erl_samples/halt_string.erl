%% Calls halt/1 with a string: erl writes a crash dump whose slogan is the
%% string, prints a message on stderr and exits with status 1.
%% (The crash dump file, erl_crash.dump, is written to the current
%% directory; tools/record-expected.sh runs erl in a scratch directory.)
-module(halt_string).
-export([main/0]).

main() ->
    io:format("halting with a slogan~n"),
    halt("custom slogan").
