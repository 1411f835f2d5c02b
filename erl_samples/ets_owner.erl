%% Table ownership between processes: give_away with its 'ETS-TRANSFER' message, the new
%% owner's rights, and public tables shared by workers that bump counters.
-module(ets_owner).
-export([main/0]).

main() ->
    T = ets:new(owned, [protected]),
    ets:insert(T, {k, 0}),
    Self = self(),
    Pid = spawn(fun() -> receiver(Self) end),
    io:format("give_away: ~p~n", [ets:give_away(T, Pid, gift)]),
    receive {got, Msg} -> io:format("receiver got: ~p~n", [Msg]) end,
    io:format("owner is receiver: ~p~n", [ets:info(T, owner) =:= Pid]),
    io:format("old owner writes: ~p~n", [try_op(fun() -> ets:insert(T, {k, 1}) end)]),
    io:format("old owner reads: ~p~n", [ets:lookup(T, k)]),
    io:format("old owner gives away: ~p~n", [try_op(fun() -> ets:give_away(T, self(), back) end)]),
    Pid ! {give_back, self()},
    receive {'ETS-TRANSFER', Tab, From, Data} ->
            io:format("back: ~p ~p ~p~n", [Tab =:= T, From =:= Pid, Data])
    end,
    io:format("owner again: ~p, writes: ~p~n", [ets:info(T, owner) =:= self(), ets:insert(T, {k, 2})]),
    %% named tables are named by their name in the transfer message
    ets:new(named_owned, [named_table]),
    P2 = spawn(fun() -> receiver(Self) end),
    ets:give_away(named_owned, P2, hello),
    receive {got, M2} -> io:format("named transfer: ~p~n", [M2]) end,
    counters(),
    ok.

try_op(F) -> try F() catch C:R -> {C, R} end.

receiver(Parent) ->
    receive
        {'ETS-TRANSFER', Tab, From, Data} = M ->
            Parent ! {got, {element(1, M), is_atom(Tab) orelse is_reference(Tab), From =:= Parent, Data,
                            ets:insert(Tab, {by_receiver, 1})}},
            receive
                {give_back, To} -> ets:give_away(Tab, To, thanks)
            after 10000 -> ok
            end
    end.

counters() ->
    C = ets:new(counters, [public, {write_concurrency, true}]),
    ets:insert(C, {hits, 0}),
    Self = self(),
    Workers = [spawn(fun() ->
                             [ets:update_counter(C, hits, 1) || _ <- lists:seq(1, 500)],
                             ets:insert(C, {{worker, N}, done}),
                             Self ! {done, N}
                     end) || N <- lists:seq(1, 4)],
    [receive {done, N} -> ok end || N <- lists:seq(1, length(Workers))],
    io:format("hits: ~p, workers: ~p~n",
              [ets:lookup_element(C, hits, 2), lists:sort(ets:match(C, {{worker, '$1'}, done}))]).
