%% Prints some lines, then raises an uncaught error.
%%
%% With the real erl, the "init terminating in do_boot" line that the
%% runtime writes straight to stdout races with io:format output that is
%% still being written by the standard_io port, so the two can come out in
%% either order (even interleaved). The sleep below gives the port time to
%% finish; the recorded expectation is: our lines first, then the
%% do_boot line. A correct implementation must produce exactly that order.
-module(uncaught_after_output).
-export([main/0]).

main() ->
    io:format("line one~n"),
    io:format("line two: ~p~n", [{1, 2, 3}]),
    timer:sleep(300),
    error({failed_after_output, 2}).
