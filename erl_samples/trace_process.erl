%% Process tracing with erlang:trace/3: send, 'receive', procs, set_on_spawn,
%% set_on_first_spawn, set_on_link, timestamps (masked), silent flags and trace_info/2.
%% Pids are printed as names given in order of appearance.
-module(trace_process).
-export([main/0]).

main() ->
    put(names, [{self(), main}]),
    Tracer = spawn(fun() -> tracer([]) end),
    name(Tracer, tracer),
    %% send and receive
    Echo = spawn(fun echo/0),
    name(Echo, echo),
    1 = erlang:trace(Echo, true, ['receive', send, {tracer, Tracer}]),
    show(trace_info, erlang:trace_info(Echo, flags)),
    show(tracer_info, erlang:trace_info(Echo, tracer)),
    Echo ! {self(), hello},
    receive {echo, hello} -> ok end,
    Echo ! {self(), world},
    receive {echo, world} -> ok end,
    flush_tracer(Tracer),
    %% procs: spawn, link, exit, register; set_on_spawn passes flags on
    Parent = spawn(fun parent/0),
    name(Parent, parent),
    1 = erlang:trace(Parent, true, [procs, set_on_spawn, {tracer, Tracer}]),
    show(parent_flags, erlang:trace_info(Parent, flags)),
    Parent ! {go, self()},
    Child = receive {child, C} -> C end,
    name(Child, child),
    show(child_flags, erlang:trace_info(Child, flags)),
    Child ! stop,
    receive {parent_done, R} -> show(parent_done, R) end,
    flush_tracer(Tracer),
    %% timestamps: trace_ts with the timestamp last
    Ts = spawn(fun echo/0),
    name(Ts, ts),
    1 = erlang:trace(Ts, true, ['receive', timestamp, {tracer, Tracer}]),
    Ts ! {self(), stamped},
    receive {echo, stamped} -> ok end,
    1 = erlang:trace(Ts, true, ['receive', monotonic_timestamp, {tracer, Tracer}]),
    show(ts_flags, erlang:trace_info(Ts, flags)),
    flush_tracer(Tracer),
    %% turning flags off; all flags off drops the tracer
    1 = erlang:trace(Ts, false, [timestamp, monotonic_timestamp]),
    show(ts_flags_after, erlang:trace_info(Ts, flags)),
    1 = erlang:trace(Ts, false, ['receive']),
    show(ts_tracer_after, erlang:trace_info(Ts, tracer)),
    %% errors
    show(bad_flag, err(fun() -> erlang:trace(Ts, true, [nonsense]) end)),
    show(bad_how, err(fun() -> erlang:trace(Ts, maybe, [send]) end)),
    Dead = spawn(fun() -> ok end),
    Ref = monitor(process, Dead),
    receive {'DOWN', Ref, _, _, _} -> ok end,
    show(dead_pid, err(fun() -> erlang:trace(Dead, true, [send]) end)),
    show(dead_info, erlang:trace_info(Dead, flags)),
    show(bad_item, err(fun() -> erlang:trace_info(Ts, nonsense) end)),
    %% new processes
    show(new_count, erlang:trace(new, true, [procs, {tracer, Tracer}])),
    show(new_info, erlang:trace_info(new, flags)),
    New = spawn(fun() -> receive stop -> ok end end),
    name(New, new),
    show(new_proc_flags, erlang:trace_info(New, flags)),
    erlang:trace(new, false, [procs]),
    show(new_info_after, erlang:trace_info(new, flags)),
    New ! stop,
    NRef = monitor(process, New),
    receive {'DOWN', NRef, _, _, _} -> ok end,
    flush_tracer(Tracer),
    %% trace_delivered
    DRef = erlang:trace_delivered(Echo),
    receive {trace_delivered, Echo, DRef} -> show(delivered, ok) end,
    %% a dead tracer ends the tracing
    T2 = spawn(fun() -> receive stop -> ok end end),
    show(other_tracer, err(fun() -> erlang:trace(Echo, true, [send, {tracer, T2}]) end)),
    1 = erlang:trace(Echo, false, [send, 'receive']),
    1 = erlang:trace(Echo, true, [send, {tracer, T2}]),
    show(other_tracer_now, erlang:trace_info(Echo, flags)),
    T2Ref = monitor(process, T2),
    T2 ! stop,
    receive {'DOWN', T2Ref, _, _, _} -> ok end,
    show(after_tracer_died, erlang:trace_info(Echo, flags)),
    ok.

echo() ->
    receive
        {From, Msg} -> From ! {echo, Msg}, echo();
        stop -> ok
    end.

parent() ->
    receive {go, Main} -> ok end,
    register(trace_sample_parent, self()),
    Child = spawn_link(fun() -> receive stop -> ok end end),
    Main ! {child, Child},
    process_flag(trap_exit, true),
    receive {'EXIT', Child, R} -> Main ! {parent_done, R} end,
    unregister(trace_sample_parent).

tracer(Acc) ->
    receive
        {flush, From} -> From ! {trace_msgs, lists:reverse(Acc)}, tracer([]);
        M -> tracer([M | Acc])
    end.

%% Every trace message so far (trace messages to the tracer come before a flush sent after
%% the traced events were seen to finish).
flush_tracer(Tracer) ->
    Ref = erlang:trace_delivered(all),
    receive {trace_delivered, all, Ref} -> ok end,
    timer:sleep(50),
    Tracer ! {flush, self()},
    %% Messages about one process come in order; those about different ones are sorted by
    %% the process's name.
    receive
        {trace_msgs, Ms} ->
            Named = [names(mask(M)) || M <- Ms],
            [show(trace, M) || M <- lists:keysort(2, Named)]
    end.

%% An error without the stack trace below the failing call.
err(F) ->
    try F() of
        V -> {ok, V}
    catch
        C:R:S -> {C, R, hd(S)}
    end.

name(Pid, Name) -> put(names, [{Pid, Name} | get(names)]).

mask({trace_ts, P, Tag, A, Ts}) when is_tuple(Ts); is_integer(Ts) ->
    {trace_ts, P, Tag, A, ts_kind(Ts)};
mask(M) -> M.

ts_kind({_, _, _}) -> now_timestamp;
ts_kind(I) when is_integer(I) -> monotonic;
ts_kind({_, _}) -> strict.

show(Tag, T) -> io:format("~p: ~p~n", [Tag, names(T)]).

names(P) when is_pid(P) ->
    case lists:keyfind(P, 1, get(names)) of
        {_, N} -> N;
        false -> other_pid
    end;
names(T) when is_tuple(T) -> list_to_tuple(names(tuple_to_list(T)));
names([H | T]) -> [names(H) | names(T)];
names(X) -> X.
