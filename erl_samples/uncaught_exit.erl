%% main/0 calls exit/1 with a non-normal reason: as uncaught_error.erl but
%% the reason is reported without a stack trace. Status 1. Nothing is
%% printed before the exit, to keep stdout ordering deterministic.
-module(uncaught_exit).
-export([main/0]).

main() ->
    exit({shutdown_requested, 42}).
