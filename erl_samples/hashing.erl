%% erlang:phash2/1,2 and erlang:phash/2 over many kinds of terms.
-module(hashing).
-export([main/0]).
-compile({nowarn_deprecated_function, [{erlang, phash, 2}]}).

terms() ->
    [0, 1, -1, 42, 255, 256, 65535, 1 bsl 27, (1 bsl 27) - 1, 1 bsl 31, 1 bsl 32,
     1 bsl 59, 1 bsl 60, 1 bsl 63, 1 bsl 64, -(1 bsl 64), 1 bsl 200,
     123456789012345678901234567890,
     0.0, 1.0, -1.0, 0.5, 3.14159, 1.0e100, -2.5e-10,
     a, abc, 'hello world', true, false, '', 'é',
     {}, {a}, {a, b}, {1, 2, 3}, {{nested}, [list]},
     [], [a], [1, 2, 3], "hello", "hello world", [a | b], [[], [[]]],
     <<>>, <<0>>, <<1, 2, 3>>, <<"hello">>, <<1:1>>, <<255, 3:2>>, list_to_binary(lists:seq(0, 255)),
     #{}, #{a => 1}, #{a => 1, b => 2}, #{b => 2, a => 1}, #{1 => x, 1.0 => y},
     maps:from_list([{I, I} || I <- lists:seq(1, 40)]),
     fun lists:map/2,
     lists:seq(1, 1000)].

main() ->
    lists:foreach(
      fun(T) ->
              io:format("~-40s phash2=~w phash2/2^16=~w phash2/7=~w phash/2^32=~w phash/100=~w~n",
                        [label(T), erlang:phash2(T), erlang:phash2(T, 1 bsl 16),
                         erlang:phash2(T, 7), erlang:phash(T, 1 bsl 32), erlang:phash(T, 100)])
      end, terms()),
    io:format("equal terms hash equal: ~w~n",
              [erlang:phash2(#{a => 1, b => 2}) =:= erlang:phash2(#{b => 2, a => 1})]),
    io:format("1 vs 1.0: ~w ~w~n", [erlang:phash2(1), erlang:phash2(1.0)]),
    io:format("phash2 range 1: ~w~n", [erlang:phash2(anything, 1)]),
    io:format("phash2 max range: ~w~n", [erlang:phash2(anything, 1 bsl 32)]),
    io:format("buckets: ~w~n", [buckets(10)]),
    R = try erlang:phash2(x, 0) catch C:E -> {C, E} end,
    io:format("range 0: ~w~n", [R]),
    R2 = try erlang:phash(x, 1 bsl 33) catch C2:E2 -> {C2, E2} end,
    io:format("phash range too big: ~w~n", [R2]),
    ok.

buckets(N) ->
    Counts = lists:foldl(fun(I, Acc) ->
                                 B = erlang:phash2(I, N),
                                 setelement(B + 1, Acc, element(B + 1, Acc) + 1)
                         end, erlang:make_tuple(N, 0), lists:seq(1, 10000)),
    tuple_to_list(Counts).

label(T) when is_function(T) -> "fun lists:map/2";
label(T) ->
    S = lists:flatten(io_lib:format("~w", [T])),
    case length(S) > 38 of
        true -> lists:sublist(S, 35) ++ "...";
        false -> S
    end.
