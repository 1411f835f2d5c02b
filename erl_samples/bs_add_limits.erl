%% OTP 24 code (bs_add computes a construction's size): two non-negative sizes whose sum is
%% too large (a bignum among them) are system_limit, a negative or non-integer one badarg.
-module(bs_add_limits).
-export([main/0]).
-compile(r24).

build(N, M) -> <<0:N, 1:M>>.

main() ->
    [io:format("~w ~w: ~w~n", [N, M, try bit_size(build(N, M)) catch C:E -> {C, E} end])
     || {N, M} <- [{8, 8}, {1 bsl 64, 8}, {8, 1 bsl 64}, {-(1 bsl 64), 8}, {1 bsl 64, -1},
                   {(1 bsl 59), 1}, {a, 8}, {8, -1}]],
    ok.
