-module(proc_hibernate).
-export([main/0, wake/1]).
%% erlang:hibernate/3, erlang:yield/0 and max_heap_size.

wake(Parent) ->
    receive Msg -> Parent ! {woke, Msg, element(2, process_info(self(), stack_size)) < 5} end.

grow(Acc) -> grow([lists:seq(1, 100) | Acc]).

main() ->
    Self = self(),
    P = spawn(fun() -> erlang:hibernate(?MODULE, wake, [Self]) end),
    timer:sleep(50),
    io:format("hibernating: ~p~n", [process_info(P, current_function)]),
    P ! hello,
    receive {woke, M, SmallStack} -> io:format("woke with ~p, small stack ~p~n", [M, SmallStack]) end,
    Ref = monitor(process, P),
    receive {'DOWN', Ref, process, P, R} -> io:format("after wake function returned: ~p~n", [R]) end,
    io:format("bad hibernate: ~p~n", [element(1, element(2, catch erlang:hibernate(1, 2, 3)))]),
    io:format("yield: ~p~n", [[erlang:yield() || _ <- lists:seq(1, 3)]]),
    %% a process over its max_heap_size is killed; the others go on
    {G, GRef} = spawn_opt(fun() -> grow([]) end,
                          [monitor, {max_heap_size, #{size => 20000, error_logger => false}}]),
    receive {'DOWN', GRef, process, G, GR} -> io:format("over max_heap_size: ~p~n", [GR]) end,
    {max_heap_size, MH} = process_info(self(), max_heap_size),
    io:format("own max_heap_size: ~p~n", [MH]),
    io:format("set: ~p~n", [process_flag(max_heap_size, #{size => 1000000, kill => false})]),
    io:format("now: ~p~n", [process_info(self(), max_heap_size)]),
    process_flag(max_heap_size, 0),
    io:format("bad max_heap_size: ~p~n", [element(1, element(2, catch process_flag(max_heap_size, #{size => -1})))]),
    ok.
