%% A node that is not distributed: nodes/0,1,2 and monitor_node/2,3 with their errors
%% (notalive for another node, badopt for bad options), and list_to_port/1.
-module(nodes_local).
-export([main/0]).

e(F) ->
    try F()
    catch C:R:S ->
        Info = case S of [{_, _, _, I} | _] -> proplists:get_value(error_info, I); _ -> none end,
        {C, R, Info}
    end.

main() ->
    Calls = [fun() -> nodes() end,
             fun() -> nodes(this) end,
             fun() -> nodes([visible, hidden]) end,
             fun() -> nodes([known]) end,
             fun() -> nodes(bad) end,
             fun() -> nodes([this | x]) end,
             fun() -> erlang:nodes(known, #{connection_id => true, node_type => true}) end,
             fun() -> erlang:nodes(this, #{node_type => true}) end,
             fun() -> erlang:nodes(visible, #{}) end,
             fun() -> erlang:nodes(this, #{other => true}) end,
             fun() -> erlang:nodes(this, #{node_type => 1}) end,
             fun() -> monitor_node(nonode@nohost, true) end,
             fun() -> monitor_node(nonode@nohost, false) end,
             fun() -> monitor_node(foo@bar, true) end,
             fun() -> monitor_node(foo@bar, maybe) end,
             fun() -> monitor_node(nonode@nohost, maybe) end,
             fun() -> monitor_node("x", true) end,
             fun() -> erlang:monitor_node(nonode@nohost, true, [allow_passive_connect]) end,
             fun() -> erlang:monitor_node(nonode@nohost, true, [bad]) end,
             fun() -> erlang:monitor_node(nonode@nohost, true, bad) end,
             fun() -> erlang:monitor_node(foo@bar, true, [bad]) end,
             fun() -> list_to_port("#Port<0.5>") end,
             fun() -> list_to_port("#Port<0.268435455>") end,
             fun() -> list_to_port("#Port<0.268435456>") end,
             fun() -> list_to_port("#Port<1.5>") end,
             fun() -> list_to_port("#Port<00.5>") end,
             fun() -> list_to_port("#Port<0.5> ") end,
             fun() -> list_to_port("#Port<0.5") end,
             fun() -> list_to_port("#Port<0." ++ lists:duplicate(28, $0) ++ "5>") end,
             fun() -> list_to_port("#Port<0." ++ lists:duplicate(29, $0) ++ "5>") end,
             fun() -> list_to_port(x) end,
             fun() -> P = open_port({spawn, "cat"}, []),
                      Same = list_to_port(port_to_list(P)) =:= P,
                      port_close(P),
                      Same
             end],
    [io:format("~p~n", [e(F)]) || F <- Calls],
    ok.
