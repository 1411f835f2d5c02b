%% Small maps: construction, update with => and :=, matching, the maps
%% module, printing, and badkey/badmap errors.
-module(maps_basic).
-export([main/0]).

main() ->
    construct(),
    module_funs(),
    matching(),
    errors(),
    ok.

id(X) -> X.

construct() ->
    io:format("-- construct~n"),
    M0 = #{},
    M1 = #{a => 1, b => 2, c => 3},
    M2 = M1#{d => 4, a => 100},
    M3 = M2#{b := 200},
    K = id(dynamic),
    M4 = #{K => value, {tuple, key} => [list], "string" => <<"bin">>, 1 => one, 1.0 => float_one},
    io:format("~p ~p~n", [M0, M1]),
    io:format("~p~n~p~n", [M2, M3]),
    io:format("~p~n", [M4]),
    io:format("~w~n", [M4]),
    io:format("sizes ~p ~p ~p~n", [map_size(M0), map_size(M3), maps:size(M4)]),
    io:format("is_map ~p ~p~n", [is_map(M1), is_map([])]),
    io:format("nested ~p~n", [#{outer => #{inner => #{deep => true}}, list => [#{}]}]),
    io:format("mixed keys ~p~n", [#{3 => c, a => x, "s" => y, <<"b">> => z, {t} => w, [l] => v, 2.5 => f}]),
    io:format("equal ~p ~p~n", [#{a => 1, b => 2} =:= #{b => 2, a => 1}, #{1 => a} == #{1.0 => a}]),
    io:format("~s~n", [io_lib:format("~p", [#{key => "value"}])]).

module_funs() ->
    io:format("-- maps module~n"),
    M = #{apple => 3, banana => 5, cherry => 7},
    io:format("get ~p~n", [maps:get(apple, M)]),
    io:format("get default ~p~n", [maps:get(durian, M, none)]),
    io:format("find ~p ~p~n", [maps:find(banana, M), maps:find(durian, M)]),
    io:format("put ~p~n", [maps:put(durian, 9, M)]),
    io:format("remove ~p ~p~n", [maps:remove(apple, M), maps:remove(nothing, M)]),
    io:format("keys ~p~n", [maps:keys(M)]),
    io:format("values ~p~n", [maps:values(M)]),
    io:format("to_list ~p~n", [maps:to_list(M)]),
    io:format("from_list ~p~n", [maps:from_list([{x, 1}, {y, 2}, {x, 3}])]),
    io:format("fold ~p~n", [maps:fold(fun(K, V, Acc) -> [{V, K} | Acc] end, [], M)]),
    io:format("fold sum ~p~n", [maps:fold(fun(_, V, Acc) -> V + Acc end, 0, M)]),
    io:format("map ~p~n", [maps:map(fun(_K, V) -> V * 10 end, M)]),
    io:format("filter ~p~n", [maps:filter(fun(_K, V) -> V > 4 end, M)]),
    io:format("filtermap ~p~n", [maps:filtermap(fun(apple, _) -> false;
                                                   (_, V) -> {true, V + 1} end, M)]),
    io:format("merge ~p~n", [maps:merge(M, #{apple => 0, fig => 1})]),
    io:format("merge_with ~p~n", [maps:merge_with(fun(_K, A, B) -> A + B end, M, #{apple => 10})]),
    io:format("update ~p~n", [maps:update(cherry, 0, M)]),
    io:format("update_with ~p~n", [maps:update_with(apple, fun(V) -> V * 2 end, M)]),
    io:format("update_with/4 ~p~n", [maps:update_with(kiwi, fun(V) -> V * 2 end, 1, M)]),
    io:format("is_key ~p ~p~n", [maps:is_key(apple, M), maps:is_key(kiwi, M)]),
    io:format("with ~p~n", [maps:with([apple, cherry, kiwi], M)]),
    io:format("without ~p~n", [maps:without([apple], M)]),
    io:format("take ~p~n", [maps:take(banana, M)]),
    io:format("take miss ~p~n", [maps:take(kiwi, M)]),
    io:format("new ~p~n", [maps:new()]),
    io:format("from_keys ~p~n", [maps:from_keys([a, b, c], 0)]),
    io:format("groups_from_list ~p~n", [maps:groups_from_list(fun(X) -> X rem 3 end, lists:seq(1, 10))]),
    io:format("intersect ~p~n", [maps:intersect(#{a => 1, b => 2}, #{b => 3, c => 4})]),
    io:format("foreach:~n"),
    maps:foreach(fun(K, V) -> io:format("  ~p=~p~n", [K, V]) end, M),
    It = maps:iterator(M),
    io:format("iterate ~p~n", [walk(maps:next(It))]),
    io:format("iterate big ~p~n",
              [length(walk(maps:next(maps:iterator(maps:from_list([{I, I} || I <- lists:seq(1, 50)])))))]).

walk(none) -> [];
walk({K, V, It}) -> [{K, V} | walk(maps:next(It))].

matching() ->
    io:format("-- matching~n"),
    M = #{name => "Zed", age => 40, role => admin},
    #{name := Name} = M,
    io:format("name ~p~n", [Name]),
    io:format("~p~n", [classify(M)]),
    io:format("~p~n", [classify(#{name => "Ann"})]),
    io:format("~p~n", [classify(#{})]),
    io:format("~p~n", [classify(not_a_map)]),
    Key = role,
    #{Key := Role} = M,
    io:format("bound key ~p~n", [Role]),
    io:format("case ~p~n", [case M of #{age := A} when A > 30 -> senior; _ -> junior end]),
    io:format("empty pattern matches any map: ~p~n", [case #{x => 1} of #{} -> yes end]),
    Counts = lists:foldl(fun(W, Acc) -> Acc#{W => maps:get(W, Acc, 0) + 1} end, #{},
                         [a, b, a, c, b, a]),
    io:format("counts ~p~n", [Counts]).

classify(#{name := N, role := admin}) -> {admin, N};
classify(#{name := N}) -> {user, N};
classify(M) when is_map(M), map_size(M) =:= 0 -> empty;
classify(_) -> other.

errors() ->
    io:format("-- errors~n"),
    Tests = [{"get missing", fun() -> maps:get(nope, id(#{a => 1})) end},
             {"update :=", fun() -> (id(#{a => 1}))#{b := 2} end},
             {"update non-map", fun() -> (id(list))#{a => 1} end},
             {"maps:get non-map", fun() -> maps:get(a, id([])) end},
             {"maps:put non-map", fun() -> maps:put(a, 1, id(<<>>)) end},
             {"maps:update", fun() -> maps:update(z, 1, id(#{})) end},
             {"match", fun() -> #{a := 1} = id(#{a => 2}) end},
             {"map_size", fun() -> map_size(id(x)) end},
             {"from_list", fun() -> maps:from_list(id([a])) end},
             {"keys", fun() -> maps:keys(id(3)) end}],
    lists:foreach(
      fun({Label, F}) ->
              Res = try F() of V -> {ok, V} catch C:R -> {C, R} end,
              io:format("~-18s -> ~p~n", [Label, Res])
      end, Tests).
