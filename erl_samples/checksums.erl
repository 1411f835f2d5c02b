%% erlang:crc32/1,2, crc32_combine/3, adler32/1,2, adler32_combine/3 on iodata, with the
%% BEAM's values and badarg cases.
-module(checksums).
-export([main/0]).

t(F) -> try F() catch C:R:S -> {C, R, element(4, hd(S))} end.

main() ->
    Data = [<<"hello ">>, "world", [$!, <<>>], <<1:8, 255:8>>],
    Big = binary:copy(<<"0123456789">>, 100000),
    io:format("~p~n", [[erlang:crc32(Data), erlang:crc32(<<>>), erlang:crc32(Big),
                        erlang:adler32(Data), erlang:adler32(<<>>), erlang:adler32(Big)]]),
    C1 = erlang:crc32(<<"hello ">>), C2 = erlang:crc32(<<"world">>),
    A1 = erlang:adler32(<<"hello ">>), A2 = erlang:adler32(<<"world">>),
    io:format("~p~n", [[erlang:crc32(C1, <<"world">>) =:= erlang:crc32(<<"hello world">>),
                        erlang:crc32_combine(C1, C2, 5) =:= erlang:crc32(<<"hello world">>),
                        erlang:adler32(A1, "world") =:= erlang:adler32(<<"hello world">>),
                        erlang:adler32_combine(A1, A2, 5) =:= erlang:adler32(<<"hello world">>),
                        erlang:crc32(0, <<>>), erlang:adler32(1, []),
                        erlang:crc32_combine(0, 0, 0), erlang:adler32_combine(1, 1, 0)]]),
    Bad = [fun() -> erlang:crc32(a) end,
           fun() -> erlang:crc32([1 | 2]) end,
           fun() -> erlang:crc32([256]) end,
           fun() -> erlang:crc32(<<1:3>>) end,
           fun() -> erlang:crc32(-1, <<>>) end,
           fun() -> erlang:crc32(1 bsl 32, <<>>) end,
           fun() -> erlang:crc32((1 bsl 32) - 1, <<"x">>) end,
           fun() -> erlang:crc32(a, <<>>) end,
           fun() -> erlang:adler32(1 bsl 32, <<>>) end,
           fun() -> erlang:adler32(x) end,
           fun() -> erlang:crc32_combine(1, 2, -1) end,
           fun() -> erlang:crc32_combine(1 bsl 32, 2, 1) end,
           fun() -> erlang:crc32_combine(1, 2, 1 bsl 64) end,
           fun() -> erlang:adler32_combine(1, 2, a) end,
           fun() -> erlang:adler32_combine(1, 2, 1 bsl 40) end],
    [io:format("~p~n", [t(F)]) || F <- Bad],
    ok.
