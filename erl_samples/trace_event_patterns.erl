%% Trace patterns on the send and 'receive' events (erlang:trace_pattern(send | 'receive',
%% MatchSpec, [])): which messages are traced, message/1's extra element, silent,
%% trace_info(send | 'receive', match_spec), the restrictions on their specifications;
%% 'receive' traces of a receive timeout, of exit signals and monitors turned into messages,
%% and the scheduler_id flag. Pids are printed as names given in order of appearance.
-module(trace_event_patterns).
-export([main/0]).

main() ->
    put(names, [{self(), main}]),
    Tracer = spawn(fun() -> tracer([]) end),
    name(Tracer, tracer),
    Echo = spawn(fun echo/0),
    name(Echo, echo),
    1 = erlang:trace(Echo, true, [send, 'receive', {tracer, Tracer}]),
    show(info_default, [erlang:trace_info(send, match_spec),
                        erlang:trace_info('receive', match_spec)]),
    %% send patterns: [To, Msg]
    Sends = [[{['$1', '_'], [{is_pid, '$1'}], []}],
             [{['_', {echo, '$1'}], [{'==', '$1', two}], []}],
             [{['_', '_'], [], [{message, extra}]}],
             [{['_', '_'], [], [{message, false}]}],
             [{['_', '_'], [], [{message, {process_dump}}]}],
             false, true],
    lists:foreach(
      fun(Ms) ->
              show(set_send, erlang:trace_pattern(send, Ms, [])),
              show(send_info, erlang:trace_info(send, match_spec)),
              ping(Echo, one),
              ping(Echo, two),
              flush_tracer(Tracer)
      end, Sends),
    %% silent set by a send specification silences the process until turned off
    erlang:trace_pattern(send, [{'_', [], [{silent, true}]}], []),
    ping(Echo, silenced),
    show(silent_flags, erlang:trace_info(Echo, flags)),
    erlang:trace(Echo, false, [silent]),
    erlang:trace_pattern(send, true, []),
    flush_tracer(Tracer),
    %% 'receive' patterns: [Node, Sender, Msg]
    Self = self(),
    Node = node(),
    Receives = [[{[Node, Self, '_'], [], []}],
                [{['_', '$1', '_'], [{'=/=', '$1', Self}], []}],
                [{['_', '_', {'_', '$1'}], [{is_atom, '$1'}], [{message, {{got, '$1'}}}]}],
                [], false, true],
    lists:foreach(
      fun(Ms) ->
              show(set_receive, erlang:trace_pattern('receive', Ms, [])),
              show(receive_info, erlang:trace_info('receive', match_spec)),
              ping(Echo, three),
              flush_tracer(Tracer)
      end, Receives),
    %% restrictions: no caller for send; no tracing functions for 'receive'; no flags
    show(send_caller, err(fun() -> erlang:trace_pattern(send, [{'_', [], [{caller}]}], []) end)),
    show(send_dump, erlang:trace_pattern(send, [{'_', [], [{message, {process_dump}}]}], [])),
    erlang:trace_pattern(send, true, []),
    [show(receive_restricted,
          err(fun() -> erlang:trace_pattern('receive', [{'_', [], [B]}], []) end))
     || B <- [{message, {process_dump}}, {silent, true}, {caller}, {enable_trace, call}]],
    show(receive_message_ok,
         erlang:trace_pattern('receive', [{'_', [], [{message, x}]}], [])),
    erlang:trace_pattern('receive', true, []),
    [show(bad_flags, err(fun() -> erlang:trace_pattern(send, P, F) end))
     || {P, F} <- [{true, [global]}, {true, [local]}, {true, [call_count]},
                   {restart, []}, {pause, []}]],
    show(bad_event, err(fun() -> erlang:trace_pattern(other_event, true, []) end)),
    show(bad_info, err(fun() -> erlang:trace_info(send, flags) end)),
    %% a receive timeout is traced as the message timeout
    Echo ! {self(), wait},
    receive {echo, waited} -> ok end,
    flush_tracer(Tracer),
    %% exit signals and monitors turned into messages are traced as received
    Echo ! {self(), trap_and_link},
    receive {echo, trapping} -> ok end,
    flush_tracer(Tracer),
    %% scheduler_id adds the scheduler's number before the timestamp
    1 = erlang:trace(Echo, true, [scheduler_id, strict_monotonic_timestamp,
                                  monotonic_timestamp, {tracer, Tracer}]),
    ping(Echo, four),
    1 = erlang:trace(Echo, false, [scheduler_id, strict_monotonic_timestamp,
                                   monotonic_timestamp]),
    flush_tracer(Tracer),
    Echo ! stop,
    ok.

ping(Echo, What) ->
    Echo ! {self(), What},
    receive {echo, What} -> ok end.

echo() ->
    receive
        {From, wait} ->
            receive never -> ok after 10 -> ok end,
            From ! {echo, waited},
            echo();
        {From, trap_and_link} ->
            process_flag(trap_exit, true),
            P = spawn_link(fun() -> exit(bye) end),
            receive {'EXIT', P, bye} -> ok end,
            {Q, Ref} = spawn_monitor(fun() -> ok end),
            receive {'DOWN', Ref, process, Q, normal} -> ok end,
            From ! {echo, trapping},
            echo();
        {From, Msg} ->
            From ! {echo, Msg},
            echo();
        stop ->
            ok
    end.

tracer(Acc) ->
    receive
        {flush, From} -> From ! {trace_msgs, lists:reverse(Acc)}, tracer([]);
        M -> tracer([M | Acc])
    end.

flush_tracer(Tracer) ->
    Ref = erlang:trace_delivered(all),
    receive {trace_delivered, all, Ref} -> ok end,
    timer:sleep(20),
    Tracer ! {flush, self()},
    receive
        {trace_msgs, Ms} -> [show(trace, mask(M)) || M <- Ms]
    end.

err(F) ->
    try F() of
        V -> {ok, V}
    catch
        C:R -> {C, R}
    end.

name(Pid, Name) -> put(names, [{Pid, Name} | get(names)]).

%% Pids of processes the sample did not name, process dumps, scheduler ids and
%% timestamps are shown by kind.
mask({trace_ts, P, 'receive', M, Sched, {T, U}}) when is_integer(Sched), is_integer(T),
                                                      is_integer(U) ->
    {trace_ts, P, 'receive', M, scheduler_id, strict};
mask({trace_ts, P, send, M, To, Sched, {T, U}}) when is_integer(Sched), is_integer(T),
                                                     is_integer(U) ->
    {trace_ts, P, send, M, To, scheduler_id, strict};
mask({trace, P, send, M, To, Dump}) when is_binary(Dump) ->
    {trace, P, send, M, To, binary};
mask(M) -> M.

show(Tag, T) -> io:format("~p: ~p~n", [Tag, names(T)]).

names(R) when is_reference(R) -> ref;
names(P) when is_pid(P) ->
    case lists:keyfind(P, 1, get(names)) of
        {_, N} -> N;
        false -> other_pid
    end;
names(T) when is_tuple(T) -> list_to_tuple(names(tuple_to_list(T)));
names([H | T]) -> [names(H) | names(T)];
names(X) -> X.
