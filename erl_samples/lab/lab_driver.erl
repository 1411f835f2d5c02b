%% Runs the lab's scenarios (erl_samples/lab/*.ex) in order and prints what they print and
%% return. Run as   hamlet|erl -noshell -pa ELIXIR_EBIN -pa LAB_EBIN -s lab_driver all -s init stop
%% (or one scenario: -s lab_driver hello). Timings are printed as checks against the
%% expected durations, not as numbers, so the output is comparable byte for byte.
-module(lab_driver).
-export([all/0, hello/0, fib/0, slow_seq/0, slow_async/0, counter/0, counter_supervisor/0,
         word_count/0]).

all() ->
    [begin io:format("== ~s~n", [F]), ?MODULE:F() end
     || F <- [hello, fib, slow_seq, slow_async, counter, counter_supervisor, word_count]],
    ok.

hello() ->
    'Elixir.Lab.Hello':run().

fib() ->
    [io:format("fib(~p) = ~p~n", [N, 'Elixir.Lab.Fibonacci':fib(N)]) || N <- [0, 1, 10, 90, 100, 1000]],
    io:format("digits of fib(1000): ~p~n", [length(integer_to_list('Elixir.Lab.Fibonacci':fib(1000)))]).

slow_seq() ->
    {Us, R} = timer:tc(fun() -> 'Elixir.Enum':map('Elixir.Range':new(1, 5), fun 'Elixir.Lab.Slow':run/1) end),
    %% At least 5 s: the calls run one after another (an upper bound would measure the machine).
    io:format("~p in 5 s: ~p~n", [R, Us >= 5000000]).

slow_async() ->
    %% The tasks print concurrently, in an order that varies from run to run: their lines are
    %% captured and printed sorted.
    Stream = fun() ->
                     'Elixir.Enum':to_list('Elixir.Task':async_stream('Elixir.Range':new(1, 5),
                                                                      fun 'Elixir.Lab.Slow':run/1))
             end,
    {Us, R} = sorted_output(fun() -> timer:tc(Stream) end),
    Expected = (5 + erlang:system_info(schedulers_online) - 1) div erlang:system_info(schedulers_online),
    %% Concurrent: at least ceil(5 / schedulers) s, and less than the 5 s of one at a time
    %% (the bound is that of running in sequence, not of this machine's speed: a busy machine
    %% must not fail it). With one scheduler the tasks run one at a time.
    Bound = case Expected < 5 of true -> 5000000; false -> infinity end,
    io:format("~p in ~p s: ~p~n", [R, Expected, Us >= Expected * 1000000 andalso Us < Bound]).

%% Runs Fun with this process's group leader (inherited by the processes it starts) set to a
%% collector, then prints the collected output lines sorted.
sorted_output(Fun) ->
    Leader = group_leader(),
    Collector = spawn(fun() -> collect([]) end),
    group_leader(Collector, self()),
    Result = try Fun() after group_leader(Leader, self()) end,
    Collector ! {lines, self()},
    receive {collected, Lines} -> [io:put_chars(L) || L <- lists:sort(Lines)] end,
    Result.

collect(Acc) ->
    receive
        {io_request, From, ReplyAs, {put_chars, unicode, Chars}} ->
            From ! {io_reply, ReplyAs, ok},
            collect([unicode:characters_to_binary(Chars) | Acc]);
        {io_request, From, ReplyAs, {put_chars, unicode, M, F, A}} ->
            From ! {io_reply, ReplyAs, ok},
            collect([unicode:characters_to_binary(apply(M, F, A)) | Acc]);
        {io_request, From, ReplyAs, _} ->
            From ! {io_reply, ReplyAs, {error, enotsup}},
            collect(Acc);
        {lines, To} ->
            To ! {collected, Acc}
    end.

