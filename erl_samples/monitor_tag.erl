%% monitor/3's {tag, Tag} option (erts 25): the 'DOWN' message starts with Tag, for a
%% process that exits, one already dead, an unregistered name, a port, and spawn_opt's
%% {monitor, [{tag, Tag}]}; a tag that is not an immediate survives collections; bad
%% options raise badarg with the badopt cause.
-module(monitor_tag).
-export([main/0]).

main() ->
    P = spawn(fun() -> receive go -> exit(done) end end),
    R1 = monitor(process, P, [{tag, my_tag}]),
    R2 = monitor(process, P, [{tag, {big, "tag", <<"binary">>, [1, 2, 3]}}]),
    R3 = monitor(process, P),
    erlang:garbage_collect(),
    P ! go,
    show(R1), show(R2), show(R3),
    R4 = monitor(process, P, [{tag, dead}]),
    show(R4),
    R5 = monitor(process, no_such_name, [{tag, 42}]),
    show(R5),
    Port = open_port({spawn, "cat"}, []),
    R6 = monitor(port, Port, [{tag, port_tag}]),
    port_close(Port),
    show(R6),
    {Q, R7} = spawn_opt(fun() -> ok end, [{monitor, [{tag, {spawned, 1.5}}]}]),
    receive {{spawned, 1.5}, R7, process, Q, Reason7} -> io:format("spawned ~p~n", [Reason7]) end,
    R8 = monitor(process, P, [{alias, demonitor}, {tag, aliased}]),
    show(R8),
    [io:format("~p~n", [try monitor(process, self(), O)
                        catch error:R:St -> {R, element(4, hd(St))}
                        end])
     || O <- [[{tag}], [foo], [{tag, a} | b], {tag, a}]],
    ok.

show(Ref) ->
    receive
        {Tag, Ref, Type, _Object, Reason} -> io:format("~p ~p ~p~n", [Tag, Type, Reason])
    after 60000 -> io:format("no DOWN~n")
    end.
