%% Call tracing: erlang:trace_pattern/3 (global and local, match specifications with
%% return_trace, exception_trace, message, caller, silent), the call, arity, return_from
%% and exception_from messages, trace_info/2 on functions and call_count.
-module(trace_call).
-export([main/0, fact/1, ext/1, fails/1, twice/1, loop/0, id/1, bs_sum/2]).

main() ->
    Self = self(),
    Tracer = spawn(fun() -> tracer([]) end),
    Worker = spawn(fun loop/0),
    1 = erlang:trace(Worker, true, [call, {tracer, Tracer}]),
    %% global: calls by name only
    show(global_count, erlang:trace_pattern({?MODULE, ext, 1}, true, [global])),
    show(traced_global, erlang:trace_info({?MODULE, ext, 1}, traced)),
    run(Worker, fun() -> ?MODULE:ext(1), ext(2) end),
    flush(Tracer, global),
    %% local with return_trace: recursion shows every level
    show(local_count, erlang:trace_pattern({?MODULE, fact, 1},
                                           [{'_', [], [{return_trace}]}], [local])),
    show(traced_local, erlang:trace_info({?MODULE, fact, 1}, traced)),
    show(match_spec, erlang:trace_info({?MODULE, fact, 1}, match_spec)),
    run(Worker, fun() -> fact(3) end),
    flush(Tracer, fact),
    %% a head that selects, message/1 and caller/0
    erlang:trace_pattern({?MODULE, fact, 1},
                         [{[0], [], [{message, {caller}}]}], [local]),
    run(Worker, fun() -> fact(2) end),
    flush(Tracer, fact_selected),
    %% message(false): no call message, return_trace still
    erlang:trace_pattern({?MODULE, twice, 1}, [{'_', [], [{message, false}, {return_trace}]}],
                         [local]),
    run(Worker, fun() -> twice(21) end),
    flush(Tracer, message_false),
    %% exception_trace
    erlang:trace_pattern({?MODULE, fails, 1}, [{'_', [], [{exception_trace}]}], [local]),
    run(Worker, fun() -> catch fails(throw), catch fails(error), catch fails(ok) end),
    flush(Tracer, exceptions),
    %% the arity flag
    1 = erlang:trace(Worker, true, [arity, {tracer, Tracer}]),
    run(Worker, fun() -> twice(1) end),
    flush(Tracer, arity),
    1 = erlang:trace(Worker, false, [arity, {tracer, Tracer}]),
    %% silent: no call messages until silent(false)
    erlang:trace_pattern({?MODULE, ext, 1}, [{['$1'], [{'==', '$1', on}], [{silent, false}]},
                                             {['$1'], [{'==', '$1', off}], [{silent, true}]},
                                             {'_', [], []}], [local]),
    run(Worker, fun() -> ext(off), ext(a), ext(on), ext(b) end),
    flush(Tracer, silent),
    %% switching off
    show(off_count, erlang:trace_pattern({?MODULE, '_', '_'}, false, [local])),
    show(traced_off, erlang:trace_info({?MODULE, fact, 1}, traced)),
    run(Worker, fun() -> fact(2), ext(1) end),
    flush(Tracer, off),
    %% call_count
    show(count_on, erlang:trace_pattern({?MODULE, twice, 1}, true, [call_count])),
    run(Worker, fun() -> [twice(I) || I <- lists:seq(1, 5)] end),
    show(call_count, erlang:trace_info({?MODULE, twice, 1}, call_count)),
    erlang:trace_pattern({?MODULE, twice, 1}, pause, [call_count]),
    run(Worker, fun() -> twice(1) end),
    show(call_count_paused, erlang:trace_info({?MODULE, twice, 1}, call_count)),
    erlang:trace_pattern({?MODULE, twice, 1}, restart, [call_count]),
    show(call_count_restarted, erlang:trace_info({?MODULE, twice, 1}, call_count)),
    erlang:trace_pattern({?MODULE, twice, 1}, false, [call_count]),
    show(call_count_off, erlang:trace_info({?MODULE, twice, 1}, call_count)),
    %% trace_info of functions
    show(info_unknown, erlang:trace_info({?MODULE, nope, 0}, traced)),
    show(info_all_untraced, erlang:trace_info({?MODULE, fact, 1}, all)),
    erlang:trace_pattern({?MODULE, fact, 1}, [{'_', [], [{return_trace}]}], [local]),
    show(info_all, erlang:trace_info({?MODULE, fact, 1}, all)),
    erlang:trace_pattern({?MODULE, fact, 1}, false, [local]),
    %% errors
    show(bad_ms, err(fun() -> erlang:trace_pattern({?MODULE, fact, 1}, [{'_', [], [{nope}]}], [local]) end)),
    show(bad_mfa, err(fun() -> erlang:trace_pattern({'_', fact, 1}, true, [local]) end)),
    show(bad_flag, err(fun() -> erlang:trace_pattern({?MODULE, fact, 1}, true, [nope]) end)),
    show(global_and_local, err(fun() -> erlang:trace_pattern({?MODULE, fact, 1}, true, [global, local]) end)),
    %% a module-wide local pattern counts every function
    show(module_count, erlang:trace_pattern({?MODULE, '_', '_'}, true, [local])),
    show(module_count_off, erlang:trace_pattern({?MODULE, '_', '_'}, false, [local])),
    show(global_module_count, erlang:trace_pattern({?MODULE, '_', '_'}, true, [global])),
    show(global_module_count_off, erlang:trace_pattern({?MODULE, '_', '_'}, false, [global])),
    %% a binary-matching loop passes a match context: it shows as the rest of the binary
    erlang:trace_pattern({?MODULE, bs_sum, 2}, [{'_', [], [{return_trace}]}], [local]),
    run(Worker, fun() -> bs_sum(<<1, 2, 3>>, 0) end),
    flush(Tracer, bs_loop),
    erlang:trace_pattern({?MODULE, bs_sum, 2}, false, [local]),
    %% BIFs called from Erlang code
    show(bif_count, erlang:trace_pattern({lists, member, 2}, [{'_', [], [{return_trace}]}], [global])),
    show(bif_count2, erlang:trace_pattern({erlang, list_to_integer, 1}, true, [local])),
    show(bif_traced, erlang:trace_info({lists, member, 2}, traced)),
    run(Worker, fun() -> lists:member(b, [a, b]), list_to_integer(id("42")) end),
    flush(Tracer, bifs),
    erlang:trace_pattern({lists, member, 2}, false, [global]),
    erlang:trace_pattern({erlang, list_to_integer, 1}, false, [local]),
    run(Worker, fun() -> lists:member(b, [a, b]), list_to_integer(id("42")) end),
    flush(Tracer, bifs_off),
    show(lists_count, erlang:trace_pattern({lists, reverse, '_'}, true, [global])),
    erlang:trace_pattern({lists, reverse, '_'}, false, [global]),
    Worker ! stop,
    Self = self(),
    ok.