counter() ->
    process_flag(trap_exit, true),
    {ok, Pid} = 'Elixir.Lab.Counter':start_link(),
    io:format("started: ~p~n", [is_pid(Pid)]),
    io:format("read: ~p~n", ['Elixir.Lab.Counter':read()]),
    io:format("increment: ~p~n", ['Elixir.Lab.Counter':increment()]),
    io:format("read: ~p~n", ['Elixir.Lab.Counter':read()]),
    [ok = 'Elixir.Lab.Counter':increment() || _ <- lists:seq(1, 5)],
    io:format("read: ~p~n", ['Elixir.Lab.Counter':read()]),
    io:format("crash: ~p~n", ['Elixir.Lab.Counter':crash()]),
    receive
        {'EXIT', Pid, {#{'__struct__' := E, message := M}, [Top | _]}} ->
            %% The crash reports are written by the logger's handler process: let them
            %% come out first, so the order of the output does not depend on timing.
            timer:sleep(500),
            io:format("caller got EXIT: ~p ~p, top frame ~p~n", [E, M, element(1, Top)])
    end,
    io:format("read after crash: ~p~n", [catch 'Elixir.Lab.Counter':read()]),
    {ok, Pid2} = 'Elixir.Lab.Counter':start_link(),
    io:format("started again: ~p, read: ~p~n", [Pid2 =/= Pid, 'Elixir.Lab.Counter':read()]),
    unlink(Pid2),
    exit(Pid2, shutdown),
    receive {'EXIT', Pid2, _} -> ok after 100 -> ok end,
    process_flag(trap_exit, false),
    ok.

counter_supervisor() ->
    {ok, Sup} = 'Elixir.Lab.Counter.Supervisor':start_link(),
    unlink(Sup),
    io:format("read: ~p~n", ['Elixir.Lab.Counter':read()]),
    [ok = 'Elixir.Lab.Counter':increment() || _ <- lists:seq(1, 3)],
    io:format("read: ~p~n", ['Elixir.Lab.Counter':read()]),
    Before = whereis('Elixir.Lab.Counter'),
    io:format("crash: ~p~n", ['Elixir.Lab.Counter':crash()]),
    After = wait_restart(Before, 100),
    timer:sleep(500), % the reports come from the logger's handler process: let them out first
    io:format("restarted as a new process: ~p~n", [is_pid(After) andalso After =/= Before]),
    io:format("read after restart: ~p~n", ['Elixir.Lab.Counter':read()]),
    io:format("children: ~p~n", [[{Id, Type, Mods} || {Id, _, Type, Mods} <- supervisor:which_children(Sup)]]),
    Ref = monitor(process, Sup),
    exit(Sup, shutdown),
    receive {'DOWN', Ref, process, Sup, R} -> io:format("supervisor stopped: ~p~n", [R]) end.

word_count() ->
    {ok, _} = 'Elixir.Lab.WordCount.Supervisor':start_link(),
    Text = iolist_to_binary([begin {ok, B} = file:read_file("/usr/share/common-licenses/" ++ F), B end
                             || F <- ["GPL-3", "Apache-2.0", "MPL-2.0", "LGPL-2.1"]]),
    ok = file:write_file("words.txt", Text),
    io:format("input words: ~p~n", [length(string:lexemes(binary_to_list(Text), " \n\t\r"))]),
    R = 'Elixir.Lab.WordCount':count_words({file, <<"words.txt">>, <<"out.txt">>}),
    {ok, Out} = file:read_file("out.txt"),
    Lines = binary:split(Out, <<"\n">>, [global]),
    io:format("file result: ~p, ~p lines, md5 ~s~n", [R, length(Lines), hex(erlang:md5(Out))]),
    io:format("first lines: ~p~n", [lists:sublist(Lines, 8)]),
    Small = <<"The quick brown fox jumps over the lazy dog. The dog sleeps; the fox doesn't.">>,
    io:format("stdio result: ~p~n", ['Elixir.Lab.WordCount':count_words({content, Small, stdio})]),
    io:format("stdio large result: ~p~n", ['Elixir.Lab.WordCount':count_words({content, Text, stdio})]).

%% The counter's new pid once the supervisor has restarted it (polling every 50 ms).
wait_restart(Before, 0) ->
    whereis('Elixir.Lab.Counter') =/= Before;
wait_restart(Before, Tries) ->
    case whereis('Elixir.Lab.Counter') of
        Pid when is_pid(Pid), Pid =/= Before -> Pid;
        _ -> timer:sleep(50), wait_restart(Before, Tries - 1)
    end.

hex(Bin) -> [io_lib:format("~2.16.0b", [B]) || <<B>> <= Bin].
