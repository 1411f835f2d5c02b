%% call_time tracing (erlang:trace_pattern(MFA, true, [call_time]) and trace_info/2's
%% call_time item): calls counted per process, only for processes traced for calls (the
%% times are not shown: they vary); pause, restart and false; trace_info(on_load, Item).
-module(trace_call_time).
-export([main/0, seq/3, seq_r/3, outer/1, inner/1]).

main() ->
    0 = erlang:trace_pattern({'_', '_', '_'}, false, [call_time]) * 0,
    show(set_seq, erlang:trace_pattern({?MODULE, seq, '_'}, true, [call_time])),
    show(set_seq_r, erlang:trace_pattern({?MODULE, seq_r, '_'}, true, [call_time])),
    show(set_outer, erlang:trace_pattern({?MODULE, outer, 1}, true, [call_time])),
    show(set_inner, erlang:trace_pattern({?MODULE, inner, 1}, true, [call_time])),
    show(info_empty, erlang:trace_info({?MODULE, seq, 3}, call_time)),
    show(all_empty, erlang:trace_info({?MODULE, seq, 3}, all)),
    %% a process not traced for calls is not counted
    Untraced = worker(),
    run(Untraced, fun() -> seq(1, 10, fun(X) -> X + 1 end) end),
    show(untraced, erlang:trace_info({?MODULE, seq, 3}, call_time)),
    W = worker(),
    1 = erlang:trace(W, true, [call]),
    run(W, fun() -> seq(1, 100, fun(X) -> X + 1 end) end),
    show(seq_counts, counts(W, {?MODULE, seq, 3})),
    run(W, fun() -> seq_r(1, 100, fun(X) -> X + 1 end) end),
    show(seq_r3_counts, counts(W, {?MODULE, seq_r, 3})),
    show(seq_r4_counts, counts(W, {?MODULE, seq_r, 4})),
    %% outer spends little time of its own: inner's sleeps are inner's
    run(W, fun() -> outer(3) end),
    show(outer_counts, counts(W, {?MODULE, outer, 1})),
    show(inner_counts, counts(W, {?MODULE, inner, 1})),
    %% BIFs too
    show(set_bif, erlang:trace_pattern({erlang, phash2, 2}, true, [call_time])),
    run(W, fun() -> [erlang:phash2(I, 8) || I <- [a, b, c]] end),
    show(bif_counts, counts(W, {erlang, phash2, 2})),
    erlang:trace_pattern({erlang, phash2, 2}, false, [call_time]),
    %% pause keeps the figures and stops counting; restart clears them
    show(pause, erlang:trace_pattern({?MODULE, seq, 3}, pause, [call_time])),
    run(W, fun() -> seq(1, 5, fun(X) -> X + 1 end) end),
    show(paused_counts, counts(W, {?MODULE, seq, 3})),
    show(restart, erlang:trace_pattern({?MODULE, seq, 3}, restart, [call_time])),
    show(restarted, erlang:trace_info({?MODULE, seq, 3}, call_time)),
    run(W, fun() -> seq(1, 5, fun(X) -> X + 1 end) end),
    show(restarted_counts, counts(W, {?MODULE, seq, 3})),
    show(off, erlang:trace_pattern({?MODULE, seq, 3}, false, [call_time])),
    show(info_off, erlang:trace_info({?MODULE, seq, 3}, call_time)),
    %% a match specification needs local or meta beside call_time
    show(ms_alone, err(fun() -> erlang:trace_pattern({?MODULE, seq, 3},
                                                     [{'_', [], []}], [call_time]) end)),
    show(combined, erlang:trace_pattern({?MODULE, seq_r, 3}, [], [local, call_time])),
    show(combined_info, erlang:trace_info({?MODULE, seq_r, 3}, traced)),
    erlang:trace_pattern({'_', '_', '_'}, false, [local, call_time]),
    %% the on_load pattern is kept and shown
    show(on_load_off, erlang:trace_info(on_load, all)),
    show(set_on_load, erlang:trace_pattern(on_load, [{'_', [], [{return_trace}]}], [local])),
    show(on_load_local, [erlang:trace_info(on_load, K)
                         || K <- [traced, match_spec, meta, call_count, call_time, all]]),
    show(set_on_load_count, erlang:trace_pattern(on_load, true, [call_count])),
    show(on_load_count, erlang:trace_info(on_load, all)),
    show(on_load_global, erlang:trace_pattern(on_load, true, [])),
    show(on_load_global_info, erlang:trace_info(on_load, all)),
    show(on_load_false, erlang:trace_pattern(on_load, false, [])),
    show(on_load_false_info, erlang:trace_info(on_load, traced)),
    show(on_load_bad_item, err(fun() -> erlang:trace_info(on_load, nonsense) end)),
    W ! quit,
    Untraced ! quit,
    ok.

seq(Stop, Stop, _) -> [Stop];
seq(Start, Stop, Succ) -> [Start | seq(Succ(Start), Stop, Succ)].

seq_r(Start, Stop, Succ) -> seq_r(Start, Stop, Succ, []).
seq_r(Stop, Stop, _, R) -> [Stop | R];
seq_r(Start, Stop, Succ, R) -> seq_r(Succ(Start), Stop, Succ, [Start | R]).

outer(0) -> done;
outer(N) -> inner(N), outer(N - 1).

inner(_) -> receive after 10 -> ok end.

worker() ->
    spawn(fun Loop() ->
                  receive
                      {From, run, F} -> From ! {self(), ran, F()}, Loop();
                      quit -> ok
                  end
          end).

run(W, F) ->
    W ! {self(), run, F},
    receive {W, ran, R} -> R end.

%% The calls counted for W (the times are not deterministic).
counts(W, MFA) ->
    case erlang:trace_info(MFA, call_time) of
        {call_time, L} when is_list(L) ->
            [{C, is_integer(S) andalso is_integer(U)} || {P, C, S, U} <- L, P =:= W];
        Other -> Other
    end.

err(F) ->
    try F() of
        V -> {ok, V}
    catch
        C:R -> {C, R}
    end.

show(Tag, T) -> io:format("~p: ~p~n", [Tag, T]).
