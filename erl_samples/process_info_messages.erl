%% process_info's message_queue_len and messages count the messages sent to a process and
%% not yet received, whoever sent them (itself, another process, a timer) and whatever the
%% process is doing (running, waiting in a receive), for process_info/1 and /2.
-module(process_info_messages).
-export([main/0]).

main() ->
    Self = self(),
    [self() ! {m, I} || I <- [1, 2, 3]],
    io:format("self len: ~p~n", [process_info(self(), message_queue_len)]),
    io:format("self messages: ~p~n", [process_info(self(), messages)]),
    io:format("self both: ~p~n", [process_info(self(), [messages, message_queue_len])]),
    io:format("self list: ~p~n", [lists:keyfind(message_queue_len, 1, process_info(self()))]),
    flush(),
    %% Timers: t1 and t2 are due before t3, so they are queued once t3 is received.
    erlang:send_after(0, self(), t1),
    erlang:send_after(1, self(), t2),
    erlang:send_after(5, self(), t3),
    receive t3 -> ok end,
    io:format("timers: ~p~n", [process_info(self(), [message_queue_len, messages])]),
    flush(),
    %% Another process, waiting in a receive, sent messages by a third one.
    P = spawn(fun() -> receive go -> ok end end),
    Q = spawn(fun() -> [P ! {q, I} || I <- [1, 2, 3]], Self ! sent end),
    receive sent -> ok end,
    io:format("other len: ~p~n", [process_info(P, message_queue_len)]),
    io:format("other messages: ~p~n", [process_info(P, messages)]),
    io:format("other list: ~p~n", [lists:keyfind(message_queue_len, 1, process_info(P))]),
    [P ! {me, I} || I <- [1, 2]],
    io:format("other, two more: ~p~n", [process_info(P, [message_queue_len, messages])]),
    %% A process that never receives (it runs until killed).
    B = spawn(fun spin/0),
    [B ! {b, I} || I <- [1, 2, 3]],
    io:format("busy: ~p~n", [process_info(B, [message_queue_len, messages])]),
    %% A message to itself right after an exit signal it traps: both are counted.
    process_flag(trap_exit, true),
    exit(self(), bye),
    self() ! after_exit,
    {messages, Ms} = process_info(self(), messages),
    io:format("trapped: ~p~n", [[case M of {'EXIT', Self, R} -> {'EXIT', self, R}; _ -> M end || M <- Ms]]),
    [exit(X, kill) || X <- [B, P, Q]],
    ok.

spin() -> spin().

flush() -> receive _ -> flush() after 0 -> ok end.
