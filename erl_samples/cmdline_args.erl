%% The command line as init reads it: -s, -run and -eval run in command-line order (the
%% command line is in cmdline_args.args), user flags and their values, plain arguments
%% (before and after "--", and everything after -extra).
-module(cmdline_args).
-export([main/0, step/0, step/1, start/0, show/0]).

main() ->
    show().

step() ->
    io:format("step/0~n").

step(Args) ->
    io:format("step/1 ~p~n", [Args]).

start() ->
    io:format("start/0~n").

show() ->
    %% root, bindir, home and pa hold paths of the machine: only their presence is shown.
    Args = init:get_arguments(),
    io:format("flags: ~p~n", [[F || {F, _} <- Args]]),
    io:format("user flags: ~p~n",
              [[A || {F, _} = A <- Args, not lists:member(F, [root, bindir, home, pa])]]),
    io:format("foo: ~p~n", [init:get_argument(foo)]),
    io:format("empty: ~p~n", [init:get_argument(empty)]),
    io:format("noshell: ~p~n", [init:get_argument(noshell)]),
    io:format("progname: ~p~n", [init:get_argument(progname)]),
    io:format("missing: ~p~n", [init:get_argument(missing)]),
    io:format("plain: ~p~n", [init:get_plain_arguments()]).
