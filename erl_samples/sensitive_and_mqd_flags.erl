%% process_flag(sensitive, _) (process_info hides a sensitive process's messages, dictionary
%% and stack) and process_flag(message_queue_data, _) / spawn_opt's option, kept and shown.
-module(sensitive_and_mqd_flags).
-export([main/0]).

main() ->
    put(foo, bar),
    self() ! hello,
    io:format("sensitive: ~w ~w ~w~n", [process_flag(sensitive, true), process_flag(sensitive, true),
                                       bad_flag(sensitive, maybe)]),
    show(self()),
    io:format("back: ~w~n", [process_flag(sensitive, false)]),
    show(self()),
    Self = self(),
    P = spawn(fun() -> put(k, v), process_flag(sensitive, true), Self ! ready,
                       receive stop -> ok end end),
    receive ready -> ok end,
    P ! one_message,
    show(P),
    P ! stop,
    receive hello -> ok end,
    io:format("mqd: ~w ~w ~w ~w~n",
              [process_info(self(), message_queue_data), process_flag(message_queue_data, off_heap),
               process_info(self(), message_queue_data), process_flag(message_queue_data, on_heap)]),
    Q = spawn_opt(fun() -> Self ! {self(), process_info(self(), message_queue_data)} end,
                  [{message_queue_data, off_heap}]),
    receive {Q, I} -> io:format("spawned off_heap: ~w~n", [I]) end,
    io:format("bad: ~w~n", [bad_flag(message_queue_data, blapp)]),
    %% an integer segment whose value needs more than 2^19 - 1 digits does not match
    [io:format("~w-bit integer segment matches: ~w~n", [Bits, match_int(Bits)])
     || Bits <- [64 * ((1 bsl 19) - 1), 64 * ((1 bsl 19) - 1) + 1]],
    ok.

match_int(Bits) ->
    B = <<1:1, 0:(Bits - 1)>>,
    case B of
        <<N:Bits>> -> N > 0;
        _ -> false
    end.

show(P) ->
    {dictionary, D} = process_info(P, dictionary),
    {messages, M} = process_info(P, messages),
    {backtrace, B} = process_info(P, backtrace),
    io:format("dictionary ~w, messages ~w, backtrace empty ~w~n",
              [lists:keymember(foo, 1, D) orelse lists:keymember(k, 1, D), M, B =:= <<>>]).

bad_flag(F, V) ->
    try process_flag(F, V) catch C:E -> {C, E} end.
