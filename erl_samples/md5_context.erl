%% erlang:md5_init/0, md5_update/2 and md5_final/1: the context binaries themselves (erts'
%% context layout, byte for byte), digests equal to erlang:md5/1 for data split in every way
%% around the 64-byte block size, and badarg for bad contexts and data.
-module(md5_context).
-export([main/0]).

main() ->
    C0 = erlang:md5_init(),
    io:format("init: ~p~n", [C0]),
    C1 = erlang:md5_update(C0, "abc"),
    io:format("after abc: ~p~n", [C1]),
    io:format("final: ~p~n", [erlang:md5_final(C1)]),
    io:format("empty: ~p~n", [erlang:md5_final(C0)]),
    %% Stale bytes in the buffer: a block and a bit, then a short tail.
    C2 = erlang:md5_update(erlang:md5_update(C0, lists:seq(1, 70)), <<"xy">>),
    io:format("buffer after 72 bytes: ~p~n", [C2]),
    Data = list_to_binary([I rem 251 || I <- lists:seq(1, 1000)]),
    Splits = [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 500, 999, 1000],
    Same = [erlang:md5_final(erlang:md5_update(erlang:md5_update(C0, binary:part(Data, 0, N)),
                                               binary:part(Data, N, 1000 - N)))
            =:= erlang:md5(Data) || N <- Splits],
    io:format("split digests equal md5/1: ~p~n", [Same]),
    Ctx = lists:foldl(fun(B, C) -> erlang:md5_update(C, [B, [<<"-">>]]) end, C0,
                      [<<"one">>, "two", [$t, <<"hree">>]]),
    io:format("iodata: ~p ~p~n", [Ctx, erlang:md5_final(Ctx)]),
    Bad = [{md5_update, [<<1, 2, 3>>, "a"]}, {md5_update, [C0, [a]]}, {md5_update, [C0, 1]},
           {md5_update, [binary:part(<<0, C0/binary>>, 1, 87), "a"]},
           {md5_update, [<<C0/binary, 0>>, "a"]}, {md5_update, [<<C0/binary, 0:3>>, "a"]},
           {md5_update, [list_to_tuple([C0]), "a"]}, {md5_final, [<<1, 2>>]},
           {md5_final, [binary_to_list(C0)]}, {md5_final, [<<C0/binary, 1:1>>]}],
    [io:format("~p: ~p~n", [F, catch apply(erlang, F, A)]) || {F, A} <- Bad],
    %% A context taken from a larger binary (an unaligned sub-binary) works.
    <<_:3, Sub:88/binary, _:5>> = <<0:3, C1/binary, 0:5>>,
    io:format("sub-binary context: ~p~n", [erlang:md5_final(Sub)]),
    ok.
