-module(proc_suspend).
-export([main/0]).

%% erlang:suspend_process/1,2 and resume_process/1 as erts runs them: counts per
%% suspender, unless_suspending, asynchronous requests and their replies, the errors,
%% a suspended process that still gets killed, and a suspender whose exit resumes.

main() ->
    waiting(),
    busy(),
    counts(),
    async(),
    errors(),
    killed_while_suspended(),
    suspender_exit(),
    ok.

echo() ->
    receive
        {From, X} -> From ! {self(), X}, echo()
    end.

waiting() ->
    P = spawn(fun echo/0),
    true = erlang:suspend_process(P),
    io:format("status ~p~n", [process_info(P, status)]),
    io:format("suspending ~p~n", [strip(process_info(self(), suspending), P)]),
    P ! {self(), hello},
    receive {P, _} -> io:format("reply while suspended~n") after 50 -> ok end,
    io:format("queue ~p~n", [process_info(P, message_queue_len)]),
    true = erlang:resume_process(P),
    receive {P, M} -> io:format("after resume ~p~n", [M]) end,
    io:format("status after resume ~p~n", [running(P)]),
    io:format("suspending ~p~n", [process_info(self(), suspending)]),
    exit(P, kill).

busy() ->
    T = ets:new(t, [public]),
    ets:insert(T, {n, 0}),
    P = spawn(fun() -> count(T) end),
    wait_count(T, 1000),
    true = erlang:suspend_process(P),
    [{n, A}] = ets:lookup(T, n),
    receive after 30 -> ok end,
    [{n, B}] = ets:lookup(T, n),
    io:format("busy process stopped: ~p~n", [A =:= B]),
    true = erlang:resume_process(P),
    wait_count(T, B + 1000),
    io:format("busy process runs again~n"),
    exit(P, kill).

count(T) ->
    ets:update_counter(T, n, 1),
    count(T).

wait_count(T, N) ->
    case ets:lookup(T, n) of
        [{n, C}] when C >= N -> ok;
        _ -> erlang:yield(), wait_count(T, N)
    end.

counts() ->
    P = spawn(fun echo/0),
    true = erlang:suspend_process(P),
    true = erlang:suspend_process(P, []),
    io:format("unless_suspending ~p~n", [erlang:suspend_process(P, [unless_suspending])]),
    io:format("suspending ~p~n", [strip(process_info(self(), suspending), P)]),
    true = erlang:resume_process(P),
    io:format("status after one resume ~p~n", [process_info(P, status)]),
    true = erlang:resume_process(P),
    P ! {self(), x},
    receive {P, x} -> ok end,
    io:format("status after both ~p~n", [running(P)]),
    io:format("resume again ~p~n", [catch_reason(fun() -> erlang:resume_process(P) end)]),
    Q = spawn(fun echo/0),
    io:format("unless_suspending first ~p~n", [erlang:suspend_process(Q, [unless_suspending])]),
    io:format("status ~p~n", [process_info(Q, status)]),
    true = erlang:resume_process(Q),
    exit(P, kill),
    exit(Q, kill).

async() ->
    P = spawn(fun echo/0),
    Tag = {tag, 1},
    true = erlang:suspend_process(P, [{asynchronous, Tag}]),
    receive {Tag, R} -> io:format("async reply ~p~n", [R]) end,
    io:format("status ~p~n", [process_info(P, status)]),
    true = erlang:suspend_process(P, [asynchronous]),
    io:format("suspending ~p~n", [strip(process_info(self(), suspending), P)]),
    true = erlang:resume_process(P),
    true = erlang:resume_process(P),
    exit(P, kill),
    Dead = dead(),
    io:format("async to dead ~p~n", [erlang:suspend_process(Dead, [{asynchronous, dead}])]),
    receive {dead, D} -> io:format("reply from dead ~p~n", [D]) end,
    io:format("plain async to dead ~p~n", [erlang:suspend_process(Dead, [asynchronous])]).

errors() ->
    Dead = dead(),
    io:format("self ~p~n", [catch_reason(fun() -> erlang:suspend_process(self()) end)]),
    io:format("dead ~p~n", [catch_reason(fun() -> erlang:suspend_process(Dead) end)]),
    io:format("atom ~p~n", [catch_reason(fun() -> erlang:suspend_process(foo) end)]),
    io:format("bad option ~p~n",
              [catch_reason(fun() -> erlang:suspend_process(Dead, [bad]) end)]),
    io:format("improper options ~p~n",
              [catch_reason(fun() -> erlang:suspend_process(Dead, [asynchronous | x]) end)]),
    io:format("resume self ~p~n", [catch_reason(fun() -> erlang:resume_process(self()) end)]),
    io:format("resume dead ~p~n", [catch_reason(fun() -> erlang:resume_process(Dead) end)]),
    io:format("resume atom ~p~n", [catch_reason(fun() -> erlang:resume_process(foo) end)]).

killed_while_suspended() ->
    {P, M} = spawn_monitor(fun echo/0),
    true = erlang:suspend_process(P),
    exit(P, kill),
    receive {'DOWN', M, process, P, R} -> io:format("suspended process exits: ~p~n", [R]) end,
    io:format("resume after its death ~p~n",
              [catch_reason(fun() -> erlang:resume_process(P) end)]).

suspender_exit() ->
    P = spawn(fun echo/0),
    Self = self(),
    {S, M} = spawn_monitor(fun() ->
                                   true = erlang:suspend_process(P),
                                   true = erlang:suspend_process(P),
                                   Self ! suspended,
                                   receive stop -> exit(bang) end
                           end),
    receive suspended -> ok end,
    io:format("held by another ~p~n", [process_info(P, status)]),
    S ! stop,
    receive {'DOWN', M, process, S, bang} -> ok end,
    P ! {self(), back},
    receive {P, back} -> io:format("resumed when its suspender exited~n") end,
    exit(P, kill).

%% Waiting or running depends on timing; only suspended matters here.
running(P) ->
    case process_info(P, status) of
        {status, suspended} -> suspended;
        {status, _} -> not_suspended
    end.

dead() ->
    {P, M} = spawn_monitor(fun() -> ok end),
    receive {'DOWN', M, process, P, _} -> P end.

strip({suspending, L}, P) ->
    [{who(X, P), A, O} || {X, A, O} <- L].

who(P, P) -> suspendee;
who(_, _) -> other.

catch_reason(F) ->
    try F() of
        V -> {value, V}
    catch
        error:R -> {error, R}
    end.
