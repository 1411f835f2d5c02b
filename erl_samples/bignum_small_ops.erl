%% Bignum times, div and rem with a small operand (the emulator's short-bignum path) and
%% with long bignums (the general path): values, signs, zero results and badarith.
-module(bignum_small_ops).
-export([main/0]).

main() ->
    Ns = [0, 1, -1, 7, -7, 10, -10, 576460752303423487, -576460752303423488,
          1 bsl 58, -(1 bsl 58)],
    Bs = [1 bsl 64, -(1 bsl 64), (1 bsl 64) - 1, 1 bsl 60, -(1 bsl 60), 1 bsl 59,
          -(1 bsl 59) - 1, 123456789012345678901234567890,
          -98765432109876543210987654321098765432109876543210, 1 bsl 2100,
          (1 bsl 4000) - 3],
    R = [{B * N, N * B, try B div N catch error:E1 -> E1 end, try B rem N catch error:E2 -> E2 end}
         || B <- Bs, N <- Ns],
    io:format("~p~n", [erlang:md5(term_to_binary(R))]),
    io:format("~p~n", [[{B div N, B rem N} || B <- lists:sublist(Bs, 9), N <- Ns, N =/= 0]]),
    io:format("~p~n", [[B * N || B <- lists:sublist(Bs, 9), N <- Ns]]),
    io:format("~p~n", [sum_digits(fact(60, 1), 0)]).

fact(0, Acc) -> Acc;
fact(N, Acc) -> fact(N - 1, Acc * N).

sum_digits(0, S) -> S;
sum_digits(X, S) -> sum_digits(X div 10, S + X rem 10).
