%% ETS match specifications: match, match_object, select with guards and bodies,
%% select_count, select_delete, match_delete, chunked select with continuations,
%% select_reverse and match_spec_run.
-module(ets_match).
-export([main/0]).

main() ->
    T = ets:new(emp, [set]),
    ets:insert(T, [{alice, dev, 120, [erlang, c]},
                   {bob, ops, 90, [bash]},
                   {carol, dev, 150, [rust, erlang]},
                   {dave, mgmt, 200, []},
                   {erin, dev, 80, [erlang]},
                   {frank, ops, 95, [python, bash]}]),
    patterns(T),
    specs(T),
    bodies(T),
    counting(T),
    chunks(),
    deleting(),
    run_specs(),
    ok.

p(Label, V) -> io:format("~-24s ~p~n", [Label, V]).

patterns(T) ->
    io:format("-- match and match_object~n"),
    p(match_dev, ets:match(T, {'$1', dev, '_', '_'})),
    p(match_two_vars, ets:match(T, {'$2', ops, '$1', '_'})),
    p(match_repeated, ets:match(T, {'$1', '_', '_', ['$2' | '_']})),
    p(match_whole, ets:match(T, '$1') =:= [[O] || O <- ets:tab2list(T)]),
    p(match_no_vars, ets:match(T, {dave, '_', '_', '_'})),
    p(match_key, ets:match(T, {bob, '$1', '$2', '_'})),
    p(match_object, ets:match_object(T, {'_', ops, '_', '_'})),
    p(match_object_key, ets:match_object(T, {carol, '_', '_', '_'})),
    p(match_not_tuple, ets:match(T, x)),
    p(match_wrong_arity, ets:match(T, {'_', '_'})).

specs(T) ->
    io:format("-- select guards~n"),
    p(gt, ets:select(T, [{{'$1', '_', '$2', '_'}, [{'>', '$2', 100}], ['$1']}])),
    p('andalso', ets:select(T, [{{'$1', '$2', '$3', '_'},
                               [{'andalso', {'==', '$2', dev}, {'<', '$3', 130}}], ['$1']}])),
    p('orelse', ets:select(T, [{{'$1', '$2', '_', '_'},
                              [{'orelse', {'=:=', '$2', mgmt}, {'=:=', '$1', bob}}], ['$1']}])),
    p(and_or_not, ets:select(T, [{{'$1', '$2', '$3', '_'},
                                  [{'and', {'not', {'==', '$2', dev}}, {'or', {'>', '$3', 92}, false}}],
                                  ['$1']}])),
    p('xor', ets:select(T, [{{'$1', '$2', '$3', '_'},
                           [{'xor', {'==', '$2', dev}, {'>', '$3', 100}}], ['$1']}])),
    p(type_tests, ets:select(T, [{{'$1', '_', '_', '$4'},
                                  [{is_list, '$4'}, {is_atom, '$1'}, {'>', {length, '$4'}, 1}],
                                  ['$1']}])),
    p(hd_tl, ets:select(T, [{{'$1', '_', '_', '$4'},
                             [{'=/=', '$4', []}, {'==', {hd, '$4'}, erlang}],
                             [{tl, '$4'}]}])),
    p(element_size, ets:select(T, [{'$1', [{'==', {element, 2, '$1'}, mgmt}],
                                    [{size, '$1'}]}])),
    p(arith, ets:select(T, [{{'$1', ops, '$3', '_'}, [],
                             [{'+', {'*', '$3', 20}, {'rem', '$3', 7}}]}])),
    p(abs_div, ets:select(T, [{{'$1', mgmt, '$3', '_'}, [],
                               [{abs, {'-', {'div', '$3', 3}, 1000}}]}])),
    p(guard_exception, ets:select(T, [{{'$1', '_', '$3', '_'}, [{'>', {'+', '$1', 1}, 0}], ['$1']},
                                      {{'$1', dev, '_', '_'}, [], [{{fallback, '$1'}}]}])),
    p(two_clauses, ets:select(T, [{{'$1', mgmt, '_', '_'}, [], [{{boss, '$1'}}]},
                                  {{'$1', ops, '_', '_'}, [], [{{ops, '$1'}}]}])),
    p(bound_keys, ets:select(T, [{{bob, '_', '$1', '_'}, [], [{{bob, '$1'}}]},
                                 {{erin, '_', '$1', '_'}, [], [{{erin, '$1'}}]},
                                 {{zed, '_', '$1', '_'}, [], [zed]}])),
    p(underscore_head, length(ets:select(T, [{'_', [], [true]}]))),
    p(empty_spec, ets:select(T, [])),
    p(self_guard, ets:select(T, [{{'$1', mgmt, '_', '_'}, [{'==', {self}, self()}], [ok]}])).