fact(0) -> 1;
fact(N) -> N * fact(N - 1).

ext(X) -> {ext, X}.

twice(X) -> 2 * X.

id(X) -> X.

bs_sum(<<H, T/binary>>, Acc) -> bs_sum(T, H + Acc);
bs_sum(<<>>, Acc) -> Acc.

fails(throw) -> throw(thrown);
fails(error) -> error(failed);
fails(ok) -> ok.

loop() ->
    receive
        {run, F, From} -> From ! {done, F()}, loop();
        stop -> ok
    end.

run(Worker, F) ->
    Worker ! {run, F, self()},
    receive {done, R} -> R end.

tracer(Acc) ->
    receive
        {flush, From} -> From ! {trace_msgs, lists:reverse(Acc)}, tracer([]);
        M -> tracer([M | Acc])
    end.

flush(Tracer, Tag) ->
    Ref = erlang:trace_delivered(all),
    receive {trace_delivered, all, Ref} -> ok end,
    Tracer ! {flush, self()},
    receive {trace_msgs, Ms} -> [show(Tag, mask(M)) || M <- Ms] end.

mask(T) when is_pid(T) -> pid;
mask(T) when is_function(T) -> 'fun';
mask(T) when is_tuple(T) -> list_to_tuple(mask(tuple_to_list(T)));
mask([H | T]) -> [mask(H) | mask(T)];
mask(X) -> X.

err(F) ->
    try F() of
        V -> {ok, V}
    catch
        C:R:S -> {C, R, hd(S)}
    end.

show(Tag, T) -> io:format("~p: ~p~n", [Tag, mask(T)]).
