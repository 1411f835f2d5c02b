%% Record updates, which OTP 26+ compiles to update_record (opcode 181) with a `copy` or
%% `inplace` hint. The plain Erlang equivalent of asm_update_record.S: erl runs this file
%% (compiled by OTP 25 to setelement/set_tuple_element) to record the expected output,
%% Hamlet runs the .S.
-module(asm_update_record).
-export([main/0]).
%% Exported so that the compiler cannot specialise them for the calls in main/0.
-export([set_xy/3, set_label/2, set_all/5, swap_xy/1, bump/1, reset/1, count/2]).

-record(point, {x = 0, y = 0, z = 0, label = none}).
-record(counter, {name, count = 0, total = 0, last}).

main() ->
    P0 = #point{},
    P1 = set_xy(P0, 1, 2),
    P2 = set_label(P1, "first"),
    P3 = set_all(P2, -1, -2, -3, last),
    io:format("~p~n~p~n~p~n~p~n", [P0, P1, P2, P3]),
    %% The updates made new tuples: the old ones are unchanged.
    io:format("~p~n", [{P0#point.x, P1#point.label, P2#point.z}]),
    C = count(#counter{name = c}, lists:seq(1, 10)),
    io:format("~p~n", [C]),
    io:format("~p~n", [swap_xy(#point{x = a, y = b, z = c})]),
    io:format("~p~n", [bump(#point{x = 10, y = 20})]),
    io:format("~p~n", [reset(P3)]),
    try set_label({point, 1, 2}, x) of
        V -> io:format("returned ~p~n", [V])
    catch
        error:Reason -> io:format("raised ~p~n", [Reason])
    end,
    try set_xy(not_a_record, 1, 2) of
        V2 -> io:format("returned ~p~n", [V2])
    catch
        error:Reason2 -> io:format("raised ~p~n", [Reason2])
    end.

set_xy(P, X, Y) -> P#point{x = X, y = Y}.

set_label(P, L) -> P#point{label = L}.

set_all(P, X, Y, Z, L) -> P#point{label = L, z = Z, y = Y, x = X}.

swap_xy(#point{x = X, y = Y} = P) -> P#point{x = Y, y = X}.

bump(#point{x = X, y = Y} = P) -> P#point{x = X + 1, y = Y + 1, z = X + Y}.

reset(P) -> P#point{z = 0, label = reset}.

%% A loop that rebuilds its accumulator: OTP 26 marks such updates `inplace`.
count(C, []) -> C;
count(#counter{count = N, total = T} = C, [X | Xs]) ->
    count(C#counter{count = N + 1, total = T + X, last = X}, Xs).
