%% Maps of more than 32 keys are hash-array-mapped tries on the BEAM: their
%% iteration order (maps:keys/to_list/fold/iterator, ~p/~w printing, term_to_binary)
%% follows the keys' internal hash. This sample checks that order, the size at which
%% maps switch between flatmaps and tries, and every operation on large maps.
%%
%% Atom keys are hashed by their atom-table index on OTP 25 (it depends on which
%% atoms the VM created first), so maps with atom keys only print sorted results.
-module(maps_hamt).
-export([main/0, dup/34]).

main() ->
    sizes(),
    key_kinds(),
    iteration(),
    updates(),
    merges(),
    order_and_equality(),
    external_format(),
    literals(),
    big_maps(),
    ok.

int_map(N) -> maps:from_list([{I, I * 3} || I <- lists:seq(1, N)]).

%% A digest of external-format bytes: their size and a 32-bit portable hash.
digest(Bin) -> io_lib:format("~w/~.16b", [byte_size(Bin), erlang:phash2(Bin, 1 bsl 32)]).
etf(T) -> digest(term_to_binary(T)).

sizes() ->
    io:format("-- sizes~n"),
    [begin
         M = int_map(N),
         io:format("~w keys: size ~w keys ~w~n", [N, map_size(M), maps:keys(M)])
     end || N <- [31, 32, 33, 34]],
    %% growing one key at a time with put, map syntax and maps:put
    M32 = int_map(32),
    io:format("put 33rd: ~w~n", [maps:keys(M32#{1000 => x})]),
    io:format("maps:put 33rd: ~w~n", [maps:keys(maps:put(-1, y, M32))]),
    io:format("update existing in 32: ~w~n", [maps:keys(M32#{5 := z})]),
    %% shrinking: a trie of 33 becomes a flatmap again when a key goes
    M33 = int_map(33),
    R32 = maps:remove(7, M33),
    io:format("33 remove -> ~w: ~w~n", [map_size(R32), maps:keys(R32)]),
    {V, T32} = maps:take(33, M33),
    io:format("33 take ~w -> ~w~n", [V, maps:keys(T32)]),
    R33 = maps:remove(7, int_map(34)),
    io:format("34 remove -> ~w: ~w~n", [map_size(R33), maps:keys(R33)]),
    io:format("remove absent: ~w~n", [maps:remove(999, M33) =:= M33]),
    %% from_list with duplicates: the count of distinct keys decides
    Dups = maps:from_list([{I rem 32, I} || I <- lists:seq(1, 64)]),
    io:format("from_list 64 pairs, 32 keys: ~w~n", [maps:to_list(Dups)]),
    Dups2 = maps:from_list([{I rem 33, I} || I <- lists:seq(1, 66)]),
    io:format("from_list 66 pairs, 33 keys: ~w~n", [maps:to_list(Dups2)]),
    io:format("from_keys 40: ~w~n", [maps:keys(maps:from_keys(lists:seq(100, 139), 0))]),
    %% 0.0 and -0.0 are one key: the later pair's key and value stay; put keeps the key
    Zeros = [{0.0, a}, {-0.0, b}],
    io:format("zeros: ~w ~w~n", [maps:to_list(maps:from_list(Zeros)),
                                 maps:get(-0.0, maps:from_list(Zeros ++ [{I, I} || I <- lists:seq(1, 40)]))]),
    io:format("zero keys: ~w ~w~n",
              [[K || K <- maps:keys(maps:from_list(Zeros ++ [{I, I} || I <- lists:seq(1, 40)])), is_float(K)],
               [K || K <- maps:keys(maps:put(-0.0, c, (int_map(40))#{0.0 => d})), is_float(K)]]),
    %% a map expression of 34 pairs whose (variable) keys repeat
    D = apply(?MODULE, dup, lists:seq(1, 32) ++ [1, 2]),
    io:format("map expression 34 pairs, 32 keys: ~w ~w~n", [map_size(D), maps:to_list(D)]).

dup(X1, X2, X3, X4, X5, X6, X7, X8, X9, X10, X11, X12, X13, X14, X15, X16, X17, X18, X19, X20, X21, X22, X23, X24, X25, X26, X27, X28, X29, X30, X31, X32, X33, X34) ->
    #{X1 => 1, X2 => 2, X3 => 3, X4 => 4, X5 => 5, X6 => 6, X7 => 7, X8 => 8, X9 => 9, X10 => 10, X11 => 11, X12 => 12, X13 => 13, X14 => 14, X15 => 15, X16 => 16, X17 => 17, X18 => 18, X19 => 19, X20 => 20, X21 => 21, X22 => 22, X23 => 23, X24 => 24, X25 => 25, X26 => 26, X27 => 27, X28 => 28, X29 => 29, X30 => 30, X31 => 31, X32 => 32, X33 => 33, X34 => 34}.

key_kinds() ->
    io:format("-- key kinds~n"),
    Floats = maps:from_list([{I / 8, I} || I <- lists:seq(-20, 20)]),
    io:format("floats: ~w~n", [maps:keys(Floats)]),
    Bins = maps:from_list([{<<"key-", (integer_to_binary(I))/binary>>, I} || I <- lists:seq(1, 60)]),
    io:format("binaries: ~p~n", [maps:keys(Bins)]),
    Tuples = maps:from_list([{{I, I * I, "t"}, I} || I <- lists:seq(1, 50)]),
    io:format("tuples: ~w~n", [maps:values(Tuples)]),
    Big = maps:from_list([{(1 bsl 70) * I, I} || I <- lists:seq(1, 40)]),
    io:format("bignums: ~w~n", [maps:values(Big)]),
    Lists = maps:from_list([{lists:seq(I, I + 3), I} || I <- lists:seq(1, 40)]),
    io:format("lists: ~w~n", [maps:values(Lists)]),
    Mixed = maps:from_list([{I, int} || I <- lists:seq(1, 12)] ++
                           [{float(I), float} || I <- lists:seq(1, 12)] ++
                           [{<<I>>, bin} || I <- lists:seq(1, 12)] ++
                           [{{I}, tuple} || I <- lists:seq(1, 12)] ++
                           [{[I], list} || I <- lists:seq(1, 12)] ++
                           [{#{I => I}, map} || I <- lists:seq(1, 12)] ++
                           [{[], nil}, {{}, empty_tuple}, {<<>>, empty_bin}, {#{}, empty_map}]),
    io:format("mixed ~w: ~w~n", [map_size(Mixed), maps:to_list(Mixed)]),
    %% large maps as keys of a large map
    Nested = maps:from_list([{int_map(33 + I), I} || I <- lists:seq(1, 35)]),
    io:format("large map keys: ~w~n", [maps:values(Nested)]),
    io:format("large map key lookup: ~w~n", [maps:get(int_map(40), Nested)]),
    Atoms = maps:from_list([{list_to_atom("atom_" ++ integer_to_list(I)), I} || I <- lists:seq(1, 80)]),
    io:format("atoms (sorted): ~w~n", [lists:sort(maps:to_list(Atoms))]),
    io:format("atom lookups: ~w ~w ~w~n", [maps:get(atom_17, Atoms), maps:find(atom_81, Atoms),
                                            maps:is_key(atom_80, Atoms)]),
    AtomsRemoved = maps:without([list_to_atom("atom_" ++ integer_to_list(I)) || I <- lists:seq(1, 60)], Atoms),
    io:format("atoms without 60: ~w~n", [lists:sort(maps:to_list(AtomsRemoved))]).

iteration() ->
    io:format("-- iteration~n"),
    M = int_map(100),
    io:format("~~p:~n~p~n", [M]),
    io:format("~~w: ~w~n", [int_map(40)]),
    io:format("to_list: ~w~n", [maps:to_list(M)]),
    io:format("values: ~w~n", [maps:values(M)]),
    io:format("fold: ~w~n", [maps:fold(fun(K, V, A) -> [{K, V} | A] end, [], M)]),
    io:format("foreach: "),
    maps:foreach(fun(K, _) when K rem 10 =:= 0 -> io:format("~w ", [K]); (_, _) -> ok end, M),
    io:format("~n"),
    io:format("iterator walk: ~w~n", [walk(maps:next(maps:iterator(M)), [])]),
    %% The first call returns 32 pairs, then the path of the next leaf. (erts returns
    %% fewer when the process is low on reductions: a short sleep gives it a fresh slice.)
    {K32, V32, Path} = pair_32(M),
    io:format("32nd pair ~w ~w, path ~w~n", [K32, V32, Path]),
    M1000 = int_map(1000),
    io:format("1000: 32nd ~w, walk ~w~n", [pair_32(M1000), length(walk(maps:next(maps:iterator(M1000)), []))]),
    Tuples = maps:from_list([{{I, I}, I} || I <- lists:seq(1, 3000)]),
    io:format("3000 tuples: 32nd ~w~n", [pair_32(Tuples)]),
    io:format("1000 fold head: ~w~n", [lists:sublist(maps:fold(fun(K, _, A) -> [K | A] end, [], M1000), 40)]),
    io:format("1000 to_list tail: ~w~n", [lists:nthtail(960, maps:to_list(M1000))]),
    io:format("filter: ~w~n", [maps:filter(fun(K, _) -> K rem 3 =:= 0 end, M)]),
    io:format("filtermap: ~w~n", [maps:filtermap(fun(K, V) when K rem 2 =:= 0 -> {true, V + 1};
                                                     (_, _) -> false end, M)]),
    io:format("map: ~w~n", [maps:values(maps:map(fun(K, V) -> K + V end, M))]),
    io:format("groups_from_list: ~w~n",
              [maps:groups_from_list(fun(X) -> X rem 40 end, lists:seq(1, 120))]).

reason({'EXIT', {Reason, _Stack}}) -> Reason;
reason(Other) -> Other.

pair_32(M) ->
    receive after 1 -> ok end,
    {K, V, [Path | M]} = lists:foldl(fun(_, {_, _, I}) -> maps:next(I) end,
                                     maps:next(maps:iterator(M)), lists:seq(1, 31)),
    {K, V, Path}.

%% erlang:phash/2 is deprecated, but its map hashing is still worth checking.
phash(T, R) -> apply(erlang, phash, [T, R]).

walk(none, Acc) -> lists:reverse(Acc);
walk({K, _V, I}, Acc) -> walk(maps:next(I), [K | Acc]).

updates() ->
    io:format("-- updates~n"),
    M = int_map(200),
    U = M#{5 := five, 150 := x, 201 => new},
    io:format("update: ~w~n", [maps:to_list(U)]),
    io:format("update same value is same map: ~w~n", [M#{5 := 15} =:= M]),
    io:format("update missing: ~w~n", [reason(catch (M#{999 := x}))]),
    io:format("maps:update missing: ~w~n", [reason(catch maps:update(999, x, M))]),
    io:format("update_with: ~w ~w~n", [maps:get(10, maps:update_with(10, fun(V) -> V * 100 end, M)),
                                       maps:get(300, maps:update_with(300, fun(V) -> V end, init, M))]),
    Removed = lists:foldl(fun maps:remove/2, M, lists:seq(1, 200, 3)),
    io:format("after removes ~w: ~w~n", [map_size(Removed), maps:keys(Removed)]),
    Down = lists:foldl(fun maps:remove/2, M, lists:seq(1, 168)),
    io:format("removed down to ~w: ~w~n", [map_size(Down), maps:keys(Down)]),
    Down2 = maps:remove(169, Down),
    io:format("and one more ~w: ~w~n", [map_size(Down2), maps:keys(Down2)]),
    Regrown = lists:foldl(fun(K, A) -> A#{K => K} end, Down2, lists:seq(1, 10)),
    io:format("regrown ~w: ~w~n", [map_size(Regrown), maps:keys(Regrown)]),
    io:format("with: ~w~n", [maps:with([1, 2, 3, 100, 150, 999], M)]),
    io:format("without: ~w~n", [maps:keys(maps:without(lists:seq(1, 190), M))]),
    %% a loop of updates over a 5000-key map
    Big = maps:from_list([{I, 0} || I <- lists:seq(1, 5000)]),
    Counted = lists:foldl(fun(I, A) -> maps:update_with(I rem 5000 + 1, fun(C) -> C + 1 end, A) end,
                          Big, lists:seq(1, 20000)),
    io:format("5000 counters: ~w ~w~n", [lists:sum(maps:values(Counted)), maps:get(4321, Counted)]),
    Puts = lists:foldl(fun(I, A) -> A#{{I, "k"} => I} end, #{}, lists:seq(1, 5000)),
    io:format("5000 puts: ~w ~w~n", [map_size(Puts), lists:sum(maps:values(Puts))]),
    io:format("5000 puts etf: ~s~n", [etf(Puts)]).

merges() ->
    io:format("-- merges~n"),
    Small = maps:from_list([{I, small} || I <- lists:seq(30, 40)]),
    Large = int_map(60),
    io:format("small+large: ~w~n", [maps:to_list(maps:merge(Small, Large))]),
    io:format("large+small: ~w~n", [maps:to_list(maps:merge(Large, Small))]),
    io:format("empty+large: ~w~n", [maps:merge(#{}, Large) =:= Large]),
    io:format("20+20 flat: ~w~n", [maps:keys(maps:merge(int_map(20), maps:from_list([{I, x} || I <- lists:seq(15, 34)])))]),
    L2 = maps:from_list([{I, b} || I <- lists:seq(40, 120)]),
    io:format("large+large: ~w~n", [maps:to_list(maps:merge(Large, L2))]),
    io:format("merge_with: ~w~n", [maps:to_list(maps:merge_with(fun(_, A, B) -> {A, B} end, Small, Large))]),
    io:format("intersect: ~w~n", [maps:to_list(maps:intersect(Large, L2))]),
    io:format("intersect_with: ~w~n", [maps:intersect_with(fun(K, A, B) -> {K, A, B} end, Small, L2)]),
    Lits = lit_ints(),
    io:format("literal merge: ~w~n", [maps:keys(maps:merge(Lits, int_map(50)))]).

order_and_equality() ->
    io:format("-- order and equality~n"),
    A = int_map(40),
    B = maps:from_list(lists:reverse(maps:to_list(A))),
    io:format("built in another order: ~w ~w~n", [A =:= B, A == B]),
    Floats = maps:map(fun(_, V) -> float(V) end, A),
    io:format("float values: == ~w =:= ~w cmp ~w~n", [A == Floats, A =:= Floats, A < Floats]),
    io:format("32 vs 33: ~w ~w~n", [int_map(32) < int_map(33), int_map(33) > int_map(32)]),
    %% same size, different keys: the smallest key in only one map decides
    C = maps:remove(1, A#{41 => 123}),
    D = maps:remove(40, A#{0 => 0}),
    io:format("differing keys: ~w ~w ~w~n", [A < C, C < A, D < A]),
    %% same keys, different values: the smallest such key decides
    E = A#{20 := 0, 35 := 1000},
    F = A#{36 := 0, 2 := 1000},
    io:format("differing values: ~w ~w ~w ~w~n", [E < A, A < F, E < F, F < E]),
    Ms = [int_map(34), A, E, F, C, D, int_map(33), maps:from_list([{I, x} || I <- lists:seq(1, 40)])],
    io:format("sorted: ~w~n", [[{map_size(M), maps:get(2, M, none), maps:get(20, M, none)}
                               || M <- lists:sort(Ms)]]),
    io:format("max ~w~n", [maps:get(1, lists:max(Ms), none)]),
    io:format("phash2: ~w ~w ~w~n", [erlang:phash2(A), erlang:phash2(int_map(1000)),
                                     erlang:phash2(maps:from_list([{<<I>>, [I]} || I <- lists:seq(1, 50)]))]),
    io:format("phash: ~w ~w~n", [phash(A, 1 bsl 32), phash(int_map(200), 1000)]),
    io:format("nested phash2: ~w~n", [erlang:phash2({A, [int_map(50)], #{x => int_map(60)}})]).

external_format() ->
    io:format("-- term_to_binary~n"),
    M = int_map(35),
    io:format("35 bytes: ~w~n", [term_to_binary(M)]),
    [io:format("~w etf ~s~n", [N, etf(int_map(N))]) || N <- [33, 100, 1000, 5000]],
    Bins = maps:from_list([{integer_to_binary(I), I} || I <- lists:seq(1, 300)]),
    io:format("binary keys etf ~s~n", [etf(Bins)]),
    io:format("deterministic etf ~s~n", [digest(term_to_binary(int_map(300), [deterministic]))]),
    io:format("compressed etf ~s~n", [digest(term_to_binary(int_map(300), [compressed]))]),
    Nested = #{a => int_map(40), b => [int_map(50)], {c} => #{int_map(33) => x}},
    io:format("nested etf ~s~n", [etf(Nested)]),
    [begin
         T = binary_to_term(term_to_binary(X)),
         io:format("round trip ~w: ~w ~w~n", [map_size(X), T =:= X, maps:keys(T) =:= maps:keys(X)])
     end || X <- [M, int_map(1000), Bins]],
    %% a large map encoded in another order decodes to the same trie
    Reordered = <<131, 116, 35:32, (<< <<97, I, 97, (I * 3)>> || I <- lists:seq(35, 1, -1) >>)/binary>>,
    io:format("reordered: ~w~n", [binary_to_term(Reordered) =:= M]),
    io:format("duplicate keys: ~w~n",
              [reason(catch binary_to_term(<<131, 116, 34:32, (<< <<97, I, 97, I>> || I <- lists:seq(1, 33) >>)/binary,
                                      97, 1, 97, 1>>))]),
    io:format("external size ~w~n", [erlang:external_size(int_map(1000))]),
    %% keys that differ only in their node's creation
    Pids = [binary_to_term(<<131, 88, 119, 4, "a@bc", 7:32, 0:32, C:32>>) || C <- lists:seq(1, 40)],
    Refs = [binary_to_term(<<131, 90, 3:16, 119, 4, "a@bc", W:32, 1:32, 2:32, 3:32>>)
            || W <- lists:seq(1, 40)],
    PidMap = maps:from_list([{P, C} || {P, C} <- lists:zip(Pids, lists:seq(1, 40))]),
    RefMap = maps:from_list([{R, W} || {R, W} <- lists:zip(Refs, lists:seq(1, 40))]),
    io:format("remote pid keys ~w ~w, ref keys ~w ~w~n",
              [map_size(PidMap), [maps:get(P, PidMap) || P <- lists:sublist(Pids, 5)],
               map_size(RefMap), [maps:get(R, RefMap) || R <- lists:sublist(Refs, 5)]]).

literals() ->
    io:format("-- literals~n"),
    L = lit_ints(),
    io:format("literal ints ~w: ~w~n", [map_size(L), maps:keys(L)]),
    io:format("literal ~~p:~n~p~n", [lit_bins()]),
    io:format("literal lookups: ~w ~w~n", [maps:get(17, L), maps:get(<<"lit35">>, lit_bins())]),
    io:format("literal equal built: ~w~n", [L =:= maps:from_list([{I, {v, I}} || I <- lists:seq(1, 40)])]),
    #{3 := Three, 40 := Forty} = L,
    io:format("match: ~w ~w~n", [Three, Forty]).

lit_ints() ->
    #{1 => {v, 1},
      2 => {v, 2},
      3 => {v, 3},
      4 => {v, 4},
      5 => {v, 5},
      6 => {v, 6},
      7 => {v, 7},
      8 => {v, 8},
      9 => {v, 9},
      10 => {v, 10},
      11 => {v, 11},
      12 => {v, 12},
      13 => {v, 13},
      14 => {v, 14},
      15 => {v, 15},
      16 => {v, 16},
      17 => {v, 17},
      18 => {v, 18},
      19 => {v, 19},
      20 => {v, 20},
      21 => {v, 21},
      22 => {v, 22},
      23 => {v, 23},
      24 => {v, 24},
      25 => {v, 25},
      26 => {v, 26},
      27 => {v, 27},
      28 => {v, 28},
      29 => {v, 29},
      30 => {v, 30},
      31 => {v, 31},
      32 => {v, 32},
      33 => {v, 33},
      34 => {v, 34},
      35 => {v, 35},
      36 => {v, 36},
      37 => {v, 37},
      38 => {v, 38},
      39 => {v, 39},
      40 => {v, 40}}.

lit_bins() ->
    #{<<"lit1">> => 1,
      <<"lit2">> => 2,
      <<"lit3">> => 3,
      <<"lit4">> => 4,
      <<"lit5">> => 5,
      <<"lit6">> => 6,
      <<"lit7">> => 7,
      <<"lit8">> => 8,
      <<"lit9">> => 9,
      <<"lit10">> => 10,
      <<"lit11">> => 11,
      <<"lit12">> => 12,
      <<"lit13">> => 13,
      <<"lit14">> => 14,
      <<"lit15">> => 15,
      <<"lit16">> => 16,
      <<"lit17">> => 17,
      <<"lit18">> => 18,
      <<"lit19">> => 19,
      <<"lit20">> => 20,
      <<"lit21">> => 21,
      <<"lit22">> => 22,
      <<"lit23">> => 23,
      <<"lit24">> => 24,
      <<"lit25">> => 25,
      <<"lit26">> => 26,
      <<"lit27">> => 27,
      <<"lit28">> => 28,
      <<"lit29">> => 29,
      <<"lit30">> => 30,
      <<"lit31">> => 31,
      <<"lit32">> => 32,
      <<"lit33">> => 33,
      <<"lit34">> => 34,
      <<"lit35">> => 35}.

big_maps() ->
    io:format("-- 20000 keys~n"),
    M = maps:from_list([{I, I} || I <- lists:seq(1, 20000)]),
    io:format("etf ~s~n", [etf(M)]),
    io:format("keys head ~w~n", [lists:sublist(maps:keys(M), 20)]),
    io:format("fold sum ~w~n", [maps:fold(fun(K, V, A) -> K + V + A end, 0, M)]),
    Tuples = maps:from_list([{{I, -I}, I} || I <- lists:seq(1, 20000)]),
    io:format("tuple keys etf ~s~n", [etf(Tuples)]),
    io:format("tuple keys head ~w~n", [lists:sublist(maps:values(Tuples), 20)]),
    Shrunk = lists:foldl(fun maps:remove/2, M, lists:seq(1, 19960)),
    io:format("shrunk ~w: ~w~n", [map_size(Shrunk), maps:keys(Shrunk)]).
