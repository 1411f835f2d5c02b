%% erlang:phash/2 and erlang:phash2/1,2 of local funs: the fun's module, its entry in the
%% FunT chunk (index, old_uniq) and its free variables all count.
-module(fun_hashing).
-export([main/0]).
-compile({nowarn_deprecated_function, [{erlang, phash, 2}]}).

make_fun(A, B, C) -> fun(X) -> A + B + C + X end.
make_fun2(A) -> fun(X, Y) -> {A, X, Y} end.

funs() ->
    [{"no free vars 1", fun(_) -> 1 end},
     {"no free vars 2", fun(_) -> 2 end},
     {"free 1,2,3", make_fun(1, 2, 3)},
     {"free 1,2,3 again", make_fun(1, 2, 3)},
     {"free 1,2,4", make_fun(1, 2, 4)},
     {"free atom", make_fun2(a)},
     {"free list", make_fun2([1, 2, 3])},
     {"free tuple", make_fun2({x, <<"bin">>, 2.5})},
     {"free fun", make_fun2(make_fun2(b))},
     {"export", fun lists:map/2}].

main() ->
    [io:format("~-18s phash2=~w phash2/1000=~w phash/2^27=~w phash/2^32=~w~n",
               [L, erlang:phash2(F), erlang:phash2(F, 1000), erlang:phash(F, 16#7ffffff),
                erlang:phash(F, 1 bsl 32)])
     || {L, F} <- funs()],
    io:format("in a tuple: ~w ~w~n",
              [erlang:phash2({make_fun(1, 2, 3), x}), erlang:phash({make_fun(1, 2, 3), x}, 1 bsl 32)]),
    io:format("in a list: ~w ~w~n",
              [erlang:phash2([make_fun2(q)]), erlang:phash([make_fun2(q)], 1 bsl 32)]),
    M = maps:from_list([{make_fun2(I), I} || I <- lists:seq(1, 40)]),
    io:format("map of 40 fun keys: ~w ~w~n", [maps:size(M), erlang:phash2(M)]),
    ok.
