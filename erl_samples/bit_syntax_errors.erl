%% Bit-syntax construction errors as OTP 25 reports them: badarg or system_limit with an
%% error_info cause {Segment, Type, What, Value} (What: type, size, short, unit, invalid,
%% no_float), size errors found before any value error, and the frame's file and line.
-module(bit_syntax_errors).
-export([main/0, id/1]).

id(X) -> X.

t(F) ->
    try F() of
        V -> {ok, V}
    catch
        C:R:S -> {C, R, hd(S)}
    end.

main() ->
    A = id(a), N = id(-1), B = id(<<1, 2, 3>>), Big = id(1 bsl 70), F = id(1.5),
    U = id(16#110000), Huge = id(1 bsl 1100), Bits = id(<<1:3>>), M = id(-5),
    Cases =
        [fun() -> <<A:8>> end,
         fun() -> <<1:N>> end,
         fun() -> <<B:4/binary>> end,
         fun() -> <<B/binary, A/binary>> end,
         fun() -> <<1:Big>> end,
         fun() -> <<A/float>> end,
         fun() -> <<F:A>> end,
         fun() -> <<U/utf8>> end,
         fun() -> <<A/utf16>> end,
         fun() -> <<1:A/unit:8>> end,
         fun() -> <<B:2/bits>> end,
         fun() -> <<F:(id(12))/float>> end,
         fun() -> <<(id(<<1:3>>))/binary>> end,
         fun() -> <<1:(id(1 bsl 59))>> end,
         fun() -> <<Huge/float>> end,
         fun() -> <<Huge:32/float>> end,
         fun() -> <<A/binary, 1>> end,
         fun() -> <<Bits/binary, 1>> end,
         fun() -> X = id(<<>>), <<X/binary, A>> end,
         fun() -> <<(id(16#D800))/utf32>> end,
         fun() -> <<1:8, (id(-1))/utf32, 2:M>> end,
         fun() -> <<(id(a)):8, 2:M>> end,
         fun() -> <<"abc", A:8>> end,
         fun() -> <<1:(id(1.5))>> end,
         fun() -> <<B:(id(-1))/binary>> end,
         fun() -> <<B:(id(1 bsl 60))/binary>> end,
         fun() -> <<B:(id(-(1 bsl 60)))/binary>> end,
         fun() -> <<(id(1.0)):(id(a))/float>> end,
         fun() -> <<(id(1.0)):(id(8))/float-unit:2>> end,
         fun() -> <<(id(1)):(id(7)), (id(2)):(id(9))/little-signed>> end],
    [io:format("~p~n", [t(C)]) || C <- Cases],
    %% in a guard, a failing construction just fails the guard
    G = fun(X) when byte_size(<<X:8>>) =:= 1 -> yes; (_) -> no end,
    io:format("~p ~p~n", [G(1), G(a)]).
