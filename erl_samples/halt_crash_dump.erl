%% halt(Slogan) writes a crash dump where ERL_CRASH_DUMP names it (read when the VM halts,
%% so os:putenv/2 counts), says so on stderr, and ends with status 1.
-module(halt_crash_dump).
-export([main/0]).

main() ->
    true = os:putenv("ERL_CRASH_DUMP", "named_by_env.dump"),
    io:format("halting~n"),
    halt("the slogan").
