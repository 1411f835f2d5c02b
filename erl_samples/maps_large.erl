%% Large maps (more than 32 keys are stored as HAMT nodes whose iteration
%% order is hash order). Prints keys/to_list/fold order for maps of various
%% sizes and key types, plus updates/removals that restructure them.
%%
%% NOTE: the BEAM's internal map hash hashes immediates (small integers,
%% atoms, ...) by their raw tagged word. For atoms that word contains the
%% atom-table index, which depends on the order atoms were created during
%% boot (it even varies between runs of the real erl). So the iteration
%% order of a large map is only printed when no key contains an atom;
%% atom-keyed large maps are checked with order-independent output only.
-module(maps_large).
-export([main/0]).

main() ->
    int_maps(),
    other_keys(),
    transitions(),
    ok.

int_map(N) -> maps:from_list([{I, I * I} || I <- lists:seq(1, N)]).

int_maps() ->
    io:format("-- integer keys~n"),
    M32 = int_map(32),
    M33 = int_map(33),
    M40 = int_map(40),
    io:format("32 keys: ~w~n", [maps:keys(M32)]),
    io:format("33 keys: ~w~n", [maps:keys(M33)]),
    io:format("40 to_list: ~w~n", [maps:to_list(M40)]),
    io:format("40 values: ~w~n", [maps:values(M40)]),
    io:format("40 ~~p:~n~p~n", [M40]),
    io:format("40 ~~w: ~w~n", [M40]),
    M100 = int_map(100),
    io:format("100 keys: ~w~n", [maps:keys(M100)]),
    M1000 = int_map(1000),
    io:format("1000 keys: ~w~n", [maps:keys(M1000)]),
    io:format("1000 fold order head: ~w~n",
              [lists:sublist(lists:reverse(maps:fold(fun(K, _, A) -> [K | A] end, [], M1000)), 20)]),
    io:format("1000 sum ~w size ~w~n", [lists:sum(maps:values(M1000)), map_size(M1000)]),
    Neg = maps:from_list([{-I, I} || I <- lists:seq(1, 50)]),
    io:format("negative keys: ~w~n", [maps:keys(Neg)]),
    Big = maps:from_list([{1 bsl (60 + I), I} || I <- lists:seq(1, 40)]),
    io:format("bignum keys: ~w~n", [maps:values(Big)]),
    Fl = maps:from_list([{I / 4, I} || I <- lists:seq(1, 40)]),
    io:format("float keys: ~w~n", [maps:keys(Fl)]),
    Mixed = maps:from_list([{I, a} || I <- lists:seq(1, 20)] ++ [{float(I), b} || I <- lists:seq(1, 20)]),
    io:format("int+float keys: ~w~n", [maps:to_list(Mixed)]).

