-module(proc_isolation).
-export([main/0]).
%% A process in an infinite loop never stops the others; crashing processes take nobody
%% else down; priorities and process flags.

spin(N) -> spin(N + 1).

main() ->
    Spinners = [spawn(fun() -> spin(0) end) || _ <- [1, 2, 3]],
    Self = self(),
    spawn(fun() -> Self ! {sum, lists:sum(lists:seq(1, 100000))} end),
    receive {sum, S} -> io:format("work done beside spinners: ~p~n", [S]) end,
    timer:sleep(50),
    io:format("still responsive after sleep~n"),
    [exit(P, kill) || P <- Spinners],
    io:format("spinners killed: ~p~n", [[is_process_alive(P) || P <- Spinners]]),
    %% crashing processes (exit) do not affect the caller
    [spawn(fun() -> exit({crash, I}) end) || I <- lists:seq(1, 100)],
    timer:sleep(50),
    io:format("alive after 100 crashes: ~p~n", [is_process_alive(self())]),
    %% priorities
    io:format("priority: ~p~n", [process_flag(priority, high)]),
    io:format("priority now: ~p~n", [process_info(self(), priority)]),
    io:format("priority back: ~p~n", [process_flag(priority, normal)]),
    io:format("bad priority: ~p~n", [element(1, element(2, catch process_flag(priority, urgent)))]),
    Low = spawn_opt(fun() -> receive stop -> ok end end, [{priority, low}]),
    io:format("low priority child: ~p~n", [process_info(Low, priority)]),
    Low ! stop,
    Big = spawn_opt(fun() -> receive stop -> ok end end, [{min_heap_size, 1000}]),
    {heap_size, HS} = process_info(Big, heap_size),
    io:format("min_heap_size respected: ~p~n", [HS >= 1000]),
    Big ! stop,
    io:format("bad spawn_opt: ~p~n", [element(1, element(2, catch spawn_opt(fun() -> ok end, [bogus])))]),
    io:format("trap_exit flag: ~p ~p~n", [process_flag(trap_exit, true), process_flag(trap_exit, false)]),
    io:format("bad flag: ~p~n", [element(1, element(2, catch process_flag(no_such_flag, 1)))]),
    %% process_info of another process
    W = spawn(fun() -> put(key, value), receive stop -> ok end end),
    timer:sleep(20),
    io:format("info: ~p~n", [process_info(W, [status, message_queue_len, dictionary, trap_exit, links])]),
    W ! hello_not_matched_yet,
    io:format("queue len: ~p~n", [process_info(W, message_queue_len)]),
    io:format("dictionary key: ~p~n", [element(1, element(2, catch process_info(W, {dictionary, key})))]),
    exit(W, kill),
    io:format("info of dead: ~p~n", [process_info(W, status)]),
    io:format("alive after kill: ~p~n", [is_process_alive(W)]),
    io:format("yield: ~p~n", [erlang:yield()]),
    io:format("schedulers match online: ~p~n",
              [erlang:system_info(schedulers) =:= erlang:system_info(schedulers_online)]),
    ok.
