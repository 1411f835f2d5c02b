%% What erts' loader does to operands: a binary tail size wider than 64 bits
%% (bs_test_tail2 with 2^64 bits loads and never matches) and map updates with literal keys,
%% whose pairs are sorted by key, so that of several missing keys the first in term order
%% (integers before floats) is the badkey.
-module(loader_operand_order).
-export([main/0]).

id(X) -> X.

huge_tail(<<B:8, _:16#1_0000_0000_0000_0000>>) -> B.
big_tail(<<B:8, _:16#1001>>) -> B.

show(Label, F) ->
    R = try F() catch C:E -> {C, E} end,
    io:format("~s: ~p~n", [Label, R]).

main() ->
    show("tail of 2^64 bits", fun() -> huge_tail(id(<<0:8, 0:200>>)) end),
    show("tail of 4097 bits", fun() -> big_tail(id(<<42, 0:16#1001>>)) end),
    M0 = id(#{<<"hi">> => 1, 1 => 2, 1.0 => 3, a => b}),
    show("two missing keys", fun() -> M0#{42.0 := v, 42 := v2} end),
    show("atom and integer", fun() -> M0#{zz := 1, 7 := 2} end),
    show("one present", fun() -> M0#{1.0 := v, 99 := w} end),
    Big = id(maps:from_list([{I, I} || I <- lists:seq(1, 40)])),
    show("large map", fun() -> Big#{42.0 := v, 42 := v2} end),
    show("assoc and exact", fun() -> M0#{b => 1, 42.0 := v, zz := 2} end),
    show("all present", fun() -> M0#{a := c, 1 := x, 1.0 := y} end),
    ok.