other_keys() ->
    io:format("-- other key types~n"),
    Atoms = maps:from_list([{list_to_atom("key_" ++ integer_to_list(I)), I} || I <- lists:seq(1, 60)]),
    io:format("atom keys (sorted): ~w~n", [lists:sort(maps:keys(Atoms))]),
    io:format("atom map size ~w sum ~w get ~w ~w~n",
              [map_size(Atoms), lists:sum(maps:values(Atoms)), maps:get(key_42, Atoms),
               maps:find(key_61, Atoms)]),
    io:format("atom map sorted to_list: ~w~n", [lists:sublist(lists:sort(maps:to_list(Atoms)), 5)]),
    Bins = maps:from_list([{<<"bin", (integer_to_binary(I))/binary>>, I} || I <- lists:seq(1, 50)]),
    io:format("binary keys: ~p~n", [maps:keys(Bins)]),
    Strs = maps:from_list([{"s" ++ integer_to_list(I), I} || I <- lists:seq(1, 40)]),
    io:format("string keys: ~w~n", [maps:values(Strs)]),
    Tups = maps:from_list([{{I, I rem 3}, I} || I <- lists:seq(1, 45)]),
    io:format("tuple keys: ~w~n", [maps:keys(Tups)]),
    Nested = maps:from_list([{{I, "m"}, #{I => I}} || I <- lists:seq(1, 35)]),
    io:format("map values: ~w~n", [maps:to_list(Nested)]),
    Lists = maps:from_list([{lists:seq(1, I), I} || I <- lists:seq(1, 36)]),
    io:format("list keys: ~w~n", [maps:values(Lists)]),
    MapKeys = maps:from_list([{#{1 => I, "k" => -I}, I} || I <- lists:seq(1, 34)]),
    io:format("map keys: ~w~n", [maps:values(MapKeys)]),
    AllKinds = maps:from_list([{I, 1} || I <- lists:seq(1, 10)] ++
                              [{float(I) / 3, 2} || I <- lists:seq(1, 10)] ++
                              [{<<I>>, 3} || I <- lists:seq(1, 10)] ++
                              [{{I}, 4} || I <- lists:seq(1, 10)] ++
                              [{[I, I], 5} || I <- lists:seq(1, 10)] ++
                              [{1 bsl (64 + I), 6} || I <- lists:seq(1, 10)]),
    io:format("all kinds: ~w~n", [maps:to_list(AllKinds)]),
    AtomsMixed = maps:from_list([{list_to_atom([$a + I]), I} || I <- lists:seq(0, 25)] ++
                                [{I, I} || I <- lists:seq(1, 20)]),
    io:format("atoms+ints (sorted): ~w~n", [lists:sort(maps:to_list(AtomsMixed))]).

transitions() ->
    io:format("-- transitions~n"),
    %% grow one key at a time through the flatmap -> hashmap boundary
    Grow = lists:foldl(
             fun(I, Acc) ->
                     M = Acc#{I * 7 => I},
                     case I of
                         31 -> io:format("at 31: ~w~n", [maps:keys(M)]);
                         32 -> io:format("at 32: ~w~n", [maps:keys(M)]);
                         33 -> io:format("at 33: ~w~n", [maps:keys(M)]);
                         34 -> io:format("at 34: ~w~n", [maps:keys(M)]);
                         _ -> ok
                     end,
                     M
             end, #{}, lists:seq(1, 34)),
    %% shrink back below 33 keys
    Shrunk = lists:foldl(fun(I, Acc) -> maps:remove(I * 7, Acc) end, Grow, lists:seq(1, 5)),
    io:format("shrunk to ~w: ~w~n", [map_size(Shrunk), maps:keys(Shrunk)]),
    io:format("shrunk ~~p: ~p~n", [Shrunk]),
    Upd = maps:map(fun(K, V) -> K + V end, int_map(40)),
    io:format("maps:map over 40: ~w~n", [maps:values(Upd)]),
    Filt = maps:filter(fun(K, _) -> K rem 2 =:= 0 end, int_map(100)),
    io:format("filter 100 -> ~w: ~w~n", [map_size(Filt), maps:keys(Filt)]),
    Merged = maps:merge(int_map(30), maps:from_list([{I, x} || I <- lists:seq(25, 45)])),
    io:format("merge: ~w~n", [maps:to_list(Merged)]),
    Repl = (int_map(40))#{5 := five, 39 := thirtynine},
    io:format("update: ~w~n", [maps:to_list(Repl)]),
    io:format("equal regardless of build order: ~w~n",
              [maps:from_list(lists:reverse([{I, I} || I <- lists:seq(1, 200)])) =:=
                   maps:from_list([{I, I} || I <- lists:seq(1, 200)])]),
    io:format("get from 1000: ~w ~w~n", [maps:get(777, int_map(1000)), maps:find(1001, int_map(1000))]),
    io:format("with: ~w~n", [maps:with([1, 50, 99, 200], int_map(100))]),
    io:format("sorted keys check: ~w~n", [lists:sort(maps:keys(int_map(100))) =:= lists:seq(1, 100)]),
    It = maps:iterator(int_map(35)),
    {K1, V1, It2} = maps:next(It),
    {K2, V2, _} = maps:next(It2),
    io:format("iterator first two: ~w ~w ~w ~w~n", [K1, V1, K2, V2]).
