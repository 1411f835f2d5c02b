%% List operations: ++ and --, BIFs and the lists module, comprehensions.
-module(lists_ops).
-export([main/0]).

main() ->
    basics(),
    lists_module(),
    comprehensions(),
    errors(),
    ok.

show(Label, Value) ->
    io:format("~-22s ~p~n", [Label, Value]).

basics() ->
    io:format("-- basics~n"),
    L = [5, 3, 8, 1, 9, 2, 7],
    show("++", L ++ [10, 11]),
    show("++ empty", [] ++ L),
    show("++ improper", [1, 2] ++ tail),
    show("--", L -- [3, 9, 42]),
    show("-- dups", [a, b, a, c, a] -- [a, a]),
    show("-- all", L -- L),
    show("length", length(L)),
    show("hd/tl", {hd(L), tl(L)}),
    show("cons", [0 | L]),
    show("improper", [1, 2 | 3]),
    show("string ++", "abc" ++ "def"),
    show("nested", [[1, [2, [3, [4]]]], []]),
    show("is_list", {is_list([]), is_list([1 | 2]), is_list("x"), is_list(<<>>)}),
    show("list_to_tuple", list_to_tuple(L)),
    show("tuple_to_list", tuple_to_list({a, b, c})),
    show("lists:member", {lists:member(8, L), lists:member(4, L)}),
    show("erlang:length big", length(lists:seq(1, 100000))).

lists_module() ->
    io:format("-- lists module~n"),
    L = [5, 3, 8, 1, 9, 2, 7],
    show("reverse", lists:reverse(L)),
    show("reverse/2", lists:reverse([1, 2, 3], [4, 5])),
    show("append/2", lists:append([1, 2], [3])),
    show("append/1", lists:append([[1], [2, 3], [], [4]])),
    show("map", lists:map(fun(X) -> X * X end, L)),
    show("foldl", lists:foldl(fun(X, Acc) -> [X | Acc] end, [], L)),
    show("foldr", lists:foldr(fun(X, Acc) -> [X | Acc] end, [], L)),
    show("foldl sum", lists:foldl(fun erlang:'+'/2, 0, L)),
    show("filter", lists:filter(fun(X) -> X rem 2 =:= 1 end, L)),
    show("filtermap", lists:filtermap(fun(X) when X > 5 -> {true, X * 10};
                                         (X) -> X =:= 1 end, L)),
    show("zip", lists:zip([a, b, c], [1, 2, 3])),
    show("unzip", lists:unzip([{a, 1}, {b, 2}, {c, 3}])),
    show("zip3", lists:zip3([a, b], [1, 2], ["x", "y"])),
    show("zipwith", lists:zipwith(fun(A, B) -> A * B end, [1, 2, 3], [4, 5, 6])),
    show("seq", lists:seq(1, 10)),
    show("seq step", lists:seq(10, 1, -3)),
    show("seq empty", lists:seq(5, 4)),
    show("nth", lists:nth(3, L)),
    show("nthtail", lists:nthtail(4, L)),
    show("last", lists:last(L)),
    show("droplast", lists:droplast(L)),
    KL = [{b, 2, x}, {a, 1, y}, {c, 3, z}, {a, 4, w}],
    show("keyfind", lists:keyfind(a, 1, KL)),
    show("keyfind miss", lists:keyfind(q, 1, KL)),
    show("keyfind pos2", lists:keyfind(3, 2, KL)),
    show("keysort 1", lists:keysort(1, KL)),
    show("keysort 3", lists:keysort(3, KL)),
    show("keydelete", lists:keydelete(a, 1, KL)),
    show("keyreplace", lists:keyreplace(c, 1, KL, {c, 33, zz})),
    show("keystore", lists:keystore(d, 1, KL, {d, 0, v})),
    show("keytake", lists:keytake(b, 1, KL)),
    show("keymember", lists:keymember(z, 3, KL)),
    show("sort", lists:sort(L)),
    show("sort/2 desc", lists:sort(fun(A, B) -> A >= B end, L)),
    show("usort", lists:usort([3, 1, 2, 3, 1, 2, 2])),
    show("merge", lists:merge([1, 4, 7], [2, 3, 9])),
    show("umerge", lists:umerge([1, 2, 5], [2, 3, 5])),
    show("flatten", lists:flatten([1, [2, [3, [4, []]], 5], [[[6]]]])),
    show("flatten/2", lists:flatten([a, [b]], [c])),
    show("flatlength", lists:flatlength([1, [2, [3]], 4])),
    show("split", lists:split(3, L)),
    show("splitwith", lists:splitwith(fun(X) -> X > 2 end, L)),
    show("partition", lists:partition(fun(X) -> X > 4 end, L)),
    show("sublist/2", lists:sublist(L, 3)),
    show("sublist/3", lists:sublist(L, 2, 4)),
    show("sublist over", lists:sublist(L, 5, 100)),
    show("duplicate", lists:duplicate(4, xy)),
    show("sum", lists:sum(L)),
    show("sum mixed", lists:sum([1, 2.5, 1 bsl 65])),
    show("max", lists:max(L)),
    show("min", lists:min([b, 3, "z", a])),
    show("all/any", {lists:all(fun is_integer/1, L), lists:any(fun(X) -> X > 8 end, L)}),
    show("takewhile", lists:takewhile(fun(X) -> X > 2 end, L)),
    show("dropwhile", lists:dropwhile(fun(X) -> X > 2 end, L)),
    show("delete", lists:delete(8, L)),
    show("subtract", lists:subtract(L, [1, 2])),
    show("prefix/suffix", {lists:prefix([5, 3], L), lists:suffix([2, 7], L)}),
    show("mapfoldl", lists:mapfoldl(fun(X, S) -> {X + S, X + S} end, 0, L)),
    show("foreach", lists:foreach(fun(_) -> ok end, L)),
    show("enumerate", lists:enumerate([a, b, c])),
    show("join", lists:join(", ", ["a", "b", "c"])),
    show("concat", lists:concat([abc, "def", 12, 3.5])),
    show("ukeysort", lists:ukeysort(1, KL)),
    show("sort tuples", lists:sort([{2, a}, {1, b}, {2, 0}, {1, a}])),
    show("search", lists:search(fun(X) -> X > 7 end, L)),
    show("uniq", lists:uniq([3, 1, 3, 2, 1])),
    show("reverse long", lists:sublist(lists:reverse(lists:seq(1, 50000)), 3)),
    show("sort long", lists:sum(lists:sort([(X * 7919) rem 10007 || X <- lists:seq(1, 20000)]))).

