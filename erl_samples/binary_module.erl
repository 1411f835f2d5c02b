%% The binary module and related BIFs.
-module(binary_module).
-export([main/0]).

main() ->
    Text = <<"the quick brown fox jumps over the lazy dog">>,
    show("split", binary:split(Text, <<" ">>)),
    show("split global", binary:split(Text, <<" ">>, [global])),
    show("split multi", binary:split(<<"a,b;c,d">>, [<<",">>, <<";">>], [global])),
    show("split trim", binary:split(<<",a,,b,,">>, <<",">>, [global, trim])),
    show("split trim_all", binary:split(<<",a,,b,,">>, <<",">>, [global, trim_all])),
    show("split scope", binary:split(Text, <<" ">>, [{scope, {10, 20}}, global])),
    show("split none", binary:split(<<"abc">>, <<"x">>)),
    show("replace", binary:replace(Text, <<"the">>, <<"THE">>)),
    show("replace global", binary:replace(Text, <<"o">>, <<"0">>, [global])),
    show("replace insert", binary:replace(<<"abcabc">>, <<"b">>, <<"[]">>,
                                          [global, {insert_replaced, 1}])),
    show("match", binary:match(Text, <<"fox">>)),
    show("match multi", binary:match(Text, [<<"dog">>, <<"quick">>])),
    show("match none", binary:match(Text, <<"cat">>)),
    show("match scope", binary:match(Text, <<"the">>, [{scope, {1, 42}}])),
    show("matches", binary:matches(Text, <<"o">>)),
    show("matches multi", binary:matches(Text, [<<"the">>, <<"he">>, <<"o">>])),
    show("part", binary:part(Text, 4, 5)),
    show("part neg", binary:part(Text, {43, -3})),
    show("copy", binary:copy(<<"ab">>, 4)),
    show("copy 0", binary:copy(<<"ab">>, 0)),
    show("decode_unsigned", binary:decode_unsigned(<<1, 0>>)),
    show("decode_unsigned little", binary:decode_unsigned(<<1, 0>>, little)),
    show("decode_unsigned big", binary:decode_unsigned(<<255, 255, 255, 255, 255, 255, 255, 255, 255>>)),
    show("encode_unsigned", binary:encode_unsigned(65536)),
    show("encode_unsigned little", binary:encode_unsigned(65536, little)),
    show("encode_unsigned 0", binary:encode_unsigned(0)),
    show("encode_unsigned big", binary:encode_unsigned(1 bsl 100)),
    show("first", binary:first(Text)),
    show("last", binary:last(Text)),
    show("at", binary:at(Text, 4)),
    show("bin_to_list", binary:bin_to_list(<<"hello">>)),
    show("bin_to_list part", binary:bin_to_list(<<"hello">>, 1, 3)),
    show("bin_to_list tuple", binary:bin_to_list(<<"hello">>, {2, 3})),
    show("list_to_bin", binary:list_to_bin([<<"a">>, "b", [$c]])),
    show("longest_common_prefix", binary:longest_common_prefix([<<"interstellar">>, <<"internet">>, <<"interval">>])),
    show("longest_common_prefix none", binary:longest_common_prefix([<<"abc">>, <<"xyz">>])),
    show("longest_common_suffix", binary:longest_common_suffix([<<"running">>, <<"jumping">>])),
    show("compile_pattern match", binary:match(Text, binary:compile_pattern([<<"lazy">>, <<"over">>]))),
    show("encode_hex", binary:encode_hex(<<1, 171, 255, 16>>)),
    show("decode_hex", binary:decode_hex(<<"01abFF10">>)),
    show("split empty", binary:split(<<>>, <<",">>)),
    show("iolist_to_binary", iolist_to_binary(["a", [<<"b">>, $c], <<>>, [[[$d]]]])),
    show("list_to_binary", list_to_binary([0, 255, "x", <<1, 2>>])),
    show("byte_size", byte_size(Text)),
    show("bit_size", bit_size(Text)),
    show("binary:part big", byte_size(binary:part(binary:copy(<<"0123456789">>, 1000), 100, 5000))),
    show("string:split bin", string:split(<<"k=v=w">>, "=")),
    show("join", join([<<"x">>, <<"y">>, <<"z">>], <<"--">>)),
    Errs = [{"part out of range", fun() -> binary:part(<<"abc">>, 2, 5) end},
            {"at out of range", fun() -> binary:at(<<"abc">>, 3) end},
            {"first empty", fun() -> binary:first(<<>>) end},
            {"split empty pattern", fun() -> binary:split(<<"abc">>, <<>>) end},
            {"copy negative", fun() -> binary:copy(<<"a">>, -1) end},
            {"decode_hex odd", fun() -> binary:decode_hex(<<"abc">>) end}],
    lists:foreach(
      fun({Label, F}) ->
              Res = try F() of V -> {ok, V} catch C:R -> {C, R} end,
              io:format("~-22s -> ~p~n", [Label, Res])
      end, Errs),
    ok.

join([], _) -> <<>>;
join([H | T], Sep) -> lists:foldl(fun(B, Acc) -> <<Acc/binary, Sep/binary, B/binary>> end, H, T).

show(Label, Value) ->
    io:format("~-28s ~p~n", [Label, Value]).
