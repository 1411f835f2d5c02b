%% Match specifications nested deep and map patterns of every size: a guard nested too
%% deep is system_limit (match_spec_test/3 answers {error, [...]}), never a crash; heads
%% and objects may be nested as deep as any term; map patterns and map bodies with more
%% than 32 keys (HAMTs) match and build as on erts.
-module(ets_ms_deep).
-export([main/0]).

orelse_chain(N) when N < 0 -> true;
orelse_chain(N) -> {'orelse', {'==', N, '$1'}, orelse_chain(N - 1)}.

deep_tuple(0, X) -> X;
deep_tuple(N, X) -> deep_tuple(N - 1, {X}).

deep_list(0, X) -> X;
deep_list(N, X) -> deep_list(N - 1, [X]).

r(F) -> try F() of V -> {ok, V} catch C:R -> {C, R} end.

main() ->
    [nesting(D) || D <- [100, 1000, 100000, 1000000]],
    [deep_head(D) || D <- [10, 100000, 1000000]],
    maps_in_specs(),
    ok.

nesting(D) ->
    MS = [{{'$1', '$2'}, [orelse_chain(D)], [{{'$1', blipp}}]}],
    Test = case erlang:match_spec_test({1, blupp}, MS, table) of
               {error, Errors} -> {error, is_list(Errors) andalso Errors =/= []};
               Other -> Other
           end,
    io:format("~p test ~p~n", [D, Test]),
    io:format("~p compile ~p~n", [D, r(fun() -> ets:match_spec_compile(MS), compiled end)]),
    io:format("~p run ~p~n",
              [D, r(fun() -> ets:match_spec_run([{1, a}, {2, b}], ets:match_spec_compile(MS)) end)]),
    [begin
         T = ets:new(t, [Type]),
         ets:insert(T, [{1, blupp}, {2, blapp}]),
         io:format("~p ~p select ~p~n", [D, Type, r(fun() -> lists:sort(ets:select(T, MS)) end)]),
         io:format("~p ~p count ~p~n",
                   [D, Type, r(fun() -> ets:select_count(T, [{{'$1', '_'}, [orelse_chain(D)], [true]}]) end)]),
         io:format("~p ~p replace ~p~n", [D, Type, r(fun() -> ets:select_replace(T, MS) end)]),
         io:format("~p ~p delete ~p~n",
                   [D, Type, r(fun() -> ets:select_delete(T, [{{'$1', '_'}, [orelse_chain(D)], [true]}]) end)]),
         io:format("~p ~p left ~p~n", [D, Type, lists:sort(ets:tab2list(T))]),
         ets:delete(T)
     end || Type <- [set, ordered_set]].

deep_head(D) ->
    Obj = {k, deep_tuple(D, v), deep_list(D, v)},
    Head = {k, deep_tuple(D, '$1'), deep_list(D, '_')},
    [begin
         T = ets:new(t, [Type]),
         ets:insert(T, [Obj, {j, deep_tuple(D, w), []}]),
         io:format("~p ~p select ~p~n", [D, Type, r(fun() -> ets:select(T, [{Head, [], ['$1']}]) end)]),
         io:format("~p ~p match ~p~n",
                   [D, Type, r(fun() -> ets:match(T, {'_', deep_tuple(D, '$1'), '_'}) end)]),
         io:format("~p ~p match_object ~p~n",
                   [D, Type, r(fun() -> length(ets:match_object(T, Head)) end)]),
         io:format("~p ~p count ~p~n", [D, Type, r(fun() -> ets:select_count(T, [{Head, [], [true]}]) end)]),
         io:format("~p ~p deep key ~p~n",
                   [D, Type, r(fun() -> ets:select(T, [{{deep_tuple(D, k), '_', '_'}, [], ['$_']}]) end)]),
         io:format("~p ~p replace ~p~n",
                   [D, Type, r(fun() -> ets:select_replace(T, [{{'$1', '$2', '_'}, [{'=:=', '$1', j}], [{{'$1', '$2', done}}]}]) end)]),
         io:format("~p ~p const body ~p~n",
                   [D, Type, r(fun() -> ets:select(T, [{{k, '_', '_'}, [], [{const, deep_tuple(D, a)}]}]) =:= [deep_tuple(D, a)] end)]),
         ets:delete(T)
     end || Type <- [set, ordered_set]].

maps_in_specs() ->
    Big = maps:from_list([{K, K * 2} || K <- lists:seq(1, 40)]),
    T = ets:new(t, [set]),
    ets:insert(T, [{k, Big}, {j, #{1 => x}}]),
    PatBig = maps:from_list([{K, '_'} || K <- lists:seq(1, 40)]),
    PatBigV = (maps:from_list([{K, '_'} || K <- lists:seq(1, 39)]))#{40 => '$1'},
    io:format("a ~p~n", [r(fun() -> ets:match_object(T, {'_', PatBig}) =:= [{k, Big}] end)]),
    io:format("b ~p~n", [r(fun() -> ets:match(T, {'_', PatBigV}) end)]),
    io:format("c ~p~n", [r(fun() -> lists:sort(ets:match(T, {'$1', #{1 => '$2'}})) end)]),
    io:format("d ~p~n", [r(fun() -> ets:select(T, [{{'$1', #{3 => '$2'}}, [], [#{'$1' => '$2'}]}]) end)]),
    io:format("e ~p~n", [r(fun() -> ets:select(T, [{{j, '$1'}, [{'=:=', '$1', #{1 => x}}], [ok]}]) end)]),
    io:format("f ~p~n", [r(fun() -> lists:sort(ets:select(T, [{{'$2', '$1'}, [], [{{'$2', {map_size, '$1'}}}]}])) end)]),
    io:format("g ~p~n", [r(fun() -> ets:select(T, [{{'$2', '$1'}, [{is_map_key, 40, '$1'}], [{map_get, 40, '$1'}]}]) end)]),
    io:format("h ~p~n", [r(fun() -> ets:select(T, [{{'$1', PatBig}, [], [#{'$1' => {{'$1'}}, b => '$_'}]}]) =:= [#{k => {k}, b => {k, Big}}] end)]),
    io:format("i ~p~n", [r(fun() -> ets:select_count(T, [{{'_', #{}}, [], [true]}]) end)]),
    ets:delete(T).
