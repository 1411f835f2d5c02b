%% erlang:hibernate/3 leaves a heap just large enough for what the process keeps (erts:
%% the live data, the continuation and a few words), whatever the minimum heap size.
-module(hibernate_heap).
-export([main/0, sleeper/1]).

sleeper(Info) ->
    receive
        {hibernate, _} -> erlang:hibernate(?MODULE, sleeper, [Info]);
        {heap, From} -> From ! {heap, process_info(self(), heap_size)}, sleeper(Info);
        {grow, From} -> _ = lists:seq(1, 10000), From ! grown, sleeper(Info)
    end.

main() ->
    Info = {self(), make_ref()},
    Max = erts_debug:size([Info]) + 8,
    P = spawn_link(?MODULE, sleeper, [Info]),
    P ! {grow, self()},
    receive grown -> ok end,
    [begin
         P ! {hibernate, self()},
         wait(fun() -> process_info(P, current_function) =:= {current_function, {erlang, hibernate, 3}} end),
         {heap_size, H} = process_info(P, heap_size),
         io:format("hibernated: heap within the live data and 8 words: ~w~n", [H =< Max]),
         P ! {heap, self()},
         receive {heap, {heap_size, H2}} -> io:format("awake, heap grew: ~w~n", [H2 > H]) end
     end || _ <- [1, 2, 3]],
    unlink(P),
    exit(P, kill),
    ok.

wait(F) ->
    case F() of
        true -> ok;
        false -> receive after 10 -> wait(F) end
    end.
