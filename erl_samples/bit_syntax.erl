%% Binary construction and matching with the bit syntax: sizes, units,
%% endianness, signedness, floats, utf8/16/32, sub-binaries, bit-level
%% matching, binary comprehensions, printing of binaries and bitstrings.
-module(bit_syntax).
-export([main/0]).

main() ->
    construct(),
    match(),
    bitlevel(),
    comprehensions(),
    printing(),
    conversions(),
    errors(),
    ok.

id(X) -> X.

construct() ->
    io:format("-- construct~n"),
    N = id(16#12345678),
    io:format("~w~n", [<<1, 2, 3>>]),
    io:format("~w~n", [<<N:32>>]),
    io:format("~w~n", [<<N:32/little>>]),
    io:format("~w~n", [<<N:32/big>>]),
    io:format("~w~n", [<<N:32/native-unsigned>> =:= <<N:32/little>>]),
    io:format("~w~n", [<<N:16>>]),
    io:format("~w~n", [<<(id(-1)):16/signed>>]),
    io:format("~w~n", [<<(id(-2)):24/little-signed>>]),
    io:format("~w~n", [<<(id(300)):8>>]),
    io:format("~w~n", [<<(id(1 bsl 70 + 5)):80>>]),
    io:format("~w~n", [<<(id(-(1 bsl 70))):80/little>>]),
    io:format("~w~n", [<<(id(1.5)):64/float>>]),
    io:format("~w~n", [<<(id(1.5)):32/float>>]),
    io:format("~w~n", [<<(id(-2.25)):64/float-little>>]),
    io:format("~w~n", [<<(id(100)):16/float>>]),
    io:format("~w~n", [<<"abc">>]),
    io:format("~w~n", [<<"abc", 0, "def">>]),
    io:format("~w~n", [<<(id(<<"xyz">>))/binary, "!">>]),
    io:format("~w~n", [<<(id(<<"xyz">>)):2/binary>>]),
    io:format("~w~n", [<<(id(5)):4, (id(3)):4>>]),
    io:format("~w~n", [<<(id(7)):3/unit:2>>]),
    io:format("~w~n", [<<(id(1)):1, (id(0)):1, (id(1)):1>>]),
    io:format("~w~n", [<<(id(<<1:3>>))/bitstring, (id(<<2:5>>))/bits>>]),
    io:format("~w~n", [<<"héllo"/utf8>>]),
    io:format("~w~n", [<<16#20AC/utf8, 16#1F600/utf8, $a/utf8>>]),
    io:format("~w~n", [<<16#20AC/utf16, 16#1F600/utf16>>]),
    io:format("~w~n", [<<16#20AC/utf16-little, 16#1F600/utf16-little>>]),
    io:format("~w~n", [<<16#20AC/utf32, 16#1F600/utf32-little>>]),
    io:format("~w~n", [<<"abc"/utf16>>]),
    io:format("~w~n", [<<>>]),
    Size = id(12),
    io:format("~w~n", [<<(id(4095)):Size, 0:4>>]),
    io:format("~w~n", [<<(id(16#ABCD)):Size/unit:1>>]),
    io:format("sizes ~w ~w ~w ~w~n", [byte_size(<<1, 2, 3>>), bit_size(<<1, 2, 3>>),
                                      byte_size(<<1:9>>), bit_size(<<1:9>>)]),
    io:format("append ~w~n", [lists:foldl(fun(X, Acc) -> <<Acc/binary, X>> end, <<>>, lists:seq(1, 10))]),
    io:format("append bits ~w~n", [lists:foldl(fun(X, Acc) -> <<Acc/bitstring, X:3>> end, <<>>, lists:seq(0, 7))]).

match() ->
    io:format("-- match~n"),
    Bin = <<16#12, 16#34, 16#56, 16#78, 16#9A, "rest of it">>,
    <<A:8, B:16, C:16/little, Rest/binary>> = Bin,
    io:format("~w ~w ~w ~p~n", [A, B, C, Rest]),
    <<S:16/signed, _/binary>> = <<16#FF, 16#FE>>,
    io:format("signed ~w~n", [S]),
    <<U:16/unsigned-little>> = <<16#FF, 16#FE>>,
    io:format("unsigned little ~w~n", [U]),
    <<F:64/float>> = <<(id(3.25)):64/float>>,
    <<F32:32/float>> = <<(id(0.1)):32/float>>,
    <<F16:16/float>> = <<(id(0.5)):16/float>>,
    io:format("floats ~p ~p ~p~n", [F, F32, F16]),
    <<Len:8, Payload:Len/binary, Tail/binary>> = <<5, "hello", "world">>,
    io:format("len ~w payload ~p tail ~p~n", [Len, Payload, Tail]),
    io:format("tlv ~p~n", [parse_tlv(<<1, 2, "hi", 2, 0, 3, 3, "abc">>)]),
    <<Ch/utf8, More/binary>> = <<"€uro"/utf8>>,
    io:format("utf8 ~w ~p~n", [Ch, More]),
    io:format("decode utf8 ~w~n", [[X || <<X/utf8>> <= <<"añ€😀"/utf8>>]]),
    <<W1/utf16, W2/utf16-little>> = <<16#1F600/utf16, 16#41/utf16-little>>,
    io:format("utf16 ~w ~w~n", [W1, W2]),
    <<X32/utf32>> = <<16#10FFFF:32>>,
    io:format("utf32 ~w~n", [X32]),
    io:format("words ~p~n", [split_words(<<"alpha beta  gamma">>, <<>>, [])]),
    case Bin of
        <<16#12, _:3/binary, Last:8, _/binary>> -> io:format("case match ~w~n", [Last]);
        _ -> io:format("no match~n")
    end,
    io:format("literal prefix ~p~n", [strip_prefix(<<"GET /index.html">>)]),
    io:format("literal prefix ~p~n", [strip_prefix(<<"POST /form">>)]),
    Big = <<(id(1 bsl 100)):128>>,
    <<BigVal:128>> = Big,
    io:format("big ~w ~w~n", [Big, BigVal]),
    <<NegBig:72/signed>> = <<255, 0, 0, 0, 0, 0, 0, 0, 1>>,
    io:format("neg big ~w~n", [NegBig]).

parse_tlv(<<>>) -> [];
parse_tlv(<<T:8, L:8, V:L/binary, R/binary>>) -> [{T, V} | parse_tlv(R)].

split_words(<<>>, <<>>, Acc) -> lists:reverse(Acc);
split_words(<<>>, W, Acc) -> lists:reverse([W | Acc]);
split_words(<<$\s, R/binary>>, <<>>, Acc) -> split_words(R, <<>>, Acc);
split_words(<<$\s, R/binary>>, W, Acc) -> split_words(R, <<>>, [W | Acc]);
split_words(<<C, R/binary>>, W, Acc) -> split_words(R, <<W/binary, C>>, Acc).

strip_prefix(<<"GET ", Path/binary>>) -> {get, Path};
strip_prefix(<<Other:4/binary, _/binary>>) -> {other, Other}.

bitlevel() ->
    io:format("-- bit level~n"),
    <<A:3, B:5, C:4, D:4>> = <<2#10110011, 2#01011100>>,
    io:format("~w ~w ~w ~w~n", [A, B, C, D]),
    Bits = <<2#101:3>>,
    io:format("~w ~w ~w~n", [Bits, bit_size(Bits), byte_size(Bits)]),
    <<X:1, Y:2, Z/bitstring>> = <<2#11010110:8, 1:1>>,
    io:format("~w ~w ~w~n", [X, Y, Z]),
    io:format("bits ~w~n", [[Bit || <<Bit:1>> <= <<16#A5>>]]),
    io:format("popcount ~w~n", [popcount(<<16#FFFF00FF:32>>, 0)]),
    Packed = << <<V:5>> || V <- [1, 2, 3, 4, 5, 31] >>,
    io:format("packed ~w size ~w~n", [Packed, bit_size(Packed)]),
    io:format("unpacked ~w~n", [[V || <<V:5>> <= Packed]]),
    io:format("is_bitstring ~w ~w is_binary ~w ~w~n",
              [is_bitstring(<<1:1>>), is_bitstring(<<1>>), is_binary(<<1:1>>), is_binary(<<1>>)]),
    <<_:4, Mid:8/bitstring, _:4>> = <<16#ABCD:16>>,
    io:format("mid ~w~n", [Mid]),
    io:format("bitstring_to_list ~w~n", [bitstring_to_list(<<1, 2, 3:4>>)]),
    io:format("list_to_bitstring ~w~n", [list_to_bitstring([1, <<2:3>>, [<<3>>]])]),
    io:format("reverse bits ~w~n", [rev_bits(<<2#1100000011:10>>)]).

popcount(<<>>, N) -> N;
popcount(<<B:1, R/bitstring>>, N) -> popcount(R, N + B).

rev_bits(Bits) -> << <<B:1>> || B <- lists:reverse([B || <<B:1>> <= Bits]) >>.

comprehensions() ->
    io:format("-- comprehensions~n"),
    io:format("~w~n", [<< <<(X * 2)>> || <<X>> <= <<1, 2, 3, 4>> >>]),
    io:format("~w~n", [<< <<X:16>> || X <- [1, 256, 65535] >>]),
    io:format("~w~n", [[{R, G, Bl} || <<R:8, G:8, Bl:8>> <= <<255, 0, 0, 0, 255, 0, 0, 0, 255>>]]),
    io:format("~p~n", [<< <<(C - 32)>> || <<C>> <= <<"shout">>, C >= $a, C =< $z >>]),
    io:format("~w~n", [<< <<X:4>> || X <- lists:seq(0, 15) >>]),
    io:format("~p~n", [<< <<B/binary, ",">> || B <- [<<"a">>, <<"bb">>, <<"ccc">>] >>]),
    io:format("~w~n", [[X || <<X:16/little>> <= <<1, 0, 2, 0, 3>>]]).

printing() ->
    io:format("-- printing~n"),
    Bs = [<<>>, <<"text">>, <<"with\nnewline">>, <<0, 1, 2>>, <<200, 201>>,
          <<"mixed", 0>>, <<1:1>>, <<5:3>>, <<"ab", 3:2>>, <<255, 1:7>>,
          <<"héllo"/utf8>>, <<"quote\"d">>, <<"back\\slash">>, list_to_binary(lists:seq(1, 40))],
    lists:foreach(fun(B) -> io:format("~p | ~w | ~tp~n", [B, B, B]) end, Bs),
    io:format("~s|~ts~n", [<<"plain">>, <<"plain">>]),
    io:format("~P~n", [list_to_binary(lists:seq($a, $z)), 5]),
    io:format("~W~n", [<<1, 2, 3, 4, 5, 6, 7, 8, 9, 10>>, 4]),
    io:format("~p~n", [[<<"list">>, <<"of">>, <<"binaries">>]]),
    io:format("~p~n", [list_to_binary(lists:duplicate(100, $x))]).

conversions() ->
    io:format("-- conversions~n"),
    io:format("~p~n", [binary_to_list(<<"abc">>)]),
    io:format("~p~n", [binary_to_list(<<"abcdef">>, 2, 4)]),
    io:format("~p~n", [list_to_binary([$a, [$b, <<"cd">>], [[]], <<>>, "ef"])]),
    io:format("~p~n", [iolist_to_binary([<<"x">>, [$y | <<"z">>]])]),
    io:format("~p~n", [iolist_size([<<"abc">>, [1, 2], 3])]),
    io:format("~p~n", [erlang:iolist_to_iovec([<<"a">>, "bc", [<<"d">>]])]),
    io:format("~p~n", [split_binary(<<"hello world">>, 5)]),
    io:format("~p~n", [binary_part(<<"hello world">>, 6, 5)]),
    io:format("~p~n", [binary_part(<<"hello world">>, {11, -5})]),
    io:format("~p~n", [term_to_binary(<<"tb">>) =:= term_to_binary(<<"tb">>)]),
    io:format("~p~n", [integer_to_binary(255, 16)]),
    io:format("~p~n", [binary:list_to_bin("xyz")]).

errors() ->
    io:format("-- errors~n"),
    Tests = [{"bad size", fun() -> <<(id(1)):(id(-1))>> end},
             {"float as int", fun() -> <<(id(1.5)):8>> end},
             {"atom in bin", fun() -> <<(id(a))>> end},
             {"binary too short", fun() -> <<(id(<<1>>)):2/binary>> end},
             {"bad utf8 cp", fun() -> <<(id(16#110000))/utf8>> end},
             {"surrogate", fun() -> <<(id(16#D800))/utf8>> end},
             {"bits as binary", fun() -> <<(id(<<1:1>>))/binary>> end},
             {"match fail", fun() -> <<_:8, _:8>> = id(<<1>>) end},
             {"list_to_binary", fun() -> list_to_binary(id([256])) end},
             {"binary_to_list", fun() -> binary_to_list(id(<<1:1>>)) end},
             {"binary_part", fun() -> binary_part(id(<<"abc">>), 2, 5) end},
             {"float size 24", fun() -> <<(id(1.0)):(id(24))/float>> end}],
    lists:foreach(
      fun({Label, F}) ->
              Res = try F() of V -> {ok, V} catch C:R -> {C, R} end,
              io:format("~-18s -> ~p~n", [Label, Res])
      end, Tests).
