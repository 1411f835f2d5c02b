%% main/0 returns normally; `-s init stop` then stops the system: exit
%% status 0, nothing on stderr. The return value of main/0 is ignored.
-module(normal_return).
-export([main/0]).

main() ->
    io:format("hello from normal_return~n"),
    io:format("~s~n", ["last line"]),
    {some, return, value}.
