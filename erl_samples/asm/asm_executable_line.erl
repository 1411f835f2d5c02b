%% executable_line (opcode 183), which OTP 27's compiler emits at the start of every
%% executable line with +line_coverage. It is a no-op unless coverage is on, so the
%% equivalent is this plain module: erl runs it to record the expected output, Hamlet runs
%% asm_executable_line.S (this module's OTP 25 assembly with executable_line instructions
%% added), and the stack trace locations must not move.
-module(asm_executable_line).
-export([main/0]).
-export([classify/1, total/1, fail_at/1]).

main() ->
    io:format("~p~n", [[classify(X) || X <- [-3, 0, 7, atom]]]),
    io:format("~p~n", [total(lists:seq(1, 100))]),
    try fail_at(deep) of
        V -> io:format("returned ~p~n", [V])
    catch
        error:Reason:Stack ->
            io:format("~p~n~p~n", [Reason, lists:sublist(Stack, 3)])
    end,
    ok.

classify(X) when is_integer(X), X < 0 ->
    negative;
classify(0) ->
    zero;
classify(X) when is_integer(X) ->
    Half = X div 2,
    {positive, Half};
classify(_) ->
    other.

total(L) ->
    total(L, 0).

total([], Acc) ->
    Acc;
total([X | Xs], Acc) ->
    total(Xs, Acc + X).

fail_at(deep) ->
    Result = step(1),
    {ok, Result};
fail_at(_) ->
    shallow.

step(N) ->
    X = N + 1,
    erlang:error({stopped_at, X}).
