%% Binary construction as erlc 24 compiled it (-compile(r24): bs_init2, bs_init_bits,
%% bs_put_*, bs_append, bs_private_append and the utf size instructions instead of OTP 25's
%% bs_create_bin), and utf16/utf32 segments skipped in matches.
-module(erlc24_bits).
-compile(r24).
-export([main/0]).

build(F, I, C16, C32, Bits) ->
    <<F/float, (F * 2.0):32/float-little, I:13, C16/utf16, C32/utf32, C16/utf16-little,
      C32/utf32-little, C16/utf8, Bits/bitstring>>.

bits(N) -> <<N:3, 1:1>>.

append_loop(0, Acc) -> Acc;
append_loop(N, Acc) -> append_loop(N - 1, <<Acc/binary, N:8>>).

bit_loop(0, Acc) -> Acc;
bit_loop(N, Acc) -> bit_loop(N - 1, <<Acc/bitstring, (N rem 2):1>>).

comprehension(L) -> << <<X:8, (X * 2):4>> || X <- L >>.

skip_utf16(<<_/utf16, Rest/binary>>) -> Rest.
skip_utf32(<<_/utf32-little, Rest/binary>>) -> Rest.
skip_all(<<_/utf16, _/utf32, Rest/binary>>) -> {ok, Rest};
skip_all(_) -> none.

main() ->
    io:format("~p~n", [build(2.5, 4097, 16#10437, 16#1F600, bits(5))]),
    io:format("~p~n", [[catch build(F, I, A, B, <<>>) || {F, I, A, B} <- [{x, 1, 65, 66}, {1.0, y, 65, 66}, {1.0, 1, 16#D800, 66}, {1.0, 1, 65, -1}]]]),
    io:format("~p~n", [append_loop(10, <<>>)]),
    io:format("~p~n", [bit_loop(11, <<1:1>>)]),
    io:format("~p~n", [comprehension([1, 2, 3])]),
    io:format("~p~n", [skip_utf16(<<16#D801:16, 16#DC37:16, "rest">>)]),
    io:format("~p~n", [skip_utf32(<<16#1F600:32/little, "rest">>)]),
    io:format("~p~n", [[skip_all(B) || B <- [<<0, 65, 0, 0, 0, 66, 7>>, <<16#DC00:16, 0:32>>, <<0, 65, 16#110000:32>>]]]),
    ok.
