%% erlang:send/3's options on a node that is not alive: nosuspend and noconnect are
%% accepted, a message for another node is not sent with noconnect (the result is
%% noconnect), anything else in the list (or an improper list) is badarg.
-module(send_options).
-export([main/0]).

try_send(Dest, Opts) ->
    try erlang:send(Dest, hello, Opts) of
        R -> R
    catch
        error:E:St ->
            [{erlang, send, _, Info} | _] = St,
            {error, E, Info}
    end.

main() ->
    register(send_options_self, self()),
    Ext = binary_to_term(<<131, 88, 119, 5, "a@h.x", 1:32, 0:32, 1:32>>),
    Cases = [{self(), []}, {self(), [noconnect]}, {self(), [nosuspend, noconnect]},
             {send_options_self, [noconnect]}, {{send_options_self, node()}, [noconnect]},
             {{foo, 'bar@baz'}, [noconnect]}, {{foo, 'bar@baz'}, [nosuspend]},
             {Ext, [noconnect]}, {Ext, [nosuspend, noconnect]},
             {self(), [bad]}, {self(), [noconnect | nosuspend]}, {self(), nosuspend},
             {self(), [{noconnect, true}]}, {not_registered_here, [noconnect]},
             {{not_registered_here, node()}, [noconnect]}, {42, [noconnect]}],
    [io:format("~w ~w -> ~p~n", [I, Opts, try_send(Dest, Opts)])
     || {I, {Dest, Opts}} <- lists:zip(lists:seq(1, length(Cases)), Cases)],
    io:format("received ~p~n", [flush([])]).

flush(Acc) ->
    receive M -> flush([M | Acc]) after 0 -> lists:reverse(Acc) end.
