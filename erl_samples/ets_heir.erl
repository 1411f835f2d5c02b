%% What happens to a process's tables when it exits: a table with an heir goes to the heir
%% with {'ETS-TRANSFER', Tab, DeadOwner, HeirData}; one without is deleted.
%% Needs the scheduler to call ets_on_process_exit/1 (not in samples_passing.txt until then).
-module(ets_heir).
-export([main/0]).

main() ->
    Self = self(),
    Owner = spawn(fun() ->
                          T1 = ets:new(inherited, [named_table, {heir, Self, my_data}]),
                          ets:insert(T1, {k, 1}),
                          T2 = ets:new(orphan, [named_table]),
                          ets:insert(T2, {k, 2}),
                          Self ! ready
                  end),
    receive ready -> ok end,
    receive
        {'ETS-TRANSFER', Tab, From, Data} ->
            io:format("transfer: ~p ~p ~p~n", [Tab, From =:= Owner, Data])
    after 2000 -> io:format("no transfer~n")
    end,
    io:format("inherited owner is me: ~p~n", [ets:info(inherited, owner) =:= self()]),
    io:format("inherited content: ~p~n", [ets:lookup(inherited, k)]),
    io:format("inherited heir now is self: ~p~n", [ets:info(inherited, heir) =:= self()]),
    io:format("orphan: ~p~n", [ets:info(orphan)]),
    ok.
