%% main/0 raises an uncaught error (a badmatch two calls deep).
%%
%% Observed with OTP 25: because `-s` runs main/0 inside the init process
%% during boot, erl prints on stdout (via erlang:display, "\r\n" ending)
%%   {"init terminating in do_boot",{Reason,Stacktrace}}
%% and on stderr the halt slogan, with nested terms abbreviated to depth
%% (e.g. [_] and {_}), an empty line, and the crash dump notice:
%%   init terminating in do_boot ({...})\r\n\r\n
%%   Crash dump is being written to: erl_crash.dump...done\r\n
%% and exits with status 1. No pid appears in the output.
%%
%% This sample deliberately prints nothing before crashing: the display
%% line is written directly by the runtime and races with earlier
%% io:format output still on its way through the io server/port, so the
%% order of stdout lines would not be deterministic (see
%% uncaught_after_output.erl).
-module(uncaught_error).
-export([main/0]).

main() ->
    Data = lists:seq(1, 3),
    compute(Data).

compute(L) ->
    Sum = lists:sum(L),
    {ok, Value} = check(Sum),
    Value.

check(6) -> {error, {unexpected_sum, 6, "text", <<"bin">>, [a, {b, [c]}]}};
check(N) -> {ok, N}.
