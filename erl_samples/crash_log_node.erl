%% The VM's own log event for a process that ends in an error: a node that is alive names
%% itself in it ("Error in process ~p on node ~p with exit value:~n~p~n", the node between
%% the pid and the reason), one that is not does not.
-module(crash_log_node).
-export([main/0, log/2]).

main() ->
    %% The default handler's report has the time in it.
    ok = logger:remove_handler(default),
    crash_logged(),
    os:cmd("epmd -daemon"),
    Name = list_to_atom("crash_log_node_" ++ os:getpid()),
    {ok, _} = net_kernel:start([Name, shortnames]),
    crash_logged(),
    ok = net_kernel:stop(),
    crash_logged().

crash_logged() ->
    ok = logger:add_handler(crash_log_node, ?MODULE, #{config => self()}),
    {Pid, Ref} = spawn_monitor(fun() -> error(boom) end),
    receive {'DOWN', Ref, process, Pid, _} -> ok end,
    receive
        {crash_log, Format, [Pid | Rest]} ->
            Shown = [case A of
                         Node when Node =:= node() -> this_node;
                         {Reason, [{M, _, _, _} | _]} -> {Reason, M};
                         _ -> A
                     end || A <- Rest],
            io:format("alive ~p: ~p~n  ~p~n", [is_alive(), Format, Shown])
    end,
    logger:remove_handler(crash_log_node).

%% The handler: the VM's own event goes to the process that installed it.
log(#{msg := {Format, Args}, meta := #{error_logger := #{emulator := true}}},
    #{config := To}) ->
    To ! {crash_log, Format, Args};
log(_, _) ->
    ok.
