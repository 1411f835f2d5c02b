%% Call-trace frames: return_to (on return, for BIFs, and when an exception is caught in
%% the function returned to), caller() seen through a return_trace frame, meta tracing's
%% return_trace and exception_trace (also on BIFs), exception_trace on a raising BIF, a
%% global pattern clearing local ones, and getting_unlinked only when the exit signal does
%% not end the process, and unregister after exit. Pids are printed as names given in order of appearance.
-module(trace_return_to).
-export([main/0, outer/0, middle/1, leaf/1, thrower/0, catcher/0, wrap/1, runner/0]).

main() ->
    put(names, [{self(), main}]),
    Tracer = spawn(fun() -> tracer([]) end),
    name(Tracer, tracer),
    MetaTracer = spawn(fun() -> tracer([]) end),
    name(MetaTracer, meta_tracer),
    R = spawn(fun runner/0),
    name(R, runner),
    1 = erlang:trace(R, true, [call, return_to, {tracer, Tracer}]),
    %% return_to with local patterns; caller through a return_trace frame
    Caller = [{'_', [], [{return_trace}, {message, {caller}}]}],
    show(set_local, erlang:trace_pattern({?MODULE, middle, 1}, Caller, [local])),
    show(set_local, erlang:trace_pattern({?MODULE, leaf, 1}, Caller, [local])),
    show(set_bif, erlang:trace_pattern({erlang, integer_to_list, 1}, Caller, [local])),
    run(R, fun outer/0),
    flush_tracer(Tracer),
    %% an exception caught in the function a return-to frame returns to
    show(set_thrower, erlang:trace_pattern({?MODULE, thrower, 0}, true, [local])),
    run(R, fun catcher/0),
    flush_tracer(Tracer),
    erlang:trace_pattern({'_', '_', '_'}, false, [local]),
    %% exception_trace on a BIF that raises
    Exc = [{'_', [], [{exception_trace}]}],
    show(set_exit, erlang:trace_pattern({erlang, exit, 1}, Exc, [local])),
    show(set_wrap, erlang:trace_pattern({?MODULE, wrap, 1}, Exc, [local])),
    run(R, fun() -> catch wrap(fun() -> exit(oops) end) end),
    flush_tracer(Tracer),
    erlang:trace_pattern({'_', '_', '_'}, false, [local]),
    %% meta tracing: return_from and exception_from go to the meta tracer (timestamped)
    show(set_meta, erlang:trace_pattern({?MODULE, leaf, 1}, Exc, [{meta, MetaTracer}])),
    show(set_meta_bif, erlang:trace_pattern({erlang, phash2, 2}, Exc, [{meta, MetaTracer}])),
    show(meta_info, erlang:trace_info({erlang, phash2, 2}, meta)),
    run(R, fun() -> {leaf(1), erlang:phash2(x, 4)} end),
    run(R, fun() -> catch leaf(crash) end),
    flush_tracer(MetaTracer),
    erlang:trace_pattern({'_', '_', '_'}, false, [meta]),
    %% a global pattern clears the local ones it matches
    erlang:trace_pattern({?MODULE, '_', '_'}, [], [local]),
    show(global_count, erlang:trace_pattern({?MODULE, '_', '_'}, [], [])),
    show(middle_traced, erlang:trace_info({?MODULE, middle, 1}, traced)),
    show(wrap_traced, erlang:trace_info({?MODULE, wrap, 1}, traced)),
    erlang:trace_pattern({'_', '_', '_'}, false, []),
    %% getting_unlinked: traced when the exit signal is trapped, not when it kills
    process_flag(trap_exit, true),
    L = spawn_link(fun() -> receive {link_to, P, Q} -> link(P), link(Q) end,
                            receive go -> exit(bye) end end),
    name(L, linker),
    T1 = spawn(fun() -> process_flag(trap_exit, true), receive stop -> ok end end),
    name(T1, trapping),
    T2 = spawn(fun() -> receive stop -> ok end end),
    name(T2, not_trapping),
    true = register(trace_return_to_t2, T2), % its exit unregisters it: traced after exit
    1 = erlang:trace(T1, true, [procs, {tracer, Tracer}]),
    1 = erlang:trace(T2, true, [procs, {tracer, Tracer}]),
    L ! {link_to, T1, T2},
    timer:sleep(20),
    L ! go,
    receive {'EXIT', L, bye} -> ok end,
    timer:sleep(20),
    T1 ! stop,
    flush_tracer(Tracer, sorted),
    ok.

outer() -> middle(1), done.
middle(N) -> leaf(N) + length(integer_to_list(N)).
leaf(crash) -> error(crashed);
leaf(N) -> N + 1.

thrower() -> throw(up).
catcher() -> catch thrower(), caught.

wrap(F) -> F().

runner() ->
    receive
        {From, F} -> From ! {self(), F()}, runner()
    end.

run(R, F) ->
    R ! {self(), F},
    receive {R, V} -> V end.

tracer(Acc) ->
    receive
        {flush, From} -> From ! {trace_msgs, lists:reverse(Acc)}, tracer([]);
        M -> tracer([M | Acc])
    end.

flush_tracer(Tracer) -> flush_tracer(Tracer, in_order).

%% sorted: messages about different processes may interleave; each process's come in order.
flush_tracer(Tracer, How) ->
    Ref = erlang:trace_delivered(all),
    receive {trace_delivered, all, Ref} -> ok end,
    timer:sleep(20),
    Tracer ! {flush, self()},
    receive
        {trace_msgs, Ms} when How =:= in_order -> [show(trace, mask(M)) || M <- Ms];
        {trace_msgs, Ms} -> [show(trace, M) || M <- lists:keysort(2, [names(M) || M <- Ms])]
    end.

name(Pid, Name) -> put(names, [{Pid, Name} | get(names)]).

%% Timestamps and the funs run are shown by kind; the stack of an error is left out.
mask({trace_ts, P, Tag, MFA, {error, R}, {_, _, _}}) -> {trace_ts, P, Tag, MFA, {error, R}, ts};
mask(M) when element(1, M) =:= trace_ts ->
    list_to_tuple([fn(E) || E <- lists:droplast(tuple_to_list(M))] ++ [ts]);
mask(M) when is_tuple(M) -> list_to_tuple([fn(E) || E <- tuple_to_list(M)]);
mask(M) -> M.

fn({M, F, A}) when is_atom(F), is_integer(A) ->
    case atom_to_list(F) of
        "-" ++ _ -> {M, a_fun, A};
        _ -> {M, F, A}
    end;
fn({M, F, Args}) when is_list(Args) -> {M, F, [fn(X) || X <- Args]};
fn(F) when is_function(F) -> a_fun;
fn(X) -> X.

show(Tag, T) -> io:format("~p: ~p~n", [Tag, names(T)]).

names(P) when is_pid(P) ->
    case lists:keyfind(P, 1, get(names)) of
        {_, N} -> N;
        false -> other_pid
    end;
names(T) when is_tuple(T) -> list_to_tuple(names(tuple_to_list(T)));
names([H | T]) -> [names(H) | names(T)];
names(X) -> X.
