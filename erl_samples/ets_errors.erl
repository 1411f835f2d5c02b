%% ETS errors: every call below fails with badarg on the BEAM; the sample prints the
%% class and reason of each, and what the table looks like afterwards.
-module(ets_errors).
-export([main/0]).

main() ->
    T = ets:new(t, [set]),
    ets:insert(T, {a, 1, x}),
    B = ets:new(b, [bag]),
    ets:insert(B, {a, 1}),
    Deleted = ets:new(gone, []),
    ets:delete(Deleted),
    Tests =
        [{new_not_atom, fun() -> ets:new("t", []) end},
         {new_bad_option, fun() -> ets:new(x, [bogus]) end},
         {new_bad_keypos, fun() -> ets:new(x, [{keypos, 0}]) end},
         {new_improper, fun() -> ets:new(x, [set | bag]) end},
         {new_bad_heir, fun() -> ets:new(x, [{heir, notapid, data}]) end},
         {new_bad_concurrency, fun() -> ets:new(x, [{write_concurrency, maybe}]) end},
         {new_name_taken, fun() -> ets:new(taken, [named_table]), ets:new(taken, [named_table]) end},
         {lookup_no_table, fun() -> ets:lookup(no_table, a) end},
         {lookup_deleted, fun() -> ets:lookup(Deleted, a) end},
         {lookup_bad_id, fun() -> ets:lookup({t}, a) end},
         {insert_not_tuple, fun() -> ets:insert(T, a) end},
         {insert_empty_tuple, fun() -> ets:insert(T, {}) end},
         {insert_list_bad, fun() -> ets:insert(T, [{b, 2}, c]) end},
         {insert_improper, fun() -> ets:insert(T, [{b, 2} | {c, 3}]) end},
         {insert_new_bad, fun() -> ets:insert_new(T, [{z, 1}, 7]) end},
         {insert_keypos, fun() -> ets:insert(ets:new(k, [{keypos, 3}]), {a, b}) end},
         {delete_no_table, fun() -> ets:delete(no_table) end},
         {delete_object_bad, fun() -> ets:delete_object(T, notatuple) end},
         {lookup_element_missing, fun() -> ets:lookup_element(T, nokey, 2) end},
         {lookup_element_pos, fun() -> ets:lookup_element(T, a, 4) end},
         {lookup_element_zero, fun() -> ets:lookup_element(T, a, 0) end},
         {update_counter_missing, fun() -> ets:update_counter(T, nokey, 1) end},
         {update_counter_not_int, fun() -> ets:update_counter(T, a, {3, 1}) end},
         {update_counter_keypos, fun() -> ets:update_counter(T, a, {1, 1}) end},
         {update_counter_pos, fun() -> ets:update_counter(T, a, {9, 1}) end},
         {update_counter_bad_op, fun() -> ets:update_counter(T, a, {2, x}) end},
         {update_counter_bag, fun() -> ets:update_counter(B, a, 1) end},
         {update_counter_list_atomic, fun() -> ets:update_counter(T, a, [{2, 5}, {3, 1}]) end},
         {update_counter_bad_default, fun() -> ets:update_counter(T, new, 1, {new}) end},
         {update_counter_default_not_tuple, fun() -> ets:update_counter(T, new, 1, new) end},
         {update_element_keypos, fun() -> ets:update_element(T, a, {1, b}) end},
         {update_element_pos, fun() -> ets:update_element(T, a, {7, b}) end},
         {update_element_bag, fun() -> ets:update_element(B, a, {2, b}) end},
         {update_element_bad, fun() -> ets:update_element(T, a, [{2, b} | x]) end},
         {next_missing_key, fun() -> ets:next(T, nokey) end},
         {slot_negative, fun() -> ets:slot(T, -1) end},
         {slot_too_far, fun() -> ets:slot(T, 1000) end},
         {select_bad_spec, fun() -> ets:select(T, [{'_', [], []}]) end},
         {select_not_list, fun() -> ets:select(T, {'_', [], [true]}) end},
         {select_unbound_var, fun() -> ets:select(T, [{{'$1', '_', '_'}, [], ['$2']}]) end},
         {select_unknown_fun, fun() -> ets:select(T, [{'_', [{frob, 1}], [true]}]) end},
         {select_constant_head, fun() -> ets:select(T, [{x, [], [true]}]) end},
         {select_empty_body, fun() -> ets:select(T, [{x, [], []}]) end},
         {select_limit_zero, fun() -> ets:select(T, [{'_', [], ['$_']}], 0) end},
         {select_bad_continuation, fun() -> ets:select(foo) end},
         {select_count_bad, fun() -> ets:select_count(T, bad) end},
         {select_delete_bad, fun() -> ets:select_delete(T, [{'_', [], []}]) end},
         {match_bad_limit, fun() -> ets:match(T, '$1', -1) end},
         {info_bad_item, fun() -> ets:info(T, colour) end},
         {info_bad_table, fun() -> ets:info("t") end},
         {rename_taken, fun() -> ets:new(n1, [named_table]), ets:new(n2, [named_table]),
                                 ets:rename(n1, n2) end},
         {rename_not_atom, fun() -> ets:rename(T, "x") end},
         {give_away_self, fun() -> ets:give_away(T, self(), gift) end},
         {give_away_bad_pid, fun() -> ets:give_away(T, notapid, gift) end},
         {setopts_bad, fun() -> ets:setopts(T, [{heir, x, y}]) end},
         {setopts_unknown, fun() -> ets:setopts(T, [{colour, red}]) end},
         {safe_fixtable_bad, fun() -> ets:safe_fixtable(T, maybe) end},
         {whereis_not_atom, fun() -> ets:whereis("t") end},
         {tab2list_no_table, fun() -> ets:tab2list(no_table) end},
         {foldl_no_table, fun() -> ets:foldl(fun(_, A) -> A end, 0, no_table) end},
         {match_spec_run_bad, fun() -> ets:match_spec_run([a], not_compiled) end},
         {match_spec_compile_bad, fun() -> ets:match_spec_compile([{a, b, c}]) end}],
    lists:foreach(
      fun({Label, F}) ->
              Res = try F() of V -> {ok, V} catch C:R -> {C, R} end,
              io:format("~-34s -> ~p~n", [Label, Res])
      end, Tests),
    io:format("table after errors: ~p~n", [ets:tab2list(T)]),
    access(),
    ok.

%% Another process reads and writes tables with each protection.
access() ->
    Pub = ets:new(pub, [public]),
    Prot = ets:new(prot, [protected]),
    Priv = ets:new(priv, [private]),
    [ets:insert(X, {k, 1}) || X <- [Pub, Prot, Priv]],
    Self = self(),
    spawn(fun() ->
                  R = [{Name, try_op(fun() -> ets:lookup(X, k) end),
                        try_op(fun() -> ets:insert(X, {k, 2}) end),
                        try_op(fun() -> ets:info(X, size) end),
                        try_op(fun() -> ets:delete(X, k) end)}
                       || {Name, X} <- [{public, Pub}, {protected, Prot}, {private, Priv}]],
                  Self ! {done, R}
          end),
    receive {done, R} -> [io:format("~p~n", [Row]) || Row <- R] end,
    io:format("owner sees: ~p~n", [[ets:lookup(X, k) || X <- [Pub, Prot, Priv]]]).

try_op(F) -> try F() catch error:E -> {error, E} end.
