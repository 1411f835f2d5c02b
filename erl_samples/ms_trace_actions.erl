%% Trace match specification actions at work: enable_trace on another process (which takes
%% over the tracer), disable_trace by registered name (the call's own message still goes
%% out), caller, caller_line ({M, F, A, {File, Line}}) and the trace control word.
-module(ms_trace_actions).
-export([main/0, f2/2, f3/2, f1/1, runner/0]).

f1(X) -> X.
f2(A, B) -> {A, B}.
f3(A, B) -> _ = ?MODULE:f2(A, B), ok.

runner() ->
    receive go -> ok end,
    register(ms_trace_actions_runner, self()),
    _ = ?MODULE:f2(a, b),
    _ = ?MODULE:f2(a, b),
    receive stop -> ok end.

main() ->
    Self = self(),
    P1 = spawn(?MODULE, runner, []),
    Pat = [{['$1', '$1'], [], [{message, [{enable_trace, P1, call}, {caller}]}]},
           {['_', '_'], [], [{message, [{disable_trace, ms_trace_actions_runner, call}]}]}],
    P2 = spawn(fun() -> receive go -> ok end, ?MODULE:f3(a, a), Self ! done end),
    1 = erlang:trace(P2, true, [call]),
    1 = erlang:trace_pattern({?MODULE, f2, 2}, Pat),
    P2 ! go,
    receive done -> ok end,
    io:format("P1 after enable_trace: ~p ~p~n",
              [erlang:trace_info(P1, flags), element(2, erlang:trace_info(P1, tracer)) =:= Self]),
    P1 ! go,
    receive {trace, P1, call, _, _} = M1 -> show(M1, P1, P2) end,
    receive {trace, P2, call, _, _} = M2 -> show(M2, P1, P2) end,
    timer:sleep(50),
    io:format("P1 after disable_trace: ~p~n", [erlang:trace_info(P1, flags)]),
    P1 ! stop,
    %% caller_line and the trace control word
    P3 = spawn(fun() -> receive go -> ok end, _ = ?MODULE:f1(x), Self ! done end),
    1 = erlang:trace(P3, true, [call]),
    0 = erlang:system_flag(trace_control_word, 7),
    1 = erlang:trace_pattern({?MODULE, f1, 1},
                             [{'_', [{'=:=', {get_tcw}, 7}],
                               [{message, {{{caller_line}, {set_tcw, 9}}}}]}], [local]),
    P3 ! go,
    receive done -> ok end,
    receive {trace, P3, call, What, {{M, F, A, {File, Line}}, Old}} ->
        io:format("caller_line ~p ~p ~p ~p ~p ~p tcw ~p ~p~n",
                  [What, M, F, A, filename:basename(File), Line, Old,
                   erlang:system_info(trace_control_word)])
    end,
    erlang:system_flag(trace_control_word, 0),
    ok.

show({trace, Who, call, MFA, Extra}, P1, P2) ->
    Name = if Who =:= P1 -> p1; Who =:= P2 -> p2 end,
    io:format("~p call ~p ~p~n", [Name, MFA, Extra]).
