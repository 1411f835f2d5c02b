%% The bit syntax matches that OTP 26+ compiles to bs_match (opcode 182). This module is the
%% plain Erlang equivalent of asm_bs_match.S: erl runs this file (compiled by OTP 25 to
%% bs_get_* instructions) to record the expected output, Hamlet runs the .S.
-module(asm_bs_match).
-export([main/0]).

main() ->
    show(three_ints, fun three_ints/1,
         [<<1, 2, 3, 4, 5, 6, 7>>, <<255, 255, 255, 255, 255, 255, 255>>,
          <<1, 2, 3, 4, 5, 6>>, <<1, 2, 3, 4, 5, 6, 7, 8>>, <<1, 2, 3, 4, 5, 6, 7, 8:4>>, atom]),
    show(little_signed, fun little_signed/1,
         [<<1, 2, 3, 4, 5, 6, 7, 8, 9, 10>>, <<255, 255, 255, 255, 255, 128, 128, 0, 0, 1>>,
          <<0, 128, 0, 0, 0, 128, 127, 255, 255, 255>>]),
    show(big_ints, fun big_ints/1,
         [<<16#0123456789ABCDEF:64, -5:72, 16#FEDCBA9876543210FEDCBA987:100/little>>,
          <<(1 bsl 64 - 1):64, (1 bsl 71):72, 1:100/little>>,
          <<0:235>>]),
    show(odd_sizes, fun odd_sizes/1,
         [<<2#10110011, 2#11111111>>, <<2#01010101, 2#00000001, 2#101:3>>,
          <<1, 2, 3, 4>>, <<1:15>>]),
    show(header, fun header/1,
         [<<7, 3:16, "abcdef">>, <<7, 0:16>>, <<7, 9:16, "short">>, <<7, 0:16, 1:4>>]),
    show(fixed_bin, fun fixed_bin/1,
         [<<"abcdefg">>, <<"abc", 16#F:4, "xyz">>, <<"abc", 1:4>>, <<"ab">>]),
    show(skipping, fun skipping/1,
         [<<1, 2, 16#3F>>, <<0, 255, 16#A5>>, <<1, 2>>, <<1, 2, 3, 4>>]),
    show(magic, fun magic/1,
         [<<"PNG", 2, "rest">>, <<"PNG", 9>>, <<"PNX", 2>>, <<"GIF", 1>>, <<"PN">>]),
    show(hamlet, fun hamlet/1,
         [<<"HAMLET", 1, 2>>, <<"HAMLET">>, <<"HAMLEX", 1>>, <<"hAMLET", 1>>, <<"HAMLET", 1:1>>]),
    show(middle_literal, fun middle_literal/1,
         [<<1, 16#AB, 16#CD, 2>>, <<1, 16#AB, 16#CE, 2>>, <<1, 16#AB, 16#CD>>]),
    show(units, fun units/1,
         [<<1, 2, 3, 4:4>>, <<1, 2, 3, 4:4, "rest">>, <<1, 2, 3, 5:5>>, <<1, 2, 3>>]),
    show(multi, fun multi/1,
         [<<1, 42>>, <<2, 1, 2>>, <<3, 4, 5>>, <<1, 2, 3>>, <<2, 1>>, <<1>>, <<>>, <<9:4>>]),
    show(sum, fun(B) -> sum(B, 0) end,
         [<<1, 2, 3, 4, 5>>, <<>>, list_to_binary(lists:seq(1, 200)), <<1, 2:4>>]),
    show(float_then_ints, fun float_then_ints/1,
         [<<1.5:64/float, 7:8, 9:8>>, <<1.5:32/float, 7:8>>]),
    show(signed_bits, fun signed_bits/1,
         [<<2#1011:4, 2#0111:4>>, <<2#0000:4, 2#1000:4>>]),
    show(lax, fun lax/1, [<<7, 8, 9>>, <<7>>, <<>>, <<7:7>>]),
    %% No clause: the failed bs_match must leave the argument as it was.
    try signed_bits(<<1, 2>>) of
        V -> io:format("signed_bits(<<1,2>>) returned ~p~n", [V])
    catch
        error:Reason:Stack -> io:format("signed_bits(<<1,2>>) raised ~p at ~p~n", [Reason, hd(Stack)])
    end.

show(Name, F, Inputs) ->
    [io:format("~p(~p) -> ~p~n", [Name, I, F(I)]) || I <- Inputs],
    ok.

three_ints(<<A:8, B:16, C:32>>) -> {A, B, C};
three_ints(_) -> nomatch.

little_signed(<<A:16/little-signed, B:32/native, C:8/signed, D:24/signed-big>>) -> {A, B, C, D};
little_signed(_) -> nomatch.

big_ints(<<A:64, B:72/signed, C:100/little>>) -> {A, B, C};
big_ints(_) -> nomatch.

odd_sizes(<<A:3, B:5, C:1, D:7/little, Rest/bits>>) -> {A, B, C, D, Rest};
odd_sizes(_) -> nomatch.

header(<<Tag:8, Len:16, Payload:Len/binary, Rest/binary>>) -> {Tag, Payload, Rest};
header(_) -> nomatch.

fixed_bin(<<A:3/binary, B:4/bits, C/binary>>) -> {A, B, C};
fixed_bin(_) -> nomatch.

skipping(<<_:8, X:8, _:4, Y:4>>) -> {X, Y};
skipping(_) -> nomatch.

magic(<<"PNG", V:8, _/binary>>) -> {png, V};
magic(_) -> nomatch.

hamlet(<<"HAMLET", Rest/binary>>) -> {hamlet, Rest};
hamlet(_) -> nomatch.

middle_literal(<<A:8, 16#ABCD:16, B:8>>) -> {A, B};
middle_literal(_) -> nomatch.

units(<<A:2/unit:8, B:3/integer-unit:4, Rest/binary>>) -> {A, B, Rest};
units(_) -> nomatch.

multi(<<1, X:8>>) -> {one, X};
multi(<<2, X:16/little>>) -> {two, X};
multi(<<X:8, _/binary>>) -> {other, X};
multi(_) -> none.

sum(<<X:8, Rest/binary>>, Acc) -> sum(Rest, Acc + X);
sum(<<>>, Acc) -> Acc;
sum(_, Acc) -> {bad_tail, Acc}.

float_then_ints(<<F:64/float, A:8, B:8>>) -> {F, A, B};
float_then_ints(_) -> nomatch.

signed_bits(<<A:4/signed, B:4/signed>>) -> {A, B}.

%% In asm_bs_match.S this bs_match has no ensure (no compiler emits that): the loader adds
%% the one it needs, which fails to the clause's fail label on short input.
lax(<<X:8, Rest/bits>>) -> {X, Rest};
lax(_) -> nomatch.
