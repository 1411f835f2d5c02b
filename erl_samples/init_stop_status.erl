%% Calls init:stop(7): the system shuts down in an orderly way (output is
%% flushed, main/0 returns first) and erl exits with status 7.
-module(init_stop_status).
-export([main/0]).

main() ->
    io:format("calling init:stop(7)~n"),
    ok = init:stop(7),
    io:format("init:stop/1 returned, main continues~n"),
    done.