bodies(T) ->
    io:format("-- select bodies~n"),
    p(dollar_dollar, ets:select(T, [{{'$1', mgmt, '$2', '_'}, [], ['$$']}])),
    p(dollar_underscore, ets:select(T, [{{dave, '_', '_', '_'}, [], ['$_']}])),
    p(tuple_body, ets:select(T, [{{'$1', mgmt, '$2', '_'}, [], [{{'$2', '$1', {{nested, '$1'}}}}]}])),
    p(list_body, ets:select(T, [{{'$1', mgmt, '$2', '_'}, [], [['$1', '$2' | tail]]}])),
    p(const_body, ets:select(T, [{{'$1', mgmt, '_', '_'}, [], [{const, {'$1', x}}]}])),
    p(last_expr_wins, ets:select(T, [{{'$1', mgmt, '_', '_'}, [], [first, second]}])),
    p(body_exception, ets:select(T, [{{'$1', mgmt, '_', '_'}, [], [{'+', '$1', 1}]}])),
    p(map_body, ets:select(T, [{{'$1', mgmt, '$2', '_'}, [], [#{name => '$1', pay => '$2'}]}])),
    p(literals, ets:select(T, [{{'$1', mgmt, '_', '_'}, [], [<<"bin">>, 3.5]}])).

counting(T) ->
    io:format("-- select_count~n"),
    p(count_dev, ets:select_count(T, [{{'_', dev, '_', '_'}, [], [true]}])),
    p(count_guard, ets:select_count(T, [{{'_', '_', '$1', '_'}, [{'>=', '$1', 95}], [true]}])),
    p(count_non_true, ets:select_count(T, [{{'_', dev, '_', '_'}, [], [yes]}])),
    p(count_all, ets:select_count(T, [{'_', [], [true]}])).

chunks() ->
    io:format("-- chunks and continuations~n"),
    S = ets:new(s, [set]),
    ets:insert(S, [{I, I * I} || I <- lists:seq(1, 40)]),
    p(set_chunks, collect(ets:select(S, [{{'$1', '$2'}, [{'>', '$1', 5}], ['$1']}], 7))),
    p(set_chunks_all, collect(ets:select(S, [{{'$1', '_'}, [], ['$1']}], 100))),
    p(set_match_chunks, collect(ets:match(S, {'$1', '$2'}, 15))),
    p(set_match_object_chunks, length(lists:append(collect(ets:match_object(S, '_', 9))))),
    p(set_no_match, ets:select(S, [{{'$1', '_'}, [{'>', '$1', 100}], ['$1']}], 3)),
    p(set_reverse, ets:select_reverse(S, [{{'$1', '_'}, [{'<', '$1', 5}], ['$1']}])),
    B = ets:new(b, [bag]),
    ets:insert(B, [{I rem 4, I} || I <- lists:seq(1, 30)]),
    p(bag_chunks, collect(ets:select(B, [{{'$1', '$2'}, [], [{{'$1', '$2'}}]}], 6))),
    O = ets:new(o, [ordered_set]),
    ets:insert(O, [{I, I * 2} || I <- lists:seq(1, 25)]),
    p(ordered_select, ets:select(O, [{{'$1', '$2'}, [{'>', '$1', 20}], [{{'$2'}}]}])),
    p(ordered_chunks, collect(ets:select(O, [{{'$1', '_'}, [{'=:=', {'rem', '$1', 2}, 1}], ['$1']}], 4))),
    p(ordered_chunks_exact, collect(ets:select(O, [{{'$1', '_'}, [], ['$1']}], 5))),
    p(ordered_reverse, ets:select_reverse(O, [{{'$1', '_'}, [{'<', '$1', 6}], ['$1']}])),
    p(ordered_reverse_chunks, collect_rev(ets:select_reverse(O, [{{'$1', '_'}, [], ['$1']}], 10))),
    p(ordered_match_chunks, collect(ets:match(O, {'$1', '_'}, 12))),
    p(end_of_table, {ets:select('$end_of_table'), ets:match('$end_of_table'),
                     ets:match_object('$end_of_table')}),
    E = ets:new(e, []),
    p(empty_chunk, ets:select(E, [{'_', [], ['$_']}], 5)).

collect('$end_of_table') -> [];
collect({L, C}) -> [L | collect(ets:select(C))].

collect_rev('$end_of_table') -> [];
collect_rev({L, C}) -> [L | collect_rev(ets:select_reverse(C))].

deleting() ->
    io:format("-- select_delete and match_delete~n"),
    T = ets:new(d, [set]),
    ets:insert(T, [{I, I rem 3} || I <- lists:seq(1, 30)]),
    p(select_delete, ets:select_delete(T, [{{'_', 0}, [], [true]}])),
    p(size, ets:info(T, size)),
    p(select_delete_guard, ets:select_delete(T, [{{'$1', '_'}, [{'>', '$1', 20}], [true]}])),
    p(select_delete_non_true, ets:select_delete(T, [{{'$1', '_'}, [], [false]}])),
    p(left, lists:sort(ets:select(T, [{{'$1', '_'}, [], ['$1']}]))),
    p(match_delete, ets:match_delete(T, {'_', 1})),
    p(left_after_match_delete, lists:sort(ets:tab2list(T))),
    p(delete_all_spec, ets:select_delete(T, [{'_', [], [true]}])),
    p(empty, ets:tab2list(T)),
    O = ets:new(od, [ordered_set]),
    ets:insert(O, [{I} || I <- lists:seq(1, 10)]),
    p(ordered_select_delete, ets:select_delete(O, [{{'$1'}, [{'=:=', {'rem', '$1', 2}, 0}], [true]}])),
    p(ordered_left, ets:tab2list(O)).

run_specs() ->
    io:format("-- match_spec_compile and match_spec_run~n"),
    MS = ets:match_spec_compile([{{'$1', '$2'}, [{is_integer, '$2'}], [{{'$2', '$1'}}]}]),
    p(is_compiled, {ets:is_compiled_ms(MS), ets:is_compiled_ms(foo)}),
    p(run, ets:match_spec_run([{a, 1}, {b, x}, {c, 3}, nope], MS)),
    p(test_ms, ets:test_ms({a, 1}, [{{'$1', '$2'}, [], [{{'$2', '$1'}}]}])).