comprehensions() ->
    io:format("-- comprehensions~n"),
    show("squares", [X * X || X <- lists:seq(1, 10)]),
    show("filter", [X || X <- lists:seq(1, 20), X rem 3 =:= 0]),
    show("cartesian", [{X, Y} || X <- [1, 2, 3], Y <- [a, b]]),
    show("dependent", [{X, Y} || X <- lists:seq(1, 4), Y <- lists:seq(X, 4), X + Y =:= 5]),
    show("pattern", [V || {ok, V} <- [{ok, 1}, error, {ok, 2}, {error, 3}, {ok, 3}]]),
    show("pythagorean", [{A, B, C} || C <- lists:seq(1, 30), B <- lists:seq(1, C),
                                      A <- lists:seq(1, B), A * A + B * B =:= C * C]),
    show("strings", [string:uppercase(S) || S <- ["ab", "cd"]]),
    show("from binary", [B || <<B>> <= <<1, 2, 3>>]),
    show("nested lc", [[Y || Y <- lists:seq(1, X)] || X <- lists:seq(1, 4)]),
    show("qsort", qsort([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5])),
    show("perms", perms([a, b, c])),
    show("multiple filters", [X || X <- lists:seq(1, 50), X rem 2 =:= 0, X rem 7 =:= 0]).

qsort([]) -> [];
qsort([P | T]) -> qsort([X || X <- T, X < P]) ++ [P] ++ qsort([X || X <- T, X >= P]).

perms([]) -> [[]];
perms(L) -> [[H | T] || H <- L, T <- perms(L -- [H])].

errors() ->
    io:format("-- errors~n"),
    Tests = [{"hd([])", fun() -> hd(id([])) end},
             {"tl([])", fun() -> tl(id([])) end},
             {"length improper", fun() -> length(id([1 | 2])) end},
             {"++ non-list", fun() -> id(a) ++ [1] end},
             {"-- improper", fun() -> [1, 2] -- id([1 | x]) end},
             {"nth 0", fun() -> lists:nth(0, id([1])) end},
             {"nth beyond", fun() -> lists:nth(5, id([1])) end},
             {"seq bad", fun() -> lists:seq(1, id(a)) end},
             {"last []", fun() -> lists:last(id([])) end},
             {"max []", fun() -> lists:max(id([])) end},
             {"zip uneven", fun() -> lists:zip([1], id([])) end},
             {"list_to_tuple", fun() -> list_to_tuple(id([a | b])) end}],
    lists:foreach(
      fun({Label, F}) ->
              Res = try F() of V -> {ok, V}
                    catch C:R -> {C, R}
                    end,
              io:format("~-18s -> ~p~n", [Label, Res])
      end, Tests).

id(X) -> X.
