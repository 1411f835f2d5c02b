%% Float arithmetic the compiler can prove is on floats: float registers (fmove, fconv)
%% and fadd, fsub, fmul, fdiv and fnegate, with the badarith of a division by zero and of
%% an overflow to infinity, as erts raises them from these instructions.
-module(float_regs).
-export([main/0]).

chain(X, Y) when is_float(X), is_float(Y) ->
    Z = X + Y,
    W = Z - X,
    V = Z * W / Y,
    {Z, W, V, -W}.

mixed(X, N) when is_float(X), is_integer(N) ->
    A = X * N,
    B = A - 0.5,
    {A, B, -B / X}.

poly([], _X, Acc) -> Acc;
poly([C | Cs], X, Acc) when is_float(X), is_float(Acc), is_float(C) ->
    poly(Cs, X, Acc * X + C).

main() ->
    io:format("~p~n", [chain(1.5, 0.25)]),
    io:format("~p~n", [catch chain(1.5, 0.0)]),
    io:format("~p~n", [catch chain(1.0e308, 1.0e308)]),
    io:format("~p~n", [mixed(2.5, 3)]),
    io:format("~p~n", [catch mixed(1.0e300, 1 bsl 1000)]),
    io:format("~p~n", [poly([1.0, -2.0, 0.5, 3.0], 1.5, 0.0)]),
    ok.
