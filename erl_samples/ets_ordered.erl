%% ordered_set tables: term order across types, 1 and 1.0 as one key, traversal from
%% absent keys, slot/2, select on key ranges, select_reverse, and a set/ordered_set
%% comparison with tuple and binary keys.
-module(ets_ordered).
-export([main/0]).

main() ->
    O = ets:new(o, [ordered_set]),
    Keys = [{b, 2}, "str", <<"bin">>, 3, a, 2.5, [], {a, 1}, make_ref_free, -7, 1.0e10, [1, 2]],
    ets:insert(O, [{K, val} || K <- Keys]),
    p(order, [K || {K, _} <- ets:tab2list(O)]),
    p(first_last, {ets:first(O), ets:last(O)}),
    p(next_absent, [ets:next(O, K) || K <- [0, 2.9, zz, {a, 0}, "a", <<"c">>]]),
    p(prev_absent, [ets:prev(O, K) || K <- [0, 2.9, zz, {a, 0}, "a", <<"c">>]]),
    p(slots, [ets:slot(O, I) || I <- lists:seq(0, 3)]),
    p(slot_end, ets:slot(O, length(Keys))),
    N = ets:new(n, [ordered_set]),
    ets:insert(N, [{1, int}, {2.0, float}, {3, int}]),
    p(int_float_lookup, [ets:lookup(N, K) || K <- [1.0, 2, 3.0]]),
    p(int_float_member, [ets:member(N, K) || K <- [1.0, 2, 4]]),
    p(replace_by_float, {ets:insert(N, {1.0, replaced}), ets:tab2list(N)}),
    p(exact_head_match, ets:select(N, [{{1, '_'}, [], ['$_']}])),
    p(insert_new_equal, ets:insert_new(N, {3.0, x})),
    p(delete_by_float, {ets:delete(N, 3.0), ets:tab2list(N)}),
    R = ets:new(r, [ordered_set]),
    ets:insert(R, [{{user, I}, I * 10} || I <- lists:seq(1, 12)] ++ [{{group, I}, I} || I <- lists:seq(1, 3)]),
    p(range_select, ets:select(R, [{{{user, '$1'}, '$2'}, [{'>', '$1', 9}], [{{'$1', '$2'}}]}])),
    p(range_reverse, ets:select_reverse(R, [{{{group, '_'}, '$1'}, [], ['$1']}])),
    p(partial_key_match, ets:match(R, {{group, '$1'}, '_'})),
    p(bound_key_select, ets:select(R, [{{{user, 3}, '$1'}, [], ['$1']}])),
    p(select_count, ets:select_count(R, [{{{user, '_'}, '$1'}, [{'>=', '$1', 60}], [true]}])),
    p(foldl_order, ets:foldl(fun({K, _}, A) -> [K | A] end, [], R)),
    p(take, {ets:take(R, {group, 2}), ets:member(R, {group, 2})}),
    p(delete_object, {ets:delete_object(R, {{user, 1}, 10}), ets:delete_object(R, {{user, 2}, 0}),
                      ets:info(R, size)}),
    p(update_element, {ets:update_element(R, {user, 5}, {2, fifty}), ets:lookup(R, {user, 5})}),
    p(info, [ets:info(R, I) || I <- [type, size, keypos]]),
    K2 = ets:new(k2, [ordered_set, {keypos, 2}]),
    ets:insert(K2, [{x, 3, c}, {y, 1, a}, {z, 2, b}]),
    p(keypos_order, ets:tab2list(K2)),
    ok.

p(Label, V) -> io:format("~-20s ~p~n", [Label, V]).
